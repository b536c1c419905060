// What leaves the app from a client's page: 「FHIRで書き出す」 (nurses and admins, for the
// station's electronic record; decision 0010), the printable 災害時シート (everyone) and, for
// nurses, 「事例として書き出す」 for each closed consultation.
import { Link } from 'wouter';
import { CATEGORY_LABEL } from '../../../shared/codes.js';
import type { Session } from '../../../shared/schemas.js';
import { formatWhen } from '../../ui/format.js';
import { useClosedConsultationsQuery, useFhirExportMutation } from './export-queries.js';

export function ClientExportLinks({ clientId, session }: { clientId: string; session: Session }) {
  const exportFhir = useFhirExportMutation();
  const mayExport = session.user.role === 'nurse' || session.user.role === 'admin';
  const closed = useClosedConsultationsQuery(clientId);
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
      {session.user.role === 'nurse' && closed.length > 0 && (
        <details>
          <summary>事例として書き出す</summary>
          <ul className="list">
            {closed.map((k) => (
              <li key={k.id}>
                <Link href={`/consultations/${k.id}/case`}>
                  {CATEGORY_LABEL[k.category]}の相談（{formatWhen(k.createdAt)}）を事例として書き出す
                </Link>
              </li>
            ))}
          </ul>
        </details>
      )}
      {exportFhir.isError && (
        <p role="alert" className="error">
          {exportFhir.error.message}
        </p>
      )}
    </section>
  );
}
