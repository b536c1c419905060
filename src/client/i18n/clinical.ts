// Vital signs, units, oxygen and the distance from usual in the reader's language (issue 15
// "structured first": values are codes and numbers, only their words are translated). The
// Japanese is the same text src/shared writes for the server and the nurse (体温, 血圧（上）…,
// checked by tests/unit/i18n-clinical.test.ts), so the GLOSSARY labels stay exact.
import type { I18n, MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { VITAL_SIGN, VITAL_SIGNS, type Consciousness, type FeedbackTag, type VitalSignKey } from '../../shared/codes.js';
import { measuredCount, type News2 } from '../../shared/news2.js';
import type { UsualValues, Vitals } from '../../shared/schemas.js';
import type { Departure, UsualKey } from '../../shared/usual.js';
import { consciousnessLabel, termText } from './labels.js';
import { formatDecimal } from './numbers.js';

export const VITAL_MESSAGES: Record<VitalSignKey, MessageDescriptor> = {
  temperature: msg({ context: 'vital', message: '体温' }),
  systolic: msg({ context: 'vital', message: '血圧（上）' }),
  diastolic: msg({ context: 'vital', message: '血圧（下）' }),
  pulse: msg({ context: 'vital', message: '脈拍' }),
  respiratoryRate: msg({ context: 'vital', message: '呼吸数' }),
  spo2: msg({ context: 'vital', message: 'SpO2' }),
};

/** 回/分 is the only unit with words in it; ℃, mmHg and % are the same everywhere. */
const PER_MINUTE = msg({ context: 'unit', message: '回/分' });

export const vitalLabel = (key: VitalSignKey, i18n: I18n): string => i18n._(VITAL_MESSAGES[key]);

export function vitalUnit(key: VitalSignKey, i18n: I18n): string {
  const unit: string = VITAL_SIGN[key].unit;
  return unit === '回/分' ? i18n._(PER_MINUTE) : unit;
}

/** The number as the reader writes it (「37.5」, "37,5" in Bahasa Indonesia; the form reads both back). */
export function vitalNumber(key: VitalSignKey, value: number, locale: string): string {
  return formatDecimal(value, VITAL_SIGN[key].decimals, locale);
}

/** 「体温 37.0℃」 */
export const formatVitalIn = (key: VitalSignKey, value: number, i18n: I18n): string =>
  `${vitalLabel(key, i18n)} ${vitalNumber(key, value, i18n.locale)}${vitalUnit(key, i18n)}`;

export const OXYGEN_MESSAGES = {
  air: msg({ context: 'oxygen', message: '空気（酸素なし）' }),
  oxygen: msg({ context: 'oxygen', message: '酸素吸入中' }),
} as const;
export const oxygenLabel = (o: keyof typeof OXYGEN_MESSAGES, i18n: I18n): string => i18n._(OXYGEN_MESSAGES[o]);

/** 「意識: 呼びかけると反応する」 (the Japanese term beside it for other readers). */
export const consciousnessText = (c: Consciousness, i18n: I18n): string => {
  const plain = termText(consciousnessLabel(c, i18n), i18n.locale);
  return i18n._(msg`意識: ${plain}`);
};

/**
 * Every measured vital in one list, in the order of the form, consciousness last — as the
 * nurse's Japanese draft writes them (shared/sbar.ts vitalsText): a card whose NEWS2 says
 * 「単独で3点の項目あり」 because of 「V」 has to show which item it was.
 */
export function vitalParts(vitals: Vitals, i18n: I18n): string[] {
  const parts = VITAL_SIGNS.flatMap(({ key }) => {
    const v = vitals[key];
    return v === undefined ? [] : [formatVitalIn(key, v, i18n)];
  });
  if (vitals.onOxygen !== undefined) parts.push(oxygenLabel(vitals.onOxygen ? 'oxygen' : 'air', i18n));
  if (vitals.consciousness !== undefined) parts.push(consciousnessText(vitals.consciousness, i18n));
  return parts;
}

/** 「NEWS2 目安 5点（7項目中 4 項目）」; empty when nothing was measured. */
export function news2Text(n: News2, i18n: I18n, always7 = false): string {
  const count = measuredCount(n);
  if (count === 0) return '';
  const score = n.score;
  return n.complete && !always7
    ? i18n._(msg`NEWS2 目安 ${score}点`)
    : i18n._(msg`NEWS2 目安 ${score}点（7項目中 ${count} 項目）`);
}

const signed = (key: UsualKey, v: number, locale: string): string =>
  `${v > 0 ? '+' : v < 0 ? '−' : '±'}${formatDecimal(Math.abs(v), key === 'temperature' ? 1 : 0, locale)}`;

/** 「体温 いつもより +1.6」 (shared/usual.ts departureText, in the reader's language). */
export function departureTextIn(d: Departure, i18n: I18n): string {
  const label = vitalLabel(d.key, i18n);
  const diff = signed(d.key, d.diff, i18n.locale);
  return i18n._(msg`${label} いつもより ${diff}`);
}

/** 「いつも 36.4（+1.2）」 beside a field (shared/usual.ts differenceText, in the reader's language). */
export function differenceTextIn(usual: UsualValues | undefined, key: UsualKey, value: number | undefined, i18n: I18n): string | null {
  const u = usual?.[key];
  if (u === undefined) return null;
  const usualValue = formatDecimal(u, key === 'temperature' ? 1 : 0, i18n.locale);
  if (value === undefined) return i18n._(msg`いつも ${usualValue}`);
  const diff = signed(key, Math.round((value - u) * 10) / 10, i18n.locale);
  return i18n._(msg`いつも ${usualValue}（${diff}）`);
}

export const FEEDBACK_MESSAGES: Record<FeedbackTag, MessageDescriptor> = {
  noticed: msg({ context: 'feedback', message: 'よく気づきました' }),
  clear_report: msg({ context: 'feedback', message: '報告がわかりやすい' }),
};
export const feedbackLabel = (tag: FeedbackTag, i18n: I18n): string => i18n._(FEEDBACK_MESSAGES[tag]);
