// NEWS2 (Royal College of Physicians 2017), exactly as PRODUCT.md's table. A guide (目安),
// never a diagnosis. Pure: the client's SpO2 scale arrives as an argument.
import type { Vitals } from './schemas.js';

export const NEWS2_ATTRIBUTION = 'NEWS2 © Royal College of Physicians 2017';

export const NEWS2_PARAMETERS = [
  'respiratoryRate',
  'spo2',
  'onOxygen',
  'systolic',
  'pulse',
  'consciousness',
  'temperature',
] as const;
export type News2Parameter = (typeof NEWS2_PARAMETERS)[number];

export interface News2 {
  score: number;
  complete: boolean;
  redFlag: boolean;
  parameters: Partial<Record<News2Parameter, number>>;
}

function respiratoryRate(v: number): number {
  if (v <= 8) return 3;
  if (v <= 11) return 1;
  if (v <= 20) return 0;
  if (v <= 24) return 2;
  return 3;
}

function spo2Scale1(v: number): number {
  if (v <= 91) return 3;
  if (v <= 93) return 2;
  if (v <= 95) return 1;
  return 0;
}

function spo2Scale2(v: number, onOxygen: boolean): number {
  if (v <= 83) return 3;
  if (v <= 85) return 2;
  if (v <= 87) return 1;
  if (v <= 92 || !onOxygen) return 0;
  if (v <= 94) return 1;
  if (v <= 96) return 2;
  return 3;
}

function systolic(v: number): number {
  if (v <= 90) return 3;
  if (v <= 100) return 2;
  if (v <= 110) return 1;
  if (v <= 219) return 0;
  return 3;
}

function pulse(v: number): number {
  if (v <= 40) return 3;
  if (v <= 50) return 1;
  if (v <= 90) return 0;
  if (v <= 110) return 1;
  if (v <= 130) return 2;
  return 3;
}

function temperature(v: number): number {
  // Compare in tenths so that 35.0 / 36.0 / 38.0 / 39.0 land on the right side of each band.
  const t = Math.round(v * 10);
  if (t <= 350) return 3;
  if (t <= 360) return 1;
  if (t <= 380) return 0;
  if (t <= 390) return 1;
  return 2;
}

export function news2(vitals: Vitals, spo2Scale: 1 | 2 = 1): News2 {
  const p: Partial<Record<News2Parameter, number>> = {};
  if (vitals.respiratoryRate !== undefined) p.respiratoryRate = respiratoryRate(vitals.respiratoryRate);
  if (vitals.spo2 !== undefined) {
    if (spo2Scale === 1) p.spo2 = spo2Scale1(vitals.spo2);
    // Scale 2: up to 92 scores the same on air or oxygen, so it is scored even when air or
    // oxygen was not recorded (a dangerous 80 % must never vanish). From 93 the points depend
    // on oxygen, so without it SpO2 counts as not measured.
    else if (vitals.spo2 <= 92) p.spo2 = spo2Scale2(vitals.spo2, false);
    else if (vitals.onOxygen !== undefined) p.spo2 = spo2Scale2(vitals.spo2, vitals.onOxygen);
  }
  if (vitals.onOxygen !== undefined) p.onOxygen = vitals.onOxygen ? 2 : 0;
  if (vitals.systolic !== undefined) p.systolic = systolic(vitals.systolic);
  if (vitals.pulse !== undefined) p.pulse = pulse(vitals.pulse);
  if (vitals.consciousness !== undefined) p.consciousness = vitals.consciousness === 'A' ? 0 : 3;
  if (vitals.temperature !== undefined) p.temperature = temperature(vitals.temperature);
  const values = Object.values(p);
  return {
    score: values.reduce((a, b) => a + b, 0),
    complete: NEWS2_PARAMETERS.every((k) => p[k] !== undefined),
    redFlag: values.some((v) => v === 3),
    parameters: p,
  };
}

export function measuredCount(n: News2): number {
  return NEWS2_PARAMETERS.filter((k) => n.parameters[k] !== undefined).length;
}
