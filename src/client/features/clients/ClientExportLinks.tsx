// What leaves the app from a client's page: 「FHIRで書き出す」 (nurses and admins, for the
// station's electronic record; decision 0010) and the printable 災害時シート (everyone).
import { Link } from 'wouter';
import type { Session } from '../../../shared/schemas.js';
import { useFhirExportMutation } from './export-queries.js';

export function ClientExportLinks({ clientId, session }: { clientId: string; session: Session }) {
  const exportFhir = useFhirExportMutation();
  const mayExport = session.user.role === 'nurse' || session.user.role === 'admin';
  return (
    <section aria-label="書き出し" className="actions">
      <Link href={`/clients/${clientId}/disaster`} className="button">
        災害時シート
      </Link>
      {mayExport && (
        <button type="button" onClick={() => exportFhir.mutate(clientId)} disabled={exportFhir.isPending}>
          {exportFhir.isPending ? '書き出し中…' : 'FHIRで書き出す'}
        </button>
      )}
      {exportFhir.isError && (
        <p role="alert" className="error">
          {exportFhir.error.message}
        </p>
      )}
    </section>
  );
}
