// What leaves the app from a client's page: 「FHIRで書き出す」 (nurses and admins who see the
// records, for the station's electronic record; decision 0010), the printable 災害時シート (everyone) and, for
// nurses, 「事例として書き出す」 for each closed consultation.
import { useLingui } from '@lingui/react/macro';
import { Link } from 'wouter';
import type { Session } from '../../../shared/schemas.js';
import { categoryLabel } from '../../i18n/labels.js';
import { whenIn } from '../../i18n/when.js';
import { ExportError, useClosedConsultationsQuery, useFhirExportMutation } from './export-queries.js';
import { useMinuteClock } from '../../hooks/use-minute-clock.js';

export function ClientExportLinks({ clientId, session, mayExport }: { clientId: string; session: Session; mayExport: boolean }) {
  const { t, i18n } = useLingui();
  const now = useMinuteClock();
  const exportFhir = useFhirExportMutation();
  const exportErrorText = (e: Error) => {
    if (e instanceof ExportError && e.reason === 'offline') return t`ネットワークにつながっていません。電波の届く所でもう一度お試しください。`;
    const status = e instanceof ExportError ? (e.status ?? 0) : 0;
    return t`書き出せませんでした（${status}）。`;
  };
  const closed = useClosedConsultationsQuery(clientId);
  return (
    <section aria-label={t`書き出し`} className="actions">
      <Link href={`/clients/${clientId}/disaster`} className="button">
        {t`災害時シート`}
      </Link>
      {mayExport && (
        <button type="button" onClick={() => exportFhir.mutate(clientId)} disabled={exportFhir.isPending}>
          {exportFhir.isPending ? t`書き出し中…` : t`FHIRで書き出す`}
        </button>
      )}
      {session.user.role === 'nurse' && closed.length > 0 && (
        <details>
          <summary>{t`事例として書き出す`}</summary>
          <ul className="list">
            {closed.map((k) => {
              const category = categoryLabel(k.category, i18n);
              const when = whenIn(k.createdAt, i18n.locale, now);
              return (
                <li key={k.id}>
                  <Link href={`/consultations/${k.id}/case`}>{t`${category}の相談（${when}）を事例として書き出す`}</Link>
                </li>
              );
            })}
          </ul>
        </details>
      )}
      {exportFhir.isError && (
        <p role="alert" className="error">
          {exportErrorText(exportFhir.error)}
        </p>
      )}
    </section>
  );
}
