// What decides a nurse's answer, before any prose: the urgency (the carer's choice and the
// record's suggestion), NEWS2 with how many of the 7 parameters were measured and any red
// flag, each vital sign against the client's usual value, the signs, and how old the record is.
import { SOFT_SIGN_LABEL, URGENCY_LABEL } from '../../../shared/codes.js';
import { measuredCount, NEWS2_ATTRIBUTION } from '../../../shared/news2.js';
import type { Client } from '../../../shared/schemas.js';
import type { LocalConsultation, LocalObservation } from '../../db/db.js';
import { vitalReadings } from '../../ui/deviation.js';
import { formatWaited, formatWhen } from '../../ui/format.js';
import { UrgencyBadge } from '../../ui/UrgencyBadge.js';
import './answer.css';

export function DecidingFacts(props: {
  consultation: LocalConsultation;
  cited: LocalObservation[];
  client: Client | null;
  status: string;
  onReply: (() => void) | null;
}) {
  const { consultation: k, client } = props;
  const cited = [...props.cited].sort((a, b) => b.observedAt.localeCompare(a.observedAt));
  return (
    <section aria-labelledby="facts-h" className="facts-first">
      <h2 id="facts-h" className="visually-hidden">
        判断の材料
      </h2>
      <p className="meta urgency-line">
        <UrgencyBadge code={k.urgency} label={URGENCY_LABEL[k.urgency]} />
        <span>
          記録からの目安: <strong>{URGENCY_LABEL[k.suggestedUrgency]}</strong>
          {k.suggestedUrgency === k.urgency ? '（同じ）' : ''}
        </span>
        <span>待ち {formatWaited(k.createdAt)}</span>
        <span className="status">{props.status}</span>
      </p>
      {cited.length === 0 && <p className="muted">記録の引用はありません（相談内容をご覧ください）。</p>}
      {cited.length > 0 && !client?.usual && <p className="muted">この利用者のいつもの値はこの端末にありません。</p>}
      {cited.map((o) => {
        const readings = vitalReadings(o.vitals, o.news2, client?.usual);
        const n = measuredCount(o.news2);
        return (
          <div key={o.id} className="fact-obs">
            <p className="obs-age">
              <strong>{formatWaited(o.observedAt)}前の記録</strong>
              {/* Within the hour formatWhen says the same 「20分前」: the clock time is then left out. */}
              {!formatWhen(o.observedAt).endsWith('前') && `（${formatWhen(o.observedAt)}）`}
            </p>
            {n > 0 && (
              <p className="score" title={NEWS2_ATTRIBUTION}>
                NEWS2 目安 {o.news2.score}点（7項目中 {n} 項目）
                {o.news2.redFlag && <strong className="redflag"> 単独で3点の項目あり</strong>}
              </p>
            )}
            {readings.length > 0 && (
              <ul className="readings">
                {readings.map((r) => (
                  <li key={r.key} className={r.weight > 0 ? 'off' : ''}>
                    <span className="reading">{r.text}</span>
                    {r.usual && <span className="usual">{r.usual}</span>}
                    {r.points ? <span className="points">{r.points}点</span> : null}
                  </li>
                ))}
              </ul>
            )}
            {o.softSigns.length > 0 && <p className="signs">{o.softSigns.map((s) => SOFT_SIGN_LABEL[s]).join('・')}</p>}
          </div>
        );
      })}
      {props.onReply && (
        <button type="button" className="primary jump" onClick={props.onReply}>
          返信を書く
        </button>
      )}
    </section>
  );
}
