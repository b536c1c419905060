// A client's page: start an observation or a consultation; the observations and
// consultations recorded about them, newest first, with each consultation's delivery chain.
import { Link } from 'wouter';
import { SOFT_SIGN_LABEL, URGENCY_LABEL } from '../../../shared/codes.js';
import { DELIVERY_LABEL, deliveryStep } from '../../../shared/status.js';
import { formatWhen } from '../../ui/format.js';
import { UrgencyBadge } from '../../ui/UrgencyBadge.js';
import { VitalsSummary } from '../../ui/VitalsSummary.js';
import { useClientQuery, useClientTimelineQuery } from './queries.js';

export function ClientPage({ clientId, canConsult }: { clientId: string; canConsult: boolean }) {
  const client = useClientQuery(clientId);
  const timeline = useClientTimelineQuery(clientId);
  if (client === undefined && timeline === undefined) return <main className="page">読み込み中…</main>;
  if (!client) return <main className="page"><p>この利用者は見つかりません。</p></main>;
  const latest = timeline?.observations[0];
  return (
    <main className="page">
      <p><Link href="/">← 利用者一覧</Link></p>
      <h1>{client.name}</h1>
      <div className="actions">
        <Link href={`/clients/${clientId}/observe`} className="button primary">記録する</Link>
        {canConsult && (
          <Link
            href={`/clients/${clientId}/consult${latest ? `?obs=${latest.id}` : ''}`}
            className="button"
          >
            看護師に相談する
          </Link>
        )}
      </div>
      <section aria-labelledby="consultations-h">
        <h2 id="consultations-h">相談</h2>
        {timeline?.consultations.length ? (
          <ul className="list">
            {timeline.consultations.map((k) => (
              <li key={k.id} className="card">
                <Link href={`/consultations/${k.id}`} className="row-link">
                  {formatWhen(k.createdAt)}の相談
                </Link>
                <div className="meta">
                  <UrgencyBadge code={k.urgency} label={URGENCY_LABEL[k.urgency]} />
                  <span className="status">{DELIVERY_LABEL[deliveryStep(k.status, k.synced)]}</span>
                </div>
                <p className="clip">{k.sbar.situation}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">相談はまだありません。</p>
        )}
      </section>
      <section aria-labelledby="observations-h">
        <h2 id="observations-h">観察記録</h2>
        {timeline?.observations.length ? (
          <ul className="list">
            {timeline.observations.map((o) => (
              <li key={o.id} className="card">
                <div className="meta">
                  <span>{formatWhen(o.observedAt)}</span>
                  {!o.synced && <span className="status pending">未送信</span>}
                </div>
                <VitalsSummary vitals={o.vitals} news2={o.news2} />
                {o.softSigns.length > 0 && <p>{o.softSigns.map((s) => SOFT_SIGN_LABEL[s]).join('、')}</p>}
                {o.note && <p className="note">{o.note}</p>}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">観察記録はまだありません。</p>
        )}
      </section>
    </main>
  );
}
