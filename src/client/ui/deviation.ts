// How far each measured vital sign is from the client's usual value (and what NEWS2 makes of
// it), and the one line that decides a consultation at a glance. Pure. Shared by the nurse's
// queue and the consultation page, which may not import each other (features are separate).
// The words are the reader's (issue 15): a Japanese reader gets exactly the shared Japanese
// (formatVital, differenceText), everyone else the catalog's words with the Japanese term beside.
import type { I18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { VITAL_SIGNS, type SoftSign, type VitalSignKey } from '../../shared/codes.js';
import type { News2, News2Parameter } from '../../shared/news2.js';
import type { UsualValues, Vitals } from '../../shared/schemas.js';
import { DEPARTURE_KEYS, departures, USUAL_TOLERANCE, type DepartureKey, type UsualKey } from '../../shared/usual.js';
import { consciousnessText, departureTextIn, differenceTextIn, formatVitalIn } from '../i18n/clinical.js';
import { signLabel, termText } from '../i18n/labels.js';
import { listed } from '../i18n/locales.js';

export interface VitalReading {
  key: VitalSignKey | 'consciousness';
  /** 「体温 38.2℃」 */
  text: string;
  /** 「いつも 36.4（+1.8）」, null without a usual value. */
  usual: string | null;
  /** NEWS2 points of this parameter, when scored. */
  points: number | undefined;
  /**
   * How abnormal: 0 inside the usual band and scoring nothing; otherwise the larger of the NEWS2
   * points and the distance from usual counted in band widths (USUAL_TOLERANCE). SpO2 above the
   * usual value is never a departure.
   */
  weight: number;
}

const USUAL_KEYS: readonly string[] = ['temperature', 'systolic', 'diastolic', 'pulse', 'spo2'] satisfies UsualKey[];
const isUsualKey = (k: string): k is UsualKey => USUAL_KEYS.includes(k);
const isNews2Key = (k: string): k is News2Parameter & VitalSignKey =>
  k === 'temperature' || k === 'systolic' || k === 'pulse' || k === 'respiratoryRate' || k === 'spo2';

const isDepartureKey = (k: string): k is DepartureKey => (DEPARTURE_KEYS as readonly string[]).includes(k);

// Far from usual by the same rule (and the client's own bands) that raises the suggested
// urgency, so what the nurse sees highlighted is what moved the suggestion.
function departure(key: UsualKey, value: number, usual: UsualValues | undefined): number {
  if (isDepartureKey(key)) {
    const d = departures(usual, { [key]: value })[0];
    return d ? Math.max(1.01, Math.abs(d.diff) / d.band) : 0;
  }
  const u = usual?.[key];
  if (u === undefined) return 0;
  const ratio = Math.abs(value - u) / USUAL_TOLERANCE[key];
  return ratio > 1 ? ratio : 0;
}

/** Every measured vital sign of one observation, in the form's order, consciousness last. */
export function vitalReadings(vitals: Vitals, news2: News2, usual: UsualValues | undefined, i18n: I18n): VitalReading[] {
  const out: VitalReading[] = [];
  for (const { key } of VITAL_SIGNS) {
    const v = vitals[key];
    if (v === undefined) continue;
    const points = isNews2Key(key) ? news2.parameters[key] : undefined;
    const far = isUsualKey(key) ? departure(key, v, usual) : 0;
    out.push({
      key,
      text: formatVitalIn(key, v, i18n),
      usual: isUsualKey(key) ? differenceTextIn(usual, key, v, i18n) : null,
      points,
      weight: Math.max(points ?? 0, far),
    });
  }
  if (vitals.consciousness !== undefined) {
    const c = vitals.consciousness;
    // Anything but "alert" is the most telling single finding: it always leads.
    out.push({ key: 'consciousness', text: consciousnessText(c, i18n), usual: null, points: news2.parameters.consciousness, weight: c === 'A' ? 0 : Number.MAX_SAFE_INTEGER });
  }
  return out;
}

/** The most abnormal reading (ties: the form's order), or null when everything is as usual. */
export function mostAbnormal(readings: readonly VitalReading[]): VitalReading | null {
  let best: VitalReading | null = null;
  for (const r of readings) if (r.weight > 0 && (!best || r.weight > best.weight)) best = r;
  return best;
}

export function readingLine(r: VitalReading, i18n: I18n): string {
  if (r.usual) return `${r.text} · ${r.usual}`;
  const score = r.points;
  return score ? `${r.text} · ${i18n._(msg`NEWS2 ${score}点`)}` : r.text;
}

interface CitedObservation {
  vitals: Vitals;
  news2: News2;
  softSigns: readonly SoftSign[];
}

/**
 * The one line that decides: the most abnormal vital sign against the client's usual value
 * among the cited observations, or else the 「いつもと違う」 signs; null when there is neither.
 */
export function decidingLine(
  cited: readonly CitedObservation[],
  usual: UsualValues | undefined,
  i18n: I18n,
): { text: string; from: 'vital' | 'signs' } | null {
  const best = mostAbnormal(cited.flatMap((o) => vitalReadings(o.vitals, o.news2, usual, i18n)));
  if (best) return { text: readingLine(best, i18n), from: 'vital' };
  const signs = [...new Set(cited.flatMap((o) => o.softSigns))];
  if (signs.length === 0) return null;
  const [first, second] = signs;
  const terms = [first, second]
    .filter((s) => s !== undefined)
    .map((s) => termText(signLabel(s, i18n), i18n.locale));
  const shown = listed(i18n.locale, terms);
  const more = signs.length - 2;
  return { text: more > 0 ? i18n._(msg`${shown} ほか${more}つ`) : shown, from: 'signs' };
}

/**
 * Why a record just saved is worrying, for the 保存しました notice: the most abnormal reading
 * when it is not already a departure from the usual values (意識 「V」, or a vital scored by
 * NEWS2 alone), then each departure; with no vital to name, the 「いつもと違う」 signs. A record at
 * 至急 because of 意識 alone names 意識, not the temperature that is also a little high.
 */
export function savedReasons(o: CitedObservation, usual: UsualValues | undefined, i18n: I18n): string[] {
  const far = departures(usual, o.vitals);
  const top = mostAbnormal(vitalReadings(o.vitals, o.news2, usual, i18n));
  const farText = far.map((d) => departureTextIn(d, i18n));
  if (top && !far.some((d) => d.key === top.key)) return [readingLine(top, i18n), ...farText];
  if (farText.length > 0) return farText;
  const signs = decidingLine([o], usual, i18n);
  return signs ? [signs.text] : [];
}

