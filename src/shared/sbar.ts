// The I-SBAR-C draft the app writes from what was recorded; the carer edits it. Pure.
import { CONSCIOUSNESS_LABEL, SOFT_SIGN_LABEL, type RequestKind, type SoftSign } from './codes.js';
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

const TZ = 'Asia/Tokyo';
const md = new Intl.DateTimeFormat('ja-JP', { timeZone: TZ, month: 'long', day: 'numeric' });
const hm = new Intl.DateTimeFormat('ja-JP', { timeZone: TZ, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' });

/**
 * 「11月30日 14:20」 in Japan time. The draft is read later than it is written, by someone
 * else: 「たった今」 or 「今日」 would be wrong by then.
 */
export function absoluteTime(iso: string): string {
  const t = new Date(iso);
  return `${md.format(t)} ${hm.format(t)}`;
}

function scoreText(n: News2): string {
  const count = measuredCount(n);
  return count > 0 ? `NEWS2 目安 ${n.score}点${n.complete ? '' : `（7項目中 ${count} 項目）`}` : '';
}

/**
 * The R of the draft for each kind of request, in Japanese for the nurse (issue 15: the kind is a
 * code; the carer reads it in their language, the nurse reads this). `advice` is the draft's
 * default sentence.
 */
export const REQUEST_SENTENCE: Record<RequestKind, string> = {
  advice: '対応について助言をお願いします。',
  visit: '訪問をお願いします。',
  ok_to_wait: '様子見でよいか確認させてください。',
  contact_doctor: '主治医に連絡してよいか教えてください。',
};

/** Oldest first: the story in the order it happened. */
export function draftSbar(args: {
  reporter: string;
  reporterOrg: string;
  clientName: string;
  observations?: readonly DraftObservation[];
}): Sbar {
  const obs = [...(args.observations ?? [])].sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt));
  const who = `${args.reporterOrg}の${args.reporter}です。${args.clientName}さんについてご相談です。`;
  const situation = [
    who,
    ...obs.map((o) => {
      const signs = o.softSigns.map((s) => SOFT_SIGN_LABEL[s]);
      return `${absoluteTime(o.observedAt)}、${signs.length ? `${signs.join('、')}。` : 'いつもと様子が違います。'}${o.note ? ` ${o.note}` : ''}`;
    }),
  ].join(obs.length > 1 ? '\n' : '');
  const background = obs
    .map((o) => {
      const text = [vitalsText(o.vitals), scoreText(o.news2)].filter(Boolean).join('。');
      return text && obs.length > 1 ? `${absoluteTime(o.observedAt)}: ${text}` : text;
    })
    .filter(Boolean)
    .join('\n');
  return {
    situation,
    background,
    assessment: 'わからない',
    request: REQUEST_SENTENCE.advice,
  };
}
