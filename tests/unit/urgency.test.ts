// Suggested urgency against PRODUCT.md "Consultation › suggested urgency".
import { describe, expect, it } from 'vitest';
import { SOFT_SIGN_CODES, type SoftSign, type Urgency } from '../../src/shared/codes.js';
import type { News2 } from '../../src/shared/news2.js';
import {
  needsEmergencyGuidance,
  suggestUrgency,
  suggestUrgencyFor,
  urgencyRank,
  type ScoredObservation,
} from '../../src/shared/urgency.js';
import type { UsualValues, Vitals } from '../../src/shared/schemas.js';
import { departures, departureText } from '../../src/shared/usual.js';

const scored = (score: number, redFlag = false): News2 => ({ score, complete: false, redFlag, parameters: {} });
const obs = (score: number, softSigns: SoftSign[] = [], redFlag = false): ScoredObservation => ({
  news2: scored(score, redFlag),
  softSigns,
});

const TODAY_SIGNS: SoftSign[] = ['fall', 'breathing', 'confused', 'colour'];
const OTHER_SIGNS = SOFT_SIGN_CODES.filter((s) => !TODAY_SIGNS.includes(s));

describe('suggestUrgencyFor: NEWS2', () => {
  it.each<[number, boolean, Urgency]>([
    [0, false, 'fyi'],
    [1, false, 'today'],
    [2, false, 'today'],
    [4, false, 'today'],
    [5, false, 'immediate'],
    [6, false, 'immediate'],
    [7, false, 'immediate'],
    [20, false, 'immediate'],
    [3, true, 'immediate'],
    [4, true, 'immediate'],
  ])('score %i, redFlag %s, no signs → %s', (score, redFlag, expected) => {
    expect(suggestUrgencyFor(obs(score, [], redFlag))).toBe(expected);
  });

  it('NEWS2 outranks the signs', () => {
    expect(suggestUrgencyFor(obs(5, ['eating_less']))).toBe('immediate');
    expect(suggestUrgencyFor(obs(3, [], true))).toBe('immediate');
    expect(suggestUrgencyFor(obs(2, ['eating_less']))).toBe('today');
  });
});

describe('suggestUrgencyFor: signs when NEWS2 is 0', () => {
  it.each(TODAY_SIGNS.map((s) => [s]))('%s → today', (sign) => {
    expect(suggestUrgencyFor(obs(0, [sign]))).toBe('today');
  });

  it.each(OTHER_SIGNS.map((s) => [s]))('%s → within_days', (sign) => {
    expect(suggestUrgencyFor(obs(0, [sign]))).toBe('within_days');
  });

  it('16 other signs and the 4 today signs make the full list of 20', () => {
    expect(OTHER_SIGNS).toHaveLength(16);
    expect(SOFT_SIGN_CODES).toHaveLength(20);
  });

  it('a today sign among other signs → today', () => {
    expect(suggestUrgencyFor(obs(0, ['eating_less', 'pain', 'colour']))).toBe('today');
  });

  it('several other signs → within_days', () => {
    expect(suggestUrgencyFor(obs(0, [...OTHER_SIGNS]))).toBe('within_days');
  });

  it('nothing → fyi', () => {
    expect(suggestUrgencyFor(obs(0, []))).toBe('fyi');
  });
});

describe('suggestUrgency over the cited observations', () => {
  it.each<[string, ScoredObservation[], Urgency]>([
    ['none cited', [], 'fyi'],
    ['one empty observation', [obs(0)], 'fyi'],
    ['fyi + within_days', [obs(0), obs(0, ['pain'])], 'within_days'],
    ['within_days + today (sign)', [obs(0, ['pain']), obs(0, ['fall'])], 'today'],
    ['today (score) + within_days', [obs(2), obs(0, ['sleep_change'])], 'today'],
    ['fyi + today + immediate', [obs(0), obs(1), obs(6)], 'immediate'],
    ['immediate first, then fyi', [obs(3, [], true), obs(0)], 'immediate'],
    ['fyi, within_days, fyi', [obs(0), obs(0, ['swelling']), obs(0)], 'within_days'],
  ])('%s → %s', (_name, observations, expected) => {
    expect(suggestUrgency(observations)).toBe(expected);
  });
});

describe('emergency guidance (NEWS2 ≥ 7)', () => {
  it.each<[number[], boolean]>([
    [[], false],
    [[0], false],
    [[6], false],
    [[7], true],
    [[12], true],
    [[0, 3, 7], true],
    [[6, 6], false],
  ])('scores %j → %s', (scores, expected) => {
    expect(needsEmergencyGuidance(scores.map((s) => obs(s)))).toBe(expected);
  });

  it('a red flag alone (score 3) is immediate but needs no emergency guidance', () => {
    const o = obs(3, [], true);
    expect(suggestUrgency([o])).toBe('immediate');
    expect(needsEmergencyGuidance([o])).toBe(false);
  });
});

it('urgencyRank orders immediate < today < within_days < fyi', () => {
  expect(['fyi', 'today', 'immediate', 'within_days'].sort((a, b) => urgencyRank(a as Urgency) - urgencyRank(b as Urgency))).toEqual([
    'immediate',
    'today',
    'within_days',
    'fyi',
  ]);
});

// PRODUCT.md: a vital far from the client's usual value (temperature ≥ 1.0 ℃ above, pulse
// or systolic more than 20 / 30 away, SpO2 3 or more below; a nurse may set other bands) →
// at least today.
describe('suggestUrgencyFor: far from the client usual value', () => {
  const USUAL: UsualValues = { temperature: 36.4, systolic: 132, diastolic: 78, pulse: 74, spo2: 97, updatedAt: '', updatedBy: '' };
  const withVitals = (vitals: Vitals, softSigns: SoftSign[] = [], score = 0): ScoredObservation => ({
    news2: scored(score),
    softSigns,
    vitals,
  });
  it.each<[string, Vitals, UsualValues | undefined, Urgency]>([
    ['temperature +1.0 (37.4 vs 36.4)', { temperature: 37.4 }, USUAL, 'today'],
    ['temperature +0.9 (37.3 vs 36.4)', { temperature: 37.3 }, USUAL, 'fyi'],
    ['temperature −1.4 (below does not count)', { temperature: 35.0 }, USUAL, 'fyi'],
    ['pulse +21', { pulse: 95 }, USUAL, 'today'],
    ['pulse +20 (not more than 20)', { pulse: 94 }, USUAL, 'fyi'],
    ['pulse −21', { pulse: 53 }, USUAL, 'today'],
    ['systolic +31', { systolic: 163 }, USUAL, 'today'],
    ['systolic +30', { systolic: 162 }, USUAL, 'fyi'],
    ['systolic −31', { systolic: 101 }, USUAL, 'today'],
    ['SpO2 −3', { spo2: 94 }, USUAL, 'today'],
    ['SpO2 −2', { spo2: 95 }, USUAL, 'fyi'],
    ['diastolic is not compared', { diastolic: 120 }, USUAL, 'fyi'],
    ['respiratory rate is not compared', { respiratoryRate: 19 }, USUAL, 'fyi'],
    ['no usual values set', { temperature: 38.0, pulse: 110 }, undefined, 'fyi'],
    ['usual value missing for that vital', { temperature: 38.0 }, { ...USUAL, temperature: undefined } as unknown as UsualValues, 'fyi'],
    ['nurse band temperature 0.5: +0.6', { temperature: 37.0 }, { ...USUAL, bands: { temperature: 0.5 } }, 'today'],
    ['nurse band temperature 2.0: +1.5', { temperature: 37.9 }, { ...USUAL, bands: { temperature: 2.0 } }, 'fyi'],
    ['nurse band pulse 10: +11', { pulse: 85 }, { ...USUAL, bands: { pulse: 10 } }, 'today'],
    ['nurse band SpO2 5: −4', { spo2: 93 }, { ...USUAL, bands: { spo2: 5 } }, 'fyi'],
    ['nurse band systolic only: temperature keeps its default', { temperature: 37.4 }, { ...USUAL, bands: { systolic: 50 } }, 'today'],
  ])('%s → %s', (_name, vitals, usual, expected) => {
    expect(suggestUrgencyFor(withVitals(vitals), usual)).toBe(expected);
  });

  it('a departure raises a within_days sign to today, and never lowers NEWS2', () => {
    expect(suggestUrgencyFor(withVitals({ temperature: 38.0 }, ['eating_less']), USUAL)).toBe('today');
    expect(suggestUrgencyFor(withVitals({ temperature: 38.0 }, ['eating_less'], 5), USUAL)).toBe('immediate');
  });

  it('suggestUrgency passes the usual values to each cited observation', () => {
    expect(suggestUrgency([withVitals({}), withVitals({ pulse: 100 })], USUAL)).toBe('today');
    expect(suggestUrgency([withVitals({ pulse: 100 })])).toBe('fyi');
  });

  it('departures() names each far vital with its difference', () => {
    expect(departures(USUAL, { temperature: 38.0, pulse: 50, spo2: 90 }).map(departureText)).toEqual([
      '体温 いつもより +1.6',
      '脈拍 いつもより −24',
      'SpO2 いつもより −7',
    ]);
  });
});
