// The observation form's text fields → the API's vitals, with plain problems as messages (shown
// in the reader's language by the form; Japanese is the source).
import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { VITAL_SIGNS, type VitalSignKey } from '../../../shared/codes.js';
import { VitalsSchema, type Vitals } from '../../../shared/schemas.js';
import { parseDecimal } from '../../i18n/numbers.js';

/** The form's fields: the shared table (label, unit, range) plus which keyboard to open. */
export const VITAL_FIELDS = VITAL_SIGNS.map((v) => ({ ...v, mode: v.decimals ? ('decimal' as const) : ('numeric' as const) }));

export type VitalKey = VitalSignKey;
export type VitalText = Partial<Record<VitalKey, string>>;

/**
 * 「365」 for a temperature is almost always 36.5: the value the hint offers to fill in, written
 * as the reader writes numbers (「36.5」, "36,5": formatDecimal from i18n/numbers.ts).
 */
export function typoFix(key: VitalKey, text: string, format: (value: number) => string = (v) => v.toFixed(1)): string | null {
  const v = toNumber(text);
  if (key === 'temperature' && Number.isInteger(v) && v >= 300 && v <= 450) return format(v / 10);
  return null;
}

/** 「36.5 ですか？」: the words of the button that fills in typoFix. */
export function typoHint(key: VitalKey, text: string): MessageDescriptor | null {
  const fix = typoFix(key, text);
  return fix === null ? null : msg`${fix} ですか？`;
}

/** A number as typed, 「37,5」 and full-width digits too (i18n/numbers.ts). */
export const toNumber = parseDecimal;

export type Problem = MessageDescriptor;

export function fieldProblem(key: VitalKey, text: string): Problem | null {
  const f = VITAL_FIELDS.find((x) => x.key === key);
  if (!f || text.trim() === '') return null;
  const v = toNumber(text);
  if (!Number.isFinite(v)) return msg`数字で入力してください`;
  // A likely typo (365) is offered beside the field as a button that fills in 36.5.
  const { min, max } = f;
  if (v < min || v > max) return msg`${min}〜${max} の範囲で入力してください`;
  if (f.decimals === 0 && !Number.isInteger(v)) return msg`整数で入力してください`;
  if (f.decimals === 1 && Math.abs(v * 10 - Math.round(v * 10)) > 1e-6) return msg`小数点以下は1桁までです`;
  return null;
}

/** The API schema's checks that the field checks above do not repeat, by the field they name. */
function schemaProblem(path: string): Problem {
  return path === 'diastolic' ? msg`血圧（下）は血圧（上）より低い値にしてください` : msg`入力内容を確認してください。`;
}

/**
 * What the live score is computed from while the carer types: every field that is valid now,
 * leaving out the ones still being corrected (the score never disappears mid-typing).
 */
export function liveVitals(text: VitalText, extra: { onOxygen?: boolean; consciousness?: Vitals['consciousness'] }): Vitals {
  const v: Vitals = {};
  for (const f of VITAL_FIELDS) {
    const t = text[f.key]?.trim() ?? '';
    if (t !== '' && fieldProblem(f.key, t) === null) v[f.key] = toNumber(t);
  }
  if (v.systolic !== undefined && v.diastolic !== undefined && v.diastolic >= v.systolic) delete v.diastolic;
  if (extra.onOxygen !== undefined) v.onOxygen = extra.onOxygen;
  if (extra.consciousness) v.consciousness = extra.consciousness;
  return v;
}

export function toVitals(
  text: VitalText,
  extra: { onOxygen?: boolean; consciousness?: Vitals['consciousness'] },
): { ok: true; vitals: Vitals } | { ok: false; problems: Partial<Record<string, Problem>> } {
  const problems: Partial<Record<string, Problem>> = {};
  const raw: Record<string, unknown> = {};
  for (const f of VITAL_FIELDS) {
    const t = text[f.key]?.trim() ?? '';
    if (t === '') continue;
    const p = fieldProblem(f.key, t);
    if (p) problems[f.key] = p;
    else raw[f.key] = toNumber(t);
  }
  if (extra.onOxygen !== undefined) raw.onOxygen = extra.onOxygen;
  if (extra.consciousness) raw.consciousness = extra.consciousness;
  if (Object.keys(problems).length) return { ok: false, problems };
  const parsed = VitalsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const path = String(i.path[0] ?? 'vitals');
      problems[path] = schemaProblem(path);
    }
    return { ok: false, problems };
  }
  return { ok: true, vitals: parsed.data };
}
