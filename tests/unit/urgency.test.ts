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
