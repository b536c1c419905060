// NEWS2 against PRODUCT.md "Domain rules › NEWS2": every band edge of every parameter,
// air vs oxygen, completeness, red flag and the sum.
import { describe, expect, it } from 'vitest';
import type { Consciousness } from '../../src/shared/codes.js';
import { measuredCount, news2, NEWS2_ATTRIBUTION, NEWS2_PARAMETERS } from '../../src/shared/news2.js';
import type { Vitals } from '../../src/shared/schemas.js';

/** A complete set that scores 0 on scale 1. */
const NORMAL: Required<Vitals> = {
  temperature: 36.8,
  systolic: 130,
  diastolic: 80,
  pulse: 72,
  respiratoryRate: 16,
  spo2: 97,
  onOxygen: false,
  consciousness: 'A',
};

describe('NEWS2 respiratory rate bands', () => {
  it.each([
    [2, 3],
    [8, 3],
    [9, 1],
    [11, 1],
    [12, 0],
    [20, 0],
    [21, 2],
    [24, 2],
    [25, 3],
    [80, 3],
  ])('respiratoryRate %i → %i', (value, points) => {
    const n = news2({ respiratoryRate: value });
    expect(n.parameters).toEqual({ respiratoryRate: points });
    expect(n.score).toBe(points);
  });
});

describe('NEWS2 SpO2 scale 1 bands', () => {
  it.each([
    [50, 3],
    [91, 3],
    [92, 2],
    [93, 2],
    [94, 1],
    [95, 1],
    [96, 0],
    [100, 0],
  ])('spo2 %i → %i (scale 1 is the default)', (value, points) => {
    expect(news2({ spo2: value }).parameters.spo2).toBe(points);
    expect(news2({ spo2: value }, 1).parameters.spo2).toBe(points);
  });

  it.each([
    [91, 3],
    [93, 2],
    [95, 1],
    [96, 0],
  ])('spo2 %i on oxygen still scores %i on scale 1 (oxygen scores separately)', (value, points) => {
    const n = news2({ spo2: value, onOxygen: true }, 1);
    expect(n.parameters).toEqual({ spo2: points, onOxygen: 2 });
    expect(n.score).toBe(points + 2);
  });
});

describe('NEWS2 SpO2 scale 2 bands', () => {
  // Values ≤ 92 score the same on air and on oxygen.
  it.each([
    [50, 3],
    [83, 3],
    [84, 2],
    [85, 2],
    [86, 1],
    [87, 1],
    [88, 0],
    [92, 0],
  ])('spo2 %i → %i on air and on oxygen', (value, points) => {
    expect(news2({ spo2: value, onOxygen: false }, 2).parameters.spo2).toBe(points);
    expect(news2({ spo2: value, onOxygen: true }, 2).parameters.spo2).toBe(points);
  });

  it.each([93, 94, 95, 96, 97, 100])('spo2 %i on air → 0', (value) => {
    expect(news2({ spo2: value, onOxygen: false }, 2).parameters.spo2).toBe(0);
  });

  it.each([
    [93, 1],
    [94, 1],
    [95, 2],
    [96, 2],
    [97, 3],
    [100, 3],
  ])('spo2 %i on oxygen → %i', (value, points) => {
    const n = news2({ spo2: value, onOxygen: true }, 2);
    expect(n.parameters.spo2).toBe(points);
    expect(n.parameters.onOxygen).toBe(2);
    expect(n.score).toBe(points + 2);
  });

  // PRODUCT.md: with scale 2, an SpO2 of 92 or below scores the same on air or oxygen and is
  // scored even without onOxygen — a scale-2 client at 80 % must never get no points.
  it.each([
    [50, 3, true],
    [80, 3, true],
    [83, 3, true],
    [84, 2, false],
    [85, 2, false],
    [86, 1, false],
    [87, 1, false],
    [88, 0, false],
    [92, 0, false],
  ])('spo2 %i without onOxygen is scored: %i points, red flag %s', (value, points, redFlag) => {
    const n = news2({ spo2: value }, 2);
    expect(n.parameters).toEqual({ spo2: points });
    expect(n.score).toBe(points);
    expect(n.redFlag).toBe(redFlag);
    expect(n.complete).toBe(false);
    expect(measuredCount(n)).toBe(1);
  });

  it.each([93, 94, 96, 97, 100])('spo2 %i without onOxygen counts as not measured (its points depend on oxygen)', (value) => {
    const n = news2({ spo2: value }, 2);
    expect(n.parameters).toEqual({});
    expect(n.score).toBe(0);
    expect(n.redFlag).toBe(false);
    expect(n.complete).toBe(false);
    expect(measuredCount(n)).toBe(0);
  });

  it('scale 2 SpO2 80 without onOxygen in a set of the other six: scored, red flag, still incomplete', () => {
    const six: Vitals = { ...NORMAL, spo2: 80 };
    delete six.onOxygen;
    const n = news2(six, 2);
    expect(n.parameters.spo2).toBe(3);
    expect(n.complete).toBe(false);
    expect(measuredCount(n)).toBe(6);
    expect(n.redFlag).toBe(true);
  });

  it('scale 2 SpO2 95 without onOxygen in a set of the other six: SpO2 not measured', () => {
    const six: Vitals = { ...NORMAL, spo2: 95 };
    delete six.onOxygen;
    const n = news2(six, 2);
    expect(n.parameters.spo2).toBeUndefined();
    expect(measuredCount(n)).toBe(5);
  });

  it('a full set on room air (onOxygen false) is complete on either scale', () => {
    expect(news2({ ...NORMAL }, 1).complete).toBe(true);
    expect(news2({ ...NORMAL, spo2: 90 }, 2).complete).toBe(true);
  });

  it('scale 1 SpO2 without onOxygen is measured', () => {
    expect(news2({ spo2: 80 }, 1).parameters).toEqual({ spo2: 3 });
  });
});

describe('NEWS2 air or oxygen', () => {
  it.each([
    [false, 0],
    [true, 2],
  ])('onOxygen %s → %i', (onOxygen, points) => {
    const n = news2({ onOxygen });
    expect(n.parameters).toEqual({ onOxygen: points });
    expect(n.score).toBe(points);
    expect(n.redFlag).toBe(false);
  });

  it('absent onOxygen is not measured', () => {
    expect(news2({}).parameters.onOxygen).toBeUndefined();
  });
});

describe('NEWS2 systolic bands', () => {
  it.each([
    [40, 3],
    [90, 3],
    [91, 2],
    [100, 2],
    [101, 1],
    [110, 1],
    [111, 0],
    [219, 0],
    [220, 3],
    [300, 3],
  ])('systolic %i → %i', (value, points) => {
    expect(news2({ systolic: value }).parameters).toEqual({ systolic: points });
  });

  it('diastolic is not a NEWS2 parameter', () => {
    const n = news2({ diastolic: 30 });
    expect(n.parameters).toEqual({});
    expect(n.score).toBe(0);
  });
});

describe('NEWS2 pulse bands', () => {
  it.each([
    [20, 3],
    [40, 3],
    [41, 1],
    [50, 1],
    [51, 0],
    [90, 0],
    [91, 1],
    [110, 1],
    [111, 2],
    [130, 2],
    [131, 3],
    [250, 3],
  ])('pulse %i → %i', (value, points) => {
    expect(news2({ pulse: value }).parameters).toEqual({ pulse: points });
  });
});

describe('NEWS2 consciousness', () => {
  it.each<[Consciousness, number]>([
    ['A', 0],
    ['C', 3],
    ['V', 3],
    ['P', 3],
    ['U', 3],
  ])('consciousness %s → %i', (value, points) => {
    const n = news2({ consciousness: value });
    expect(n.parameters).toEqual({ consciousness: points });
    expect(n.redFlag).toBe(points === 3);
  });
});

describe('NEWS2 temperature bands (1 decimal)', () => {
  it.each([
    [30.0, 3],
    [35.0, 3],
    [35.1, 1],
    [36.0, 1],
    [36.1, 0],
    [38.0, 0],
    [38.1, 1],
    [39.0, 1],
    [39.1, 2],
    [45.0, 2],
  ])('temperature %d → %i', (value, points) => {
    expect(news2({ temperature: value }).parameters).toEqual({ temperature: points });
  });

  it('temperature never scores 3, so it never raises a red flag', () => {
    expect(news2({ temperature: 45 }).redFlag).toBe(false);
    expect(news2({ temperature: 30 }).redFlag).toBe(true); // ≤ 35.0 is the low 3
  });
});

describe('NEWS2 completeness', () => {
  it('all 7 measured → complete', () => {
    const n = news2(NORMAL);
    expect(n.complete).toBe(true);
    expect(n.score).toBe(0);
    expect(measuredCount(n)).toBe(7);
    expect(Object.keys(n.parameters).sort()).toEqual([...NEWS2_PARAMETERS].sort());
  });

  it('all 7 measured on scale 2 → complete', () => {
    const n = news2({ ...NORMAL, spo2: 90, onOxygen: false }, 2);
    expect(n.complete).toBe(true);
    expect(n.parameters.spo2).toBe(0);
  });

  it.each(NEWS2_PARAMETERS.map((p) => [p]))('without %s → not complete', (missing) => {
    const vitals: Vitals = Object.fromEntries(Object.entries(NORMAL).filter(([k]) => k !== missing));
    const n = news2(vitals);
    expect(n.complete).toBe(false);
    expect(measuredCount(n)).toBe(6);
    expect(n.parameters[missing]).toBeUndefined();
  });

  it('nothing measured → score 0, not complete, no red flag', () => {
    expect(news2({})).toEqual({ score: 0, complete: false, redFlag: false, parameters: {} });
  });

  it('a partial set reports how many of the 7 were measured', () => {
    expect(measuredCount(news2({ temperature: 37.0, pulse: 80, spo2: 98 }))).toBe(3);
  });
});

describe('NEWS2 red flag = any single parameter scored 3', () => {
  it.each<[string, Vitals]>([
    ['respiratoryRate 8', { respiratoryRate: 8 }],
    ['respiratoryRate 25', { respiratoryRate: 25 }],
    ['spo2 91 (scale 1)', { spo2: 91 }],
    ['systolic 90', { systolic: 90 }],
    ['systolic 220', { systolic: 220 }],
    ['pulse 40', { pulse: 40 }],
    ['pulse 131', { pulse: 131 }],
    ['consciousness V', { consciousness: 'V' }],
    ['temperature 35.0', { temperature: 35.0 }],
  ])('%s alone in an otherwise normal complete set → red flag', (_name, change) => {
    const n = news2({ ...NORMAL, ...change });
    expect(n.redFlag).toBe(true);
    expect(n.score).toBe(3);
  });

  it('scale 2 spo2 97 on oxygen → red flag (3 for SpO2, 2 for oxygen)', () => {
    const n = news2({ ...NORMAL, spo2: 97, onOxygen: true }, 2);
    expect(n.redFlag).toBe(true);
    expect(n.score).toBe(5);
  });

  it('a high score made only of 1s and 2s is not a red flag', () => {
    const n = news2({ ...NORMAL, respiratoryRate: 22, pulse: 115, temperature: 39.5, onOxygen: true, systolic: 95 });
    expect(n.score).toBe(10);
    expect(n.redFlag).toBe(false);
  });
});

describe('NEWS2 score = sum of the parameters', () => {
  it.each<[Vitals, 1 | 2, number]>([
    [{ ...NORMAL }, 1, 0],
    [{ temperature: 38.5, pulse: 95 }, 1, 2],
    [{ ...NORMAL, temperature: 38.5, pulse: 95, respiratoryRate: 22 }, 1, 4],
    [{ ...NORMAL, spo2: 93, onOxygen: true, respiratoryRate: 10 }, 1, 5],
    [{ respiratoryRate: 26, spo2: 90, onOxygen: true, systolic: 85, pulse: 135, consciousness: 'U', temperature: 34.5 }, 1, 20],
    [{ ...NORMAL, spo2: 95, onOxygen: true }, 2, 4],
    [{ ...NORMAL, spo2: 86, onOxygen: false, pulse: 45 }, 2, 2],
  ])('%j on scale %i → %i', (vitals, scale, score) => {
    const n = news2(vitals, scale);
    expect(n.score).toBe(score);
    expect(n.score).toBe(Object.values(n.parameters).reduce((a, b) => a + b, 0));
  });
});

it('carries the RCP attribution', () => {
  expect(NEWS2_ATTRIBUTION).toBe('NEWS2 © Royal College of Physicians 2017');
});
