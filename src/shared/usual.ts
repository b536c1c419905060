// The client's usual values: the band a trend is drawn against, and the difference a new value
// makes. Pure.
import type { UsualValues, Vitals } from './schemas.js';

export type UsualKey = 'temperature' | 'systolic' | 'diastolic' | 'pulse' | 'spo2';

/** How far from the usual value still counts as usual (for the band on the nurse's trend). */
export const USUAL_TOLERANCE: Record<UsualKey, number> = {
  temperature: 0.5,
  systolic: 20,
  diastolic: 10,
  pulse: 15,
  spo2: 2,
};

export function usualBand(usual: UsualValues | undefined, key: UsualKey): [number, number] | undefined {
  const v = usual?.[key];
  if (v === undefined) return undefined;
  const t = USUAL_TOLERANCE[key];
  const lo = v - t;
  const hi = key === 'spo2' ? Math.min(100, v + t) : v + t;
  return key === 'temperature' ? [Math.round(lo * 10) / 10, Math.round(hi * 10) / 10] : [lo, hi];
}

/** 「いつも 36.5（+1.3）」 */
export function differenceText(usual: UsualValues | undefined, key: UsualKey, value: Vitals[UsualKey]): string | null {
  const u = usual?.[key];
  if (u === undefined || value === undefined) return null;
  const d = key === 'temperature' ? Math.round((value - u) * 10) / 10 : value - u;
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  const abs = Math.abs(d);
  return `いつも ${key === 'temperature' ? u.toFixed(1) : u}（${sign}${key === 'temperature' ? abs.toFixed(1) : abs}）`;
}
