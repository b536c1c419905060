// The I-SBAR-C draft the app writes from what was recorded; the carer edits it. Pure.
import { CONSCIOUSNESS_LABEL, SOFT_SIGN_LABEL, type SoftSign } from './codes.js';
import { measuredCount, type News2 } from './news2.js';
import type { Sbar, Vitals } from './schemas.js';

export interface DraftObservation {
  observedAt: string;
  vitals: Vitals;
  softSigns: readonly SoftSign[];
  note: string | null;
  news2: News2;
}

export function vitalsText(v: Vitals): string {
  const parts: string[] = [];
  if (v.temperature !== undefined) parts.push(`体温 ${v.temperature.toFixed(1)}℃`);
  if (v.systolic !== undefined || v.diastolic !== undefined) {
    parts.push(`血圧 ${v.systolic ?? '-'}/${v.diastolic ?? '-'}`);
  }
  if (v.pulse !== undefined) parts.push(`脈拍 ${v.pulse}/分`);
  if (v.respiratoryRate !== undefined) parts.push(`呼吸数 ${v.respiratoryRate}/分`);
  if (v.spo2 !== undefined) parts.push(`SpO2 ${v.spo2}%`);
  if (v.onOxygen !== undefined) parts.push(v.onOxygen ? '酸素吸入中' : '酸素なし（室内気）');
  if (v.consciousness !== undefined) parts.push(`意識: ${CONSCIOUSNESS_LABEL[v.consciousness].plain}`);
  return parts.join('、');
}

export function draftSbar(args: {
  reporter: string;
  reporterOrg: string;
  clientName: string;
  observation?: DraftObservation;
  timeText?: string;
}): Sbar {
  const o = args.observation;
  const signs = o ? o.softSigns.map((s) => SOFT_SIGN_LABEL[s]) : [];
  const who = `${args.reporterOrg}の${args.reporter}です。${args.clientName}さんについてご相談です。`;
  const situation = o
    ? `${who}${args.timeText ? `${args.timeText}、` : ''}${signs.length ? `${signs.join('、')}。` : 'いつもと様子が違います。'}${o.note ? ` ${o.note}` : ''}`
    : who;
  const n = o ? measuredCount(o.news2) : 0;
  const background = o
    ? [vitalsText(o.vitals), n > 0 ? `NEWS2 目安 ${o.news2.score}点${o.news2.complete ? '' : `（7項目中 ${n} 項目）`}` : '']
        .filter(Boolean)
        .join('。')
    : '';
  return {
    situation,
    background,
    assessment: 'わからない',
    request: '対応について助言をお願いします。',
  };
}
