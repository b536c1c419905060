// What decides a nurse's answer, before any prose: the urgency (the carer's choice and the
// record's suggestion), NEWS2 with how many of the 7 parameters were measured and any red
// flag, each vital sign against the client's usual value, the signs, and how old the record is.
import { useLingui } from '@lingui/react/macro';
import { measuredCount, NEWS2_ATTRIBUTION } from '../../../shared/news2.js';
import type { Client } from '../../../shared/schemas.js';
import type { LocalConsultation, LocalObservation } from '../../db/db.js';
import { signLabel, termText, urgencyLabel } from '../../i18n/labels.js';
import { vitalReadings } from '../../ui/deviation.js';
import { aside, listed } from '../../i18n/locales.js';
import { formatWaited, formatWhen } from '../../ui/format.js';
import { UrgencyBadge } from '../../ui/UrgencyBadge.js';
import './answer.css';
import { useMinuteClock } from '../../hooks/use-minute-clock.js';

export function DecidingFacts(props: {
  consultation: LocalConsultation;
  cited: LocalObservation[];
  client: Client | null;
  status: string;
  onReply: (() => void) | null;
}) {
  const { t, i18n } = useLingui();
  const now = useMinuteClock();
  const { consultation: k, client } = props;
  const sign = (s: LocalObservation['softSigns'][number]) => termText(signLabel(s, i18n), i18n.locale);
  const cited = [...props.cited].sort((a, b) => b.observedAt.localeCompare(a.observedAt));
  return (
    <section aria-labelledby="facts-h" className="facts-first">
      <h2 id="facts-h" className="visually-hidden">
        {t`判断の材料`}
      </h2>
      <p className="meta urgency-line">
        <UrgencyBadge code={k.urgency} label={urgencyLabel(k.urgency, i18n)} />
        <span>
          {t`記録からの目安:`} <strong>{urgencyLabel(k.suggestedUrgency, i18n)}</strong>
          {k.suggestedUrgency === k.urgency ? t`（同じ）` : ''}
        </span>
        <span>{t`待ち ${formatWaited(k.createdAt, now)}`}</span>
        <span className="status">{props.status}</span>
      </p>
      {cited.length === 0 && <p className="muted">{t`記録の引用はありません（相談内容をご覧ください）。`}</p>}
      {cited.length > 0 && !client?.usual && <p className="muted">{t`この利用者のいつもの値はこの端末にありません。`}</p>}
      {cited.map((o) => {
        const readings = vitalReadings(o.vitals, o.news2, client?.usual, i18n);
        const n = measuredCount(o.news2);
        return (
          <div key={o.id} className="fact-obs">
            <p className="obs-age">
              <strong>{t`${formatWaited(o.observedAt, now)}前の記録`}</strong>
              {/* Within the hour formatWhen says the same 「20分前」: the clock time is then left out. */}
              {!formatWhen(o.observedAt, now).endsWith('前') && aside(i18n.locale, formatWhen(o.observedAt, now))}
            </p>
            {n > 0 && (
              <p className="score" title={NEWS2_ATTRIBUTION}>
                {t`NEWS2 目安 ${o.news2.score}点（7項目中 ${n} 項目）`}
                {o.news2.redFlag && <strong className="redflag"> {t`単独で3点の項目あり`}</strong>}
              </p>
            )}
            {readings.length > 0 && (
              <ul className="readings">
                {readings.map((r) => (
                  <li key={r.key} className={r.weight > 0 ? 'off' : ''}>
                    <span className="reading">{r.text}</span>
                    {r.usual && <span className="usual">{r.usual}</span>}
                    {r.points ? <span className="points">{t`${r.points}点`}</span> : null}
                  </li>
                ))}
              </ul>
            )}
            {o.softSigns.length > 0 && <p className="signs">{listed(i18n.locale, o.softSigns.map(sign))}</p>}
          </div>
        );
      })}
      {props.onReply && (
        <button type="button" className="primary jump" onClick={props.onReply}>
          {t`返信を書く`}
        </button>
      )}
    </section>
  );
}
