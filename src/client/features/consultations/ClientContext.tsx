// The client's last 14 days as a trend per vital sign, and earlier consultations about them.
import { Link } from 'wouter';
import { URGENCY_LABEL, VITAL_SIGNS } from '../../../shared/codes.js';
import { DELIVERY_LABEL, deliveryStep } from '../../../shared/status.js';
import { usualBand } from '../../../shared/usual.js';
import { absoluteTime } from '../../../shared/sbar.js';
import { formatWaited, formatWhen } from '../../ui/format.js';
import { Sparkline } from '../../ui/Sparkline.js';
import { useClientContextQuery } from './queries.js';

/** The trends drawn: every vital sign but the diastolic pressure (the systolic carries the BP trend). */
const SERIES = VITAL_SIGNS.filter((v) => v.key !== 'diastolic');

export function ClientContext({ clientId, consultationId }: { clientId: string; consultationId: string }) {
  const data = useClientContextQuery(clientId, consultationId);
  if (!data) return null;
  const usual = data.client?.usual;
  return (
    <>
      {data.cited.length > 0 && (
        <section aria-labelledby="cited-when-h">
          <h2 id="cited-when-h">相談のもとになった記録の時刻</h2>
          <ul className="list">
            {data.cited.map((o) => (
              <li key={o.id}>
                {absoluteTime(o.observedAt)}（{formatWaited(o.observedAt)}前）
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="trend-h">
        <h2 id="trend-h">最近14日の記録</h2>
        {usual && <p className="muted">帯は利用者のいつもの範囲（看護師が設定した値 ± 目安の幅）です。</p>}
        {data.observations.length === 0 ? (
          <p className="muted">この端末には最近の記録がありません。</p>
        ) : (
          SERIES.map(({ key, label, unit, decimals }) => {
            const points = data.observations.flatMap((o) => {
              const v = o.vitals[key];
              return typeof v === 'number' ? [{ t: Date.parse(o.observedAt), v }] : [];
            });
            if (points.length === 0) return null;
            const band = key === 'respiratoryRate' ? undefined : usualBand(usual, key);
            return (
              <Sparkline
                key={key}
                label={label}
                unit={unit}
                points={points.sort((a, b) => a.t - b.t)}
                from={data.since}
                to={data.now}
                decimals={decimals}
                {...(band ? { band } : {})}
              />
            );
          })
        )}
      </section>
      {data.earlier.length > 0 && (
        <section aria-labelledby="earlier-h">
          <h2 id="earlier-h">これまでの相談</h2>
          <ul className="list">
            {data.earlier.slice(0, 10).map((k) => (
              <li key={k.id} className="card">
                <Link href={`/consultations/${k.id}`}>{formatWhen(k.createdAt)}の相談</Link>
                <span className="meta">
                  {URGENCY_LABEL[k.urgency]} · {DELIVERY_LABEL[deliveryStep(k.status, k.synced)]}
                </span>
                <p className="clip">{k.sbar.situation}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
