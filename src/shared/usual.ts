// The client's usual values: the band a trend is drawn against, and the difference a new value
// makes. Pure.
import type { UsualValues, UsualValuesInput, Vitals } from './schemas.js';

export type UsualKey = 'temperature' | 'systolic' | 'diastolic' | 'pulse' | 'spo2';

/** An edit's values without its precondition: `basedOn` is not a value, and is not kept. */
export function usualEditValues(input: UsualValuesInput): Omit<UsualValuesInput, 'basedOn'> {
  const values = { ...input };
  delete values.basedOn;
  return values;
}

/**
 * The usual values a PUT /api/clients/{id}/usual sets, as the server stores them and as the
 * nurse's phone shows them at once, before the server has them.
 */
export function usualValuesFrom(
  input: UsualValuesInput,
  by: { updatedAt: string; updatedBy: string; updatedByName: string },
): UsualValues {
  const usual: UsualValues = { ...by };
  for (const k of ['temperature', 'systolic', 'diastolic', 'pulse', 'spo2'] as const) {
    const v = input[k];
    if (v !== undefined && v !== null) usual[k] = v;
  }
  if (input.homeOxygen) usual.homeOxygen = true;
  const bands = Object.fromEntries(Object.entries(input.bands ?? {}).filter(([, v]) => v !== undefined));
  if (Object.keys(bands).length) usual.bands = bands;
  return usual;
}

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

/** The vitals whose distance from usual can raise the suggested urgency. */
export const DEPARTURE_KEYS = ['temperature', 'pulse', 'systolic', 'spo2'] as const;
export type DepartureKey = (typeof DEPARTURE_KEYS)[number];

/**
 * "Far from usual" (PRODUCT.md "suggested urgency"): temperature 1.0 ℃ or more above, pulse
 * or systolic more than 20 / 30 away either way, SpO2 3 or more below. A nurse may set other
 * bands per client (usual.bands).
 */
export const DEFAULT_DEPARTURE: Record<DepartureKey, number> = { temperature: 1.0, pulse: 20, systolic: 30, spo2: 3 };

export interface Departure {
  key: DepartureKey;
  usual: number;
  value: number;
  /** value − usual (temperature rounded to one decimal). */
  diff: number;
  band: number;
}

export function departureBand(usual: UsualValues | undefined, key: DepartureKey): number {
  return usual?.bands?.[key] ?? DEFAULT_DEPARTURE[key];
}

/** The measured vitals that are far from the client's usual values; none without usual values. */
export function departures(usual: UsualValues | undefined, vitals: Vitals): Departure[] {
  const out: Departure[] = [];
  for (const key of DEPARTURE_KEYS) {
    const u = usual?.[key];
    const value = vitals[key];
    if (u === undefined || value === undefined) continue;
    const band = departureBand(usual, key);
    // Temperatures compared in tenths, so that 37.4 against 36.4 is exactly +1.0.
    const tenths = (n: number) => Math.round(n * 10);
    const far =
      key === 'temperature'
        ? tenths(value) - tenths(u) >= tenths(band)
        : key === 'spo2'
          ? u - value >= band
          : Math.abs(value - u) > band;
    const diff = key === 'temperature' ? (tenths(value) - tenths(u)) / 10 : value - u;
    if (far) out.push({ key, usual: u, value, diff, band });
  }
  return out;
}

/** 「体温 いつもより +1.6」: one departure in a few words. */
export function departureText(d: Departure): string {
  const label = { temperature: '体温', pulse: '脈拍', systolic: '血圧（上）', spo2: 'SpO2' }[d.key];
  const sign = d.diff > 0 ? '+' : '−';
  const abs = Math.abs(d.diff);
  return `${label} いつもより ${sign}${d.key === 'temperature' ? abs.toFixed(1) : abs}`;
}
