import { measuredCount, NEWS2_ATTRIBUTION, type News2 } from '../../shared/news2.js';
import type { Vitals } from '../../shared/schemas.js';

const PARTS: [keyof Vitals, string, string][] = [
  ['temperature', '体温', '℃'],
  ['systolic', '血圧（上）', ''],
  ['diastolic', '血圧（下）', ''],
  ['pulse', '脈拍', '/分'],
  ['respiratoryRate', '呼吸数', '/分'],
  ['spo2', 'SpO2', '%'],
];

/** Vital signs in one line, and the NEWS2 guide (目安) with how many of 7 were measured. */
export function VitalsSummary({ vitals, news2 }: { vitals: Vitals; news2: News2 }) {
  const parts = PARTS.filter(([k]) => vitals[k] !== undefined).map(([k, label, unit]) => {
    const v = vitals[k];
    return `${label} ${k === 'temperature' && typeof v === 'number' ? v.toFixed(1) : String(v)}${unit}`;
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
