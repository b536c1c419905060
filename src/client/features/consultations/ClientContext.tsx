// The client's last 14 days as a trend per vital sign, and earlier consultations about them.
import { useLingui } from '@lingui/react/macro';
import { Link } from 'wouter';
import { VITAL_SIGNS } from '../../../shared/codes.js';
import { deliveryStep } from '../../../shared/status.js';
import { usualBand } from '../../../shared/usual.js';
import { vitalLabel, vitalUnit } from '../../i18n/clinical.js';
import { deliveryLabel, urgencyLabel } from '../../i18n/labels.js';
import { absoluteIn, waitedIn, whenIn } from '../../i18n/when.js';
import { WrittenText } from '../../i18n/WrittenText.js';
import { Sparkline } from '../../ui/Sparkline.js';
import { useClientContextQuery } from './queries.js';
import { useMinuteClock } from '../../hooks/use-minute-clock.js';

/** The trends drawn: every vital sign but the diastolic pressure (the systolic carries the BP trend). */
const SERIES = VITAL_SIGNS.filter((v) => v.key !== 'diastolic');

export function ClientContext({ clientId, consultationId }: { clientId: string; consultationId: string }) {
  const { t, i18n } = useLingui();
  const now = useMinuteClock();
  const data = useClientContextQuery(clientId, consultationId);
  if (!data) return null;
  const usual = data.client?.usual;
  return (
    <>
      {data.cited.length > 0 && (
        <section aria-labelledby="cited-when-h">
          <h2 id="cited-when-h">{t`相談のもとになった記録の時刻`}</h2>
          <ul className="list">
            {data.cited.map((o) => {
              const at = absoluteIn(o.observedAt, i18n.locale);
              const waited = waitedIn(o.observedAt, i18n.locale, now);
              return <li key={o.id}>{t`${at}（${waited}前）`}</li>;
            })}
          </ul>
        </section>
      )}
      <section aria-labelledby="trend-h">
        <h2 id="trend-h">{t`最近14日の記録`}</h2>
        {usual && <p className="muted">{t`帯は利用者のいつもの範囲（看護師が設定した値 ± 目安の幅）です。`}</p>}
        {data.observations.length === 0 ? (
          <p className="muted">{t`この端末には最近の記録がありません。`}</p>
        ) : (
          SERIES.map(({ key, decimals }) => {
            const points = data.observations.flatMap((o) => {
              const v = o.vitals[key];
              return typeof v === 'number' ? [{ t: Date.parse(o.observedAt), v }] : [];
            });
            if (points.length === 0) return null;
            const band = key === 'respiratoryRate' ? undefined : usualBand(usual, key);
            return (
              <Sparkline
                key={key}
                label={vitalLabel(key, i18n)}
                unit={vitalUnit(key, i18n)}
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
          <h2 id="earlier-h">{t`これまでの相談`}</h2>
          <ul className="list">
            {data.earlier.slice(0, 10).map((k) => {
              const when = whenIn(k.createdAt, i18n.locale, now);
              return (
                <li key={k.id} className="card">
                  <Link href={`/consultations/${k.id}`} className="row-link">
                    {t`${when}の相談`}
                  </Link>
                  <span className="meta">
                    {urgencyLabel(k.urgency, i18n)} · {deliveryLabel(deliveryStep(k.status, k.synced), i18n)}
                  </span>
                  <WrittenText text={k.sbar.situation} lang={k.sbar.lang?.situation} className="clip" />
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </>
  );
}
