import { formatVital, VITAL_SIGNS } from '../../shared/codes.js';
import { measuredCount, NEWS2_ATTRIBUTION, type News2 } from '../../shared/news2.js';
import type { Vitals } from '../../shared/schemas.js';

/** Vital signs in one line, and the NEWS2 guide (目安) with how many of 7 were measured. */
export function VitalsSummary({ vitals, news2 }: { vitals: Vitals; news2: News2 }) {
  const parts = VITAL_SIGNS.flatMap(({ key }) => {
    const v = vitals[key];
    return v === undefined ? [] : [formatVital(key, v)];
  });
  if (vitals.onOxygen) parts.push('酸素吸入中');
  const n = measuredCount(news2);
  return (
    <div className="vitals">
      {parts.length > 0 && <p>{parts.join(' · ')}</p>}
      {n > 0 && (
        <p className="score" title={NEWS2_ATTRIBUTION}>
          NEWS2 目安 {news2.score}点{news2.complete ? '' : `（7項目中 ${n} 項目）`}
          {news2.redFlag && <strong className="redflag"> 単独で3点の項目あり</strong>}
        </p>
      )}
    </div>
  );
}
