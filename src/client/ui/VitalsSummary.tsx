import { formatVital, SOFT_SIGN_LABEL, VITAL_SIGNS, type SoftSign } from '../../shared/codes.js';
import { measuredCount, NEWS2_ATTRIBUTION, type News2 } from '../../shared/news2.js';
import type { Vitals } from '../../shared/schemas.js';

/**
 * Vital signs in one line, and the NEWS2 guide (目安) with how many of 7 were measured; with
 * `softSigns` and `note`, the 「いつもと違う」 signs and the note too (「もとの記録」).
 */
export function VitalsSummary(props: { vitals: Vitals; news2: News2; softSigns?: readonly SoftSign[]; note?: string | null }) {
  const { vitals, news2, softSigns, note } = props;
  const parts = VITAL_SIGNS.flatMap(({ key }) => {
    const v = vitals[key];
    return v === undefined ? [] : [formatVital(key, v)];
  });
  if (vitals.onOxygen !== undefined) parts.push(vitals.onOxygen ? '酸素吸入中' : '空気（酸素なし）');
  const n = measuredCount(news2);
  return (
    <div className="vitals">
      {parts.length > 0 && <p>{parts.join(' · ')}</p>}
      {softSigns && softSigns.length > 0 && <p className="signs">いつもと違う: {softSigns.map((s) => SOFT_SIGN_LABEL[s]).join('、')}</p>}
      {note && <p className="note">{note}</p>}
      {n > 0 && (
        <p className="score" title={NEWS2_ATTRIBUTION}>
          NEWS2 目安 {news2.score}点{news2.complete ? '' : `（7項目中 ${n} 項目）`}
          {news2.redFlag && <strong className="redflag"> 単独で3点の項目あり</strong>}
        </p>
      )}
    </div>
  );
}
