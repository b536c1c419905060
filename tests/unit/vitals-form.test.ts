// The observation form's text → vitals, with plain-Japanese problems and the 「365 → 36.5」 hint.
// Problems are messages; they are read here as a Japanese reader sees them (the ja catalog).
import { setupI18n, type MessageDescriptor } from '@lingui/core';
import { describe, expect, it } from 'vitest';
import { messages } from '../../src/client/i18n/locales/ja.po';
import {
  fieldProblem,
  toNumber,
  liveVitals,
  toVitals,
  typoFix,
  typoHint,
  VITAL_FIELDS,
  type VitalKey,
} from '../../src/client/features/observations/vitals-form.js';

const RANGE = (min: number, max: number) => `${min}〜${max} の範囲で入力してください`;

const ja = setupI18n({ locale: 'ja', messages: { ja: messages } });
const say = (d: MessageDescriptor | null) => (d === null ? null : ja._(d));
/** toVitals with its problems as Japanese text. */
const toVitalsJa = (...args: Parameters<typeof toVitals>) => {
  const r = toVitals(...args);
  return r.ok ? r : { ok: false, problems: Object.fromEntries(Object.entries(r.problems).map(([k, d]) => [k, say(d ?? null)])) };
};

describe('toNumber (Japanese keyboard)', () => {
  it.each<[string, number]>([
    ['36.5', 36.5],
    [' 36.5 ', 36.5],
    ['３６．５', 36.5],
    ['１２０', 120],
    ['36．5', 36.5],
    // A decimal comma (Bahasa Indonesia, Tiếng Việt) is a decimal point.
    ['36,5', 36.5],
    ['３６，５', 36.5],
  ])('%j → %d', (text, value) => {
    expect(toNumber(text)).toBe(value);
  });

  it.each([['abc'], ['３６、５'], ['36,5,1'], ['36.5,1'], ['1e2']])('%j is not a number', (text) => {
    expect(Number.isNaN(toNumber(text))).toBe(true);
  });
});

describe('typoHint', () => {
  it.each<[VitalKey, string, string | null]>([
    ['temperature', '365', '36.5 ですか？'],
    ['temperature', '３６５', '36.5 ですか？'],
    ['temperature', '380', '38.0 ですか？'],
    ['temperature', '300', '30.0 ですか？'],
    ['temperature', '450', '45.0 ですか？'],
    ['temperature', '299', null],
    ['temperature', '451', null],
    ['temperature', '36.5', null],
    ['temperature', '36', null],
    ['temperature', '', null],
    ['pulse', '365', null],
    ['systolic', '365', null],
  ])('%s %j → %j', (key, text, hint) => {
    expect(say(typoHint(key, text))).toBe(hint);
  });
});

describe('fieldProblem', () => {
  it.each<[VitalKey, string, string | null]>([
    // empty is not a problem: every vital is optional
    ['temperature', '', null],
    ['temperature', '   ', null],
    ['temperature', 'abc', '数字で入力してください'],
    ['temperature', '36,5', null],
    ['temperature', '36,55', '小数点以下は1桁までです'],
    // temperature 30.0–45.0, one decimal
    ['temperature', '29.9', RANGE(30, 45)],
    ['temperature', '30.0', null],
    ['temperature', '36.5', null],
    ['temperature', '３６．５', null],
    ['temperature', '45.0', null],
    ['temperature', '45.1', RANGE(30, 45)],
    ['temperature', '36.55', '小数点以下は1桁までです'],
    // the likely value (36.5) is a button beside the field, not part of the message
    ['temperature', '365', RANGE(30, 45)],
    ['temperature', '３６５', RANGE(30, 45)],
    ['temperature', '1000', RANGE(30, 45)],
    // whole numbers and their ranges
    ['systolic', '39', RANGE(40, 300)],
    ['systolic', '40', null],
    ['systolic', '300', null],
    ['systolic', '301', RANGE(40, 300)],
    ['systolic', '120.5', '整数で入力してください'],
    ['diastolic', '19', RANGE(20, 200)],
    ['diastolic', '20', null],
    ['diastolic', '200', null],
    ['diastolic', '201', RANGE(20, 200)],
    ['pulse', '19', RANGE(20, 250)],
    ['pulse', '20', null],
    ['pulse', '250', null],
    ['pulse', '251', RANGE(20, 250)],
    ['pulse', '72.5', '整数で入力してください'],
    ['respiratoryRate', '1', RANGE(2, 80)],
    ['respiratoryRate', '2', null],
    ['respiratoryRate', '80', null],
    ['respiratoryRate', '81', RANGE(2, 80)],
    ['spo2', '49', RANGE(50, 100)],
    ['spo2', '50', null],
    ['spo2', '100', null],
    ['spo2', '101', RANGE(50, 100)],
    ['spo2', '９８', null],
  ])('%s %j → %j', (key, text, problem) => {
    expect(say(fieldProblem(key, text))).toBe(problem);
  });

  it('the form knows the same ranges as the API', () => {
    expect(VITAL_FIELDS.map((f) => [f.key, f.min, f.max, f.decimals])).toEqual([
      ['temperature', 30, 45, 1],
      ['systolic', 40, 300, 0],
      ['diastolic', 20, 200, 0],
      ['pulse', 20, 250, 0],
      ['respiratoryRate', 2, 80, 0],
      ['spo2', 50, 100, 0],
    ]);
  });
});

describe('toVitals', () => {
  it('nothing typed → empty vitals', () => {
    expect(toVitals({}, {})).toEqual({ ok: true, vitals: {} });
    expect(toVitals({ temperature: '', pulse: '  ' }, {})).toEqual({ ok: true, vitals: {} });
  });

  it('full-width text and the extras become numbers and codes', () => {
    expect(
      toVitals(
        { temperature: '３７．２', systolic: '128', diastolic: '74', pulse: ' 88 ', respiratoryRate: '18', spo2: '９６' },
        { onOxygen: false, consciousness: 'A' },
      ),
    ).toEqual({
      ok: true,
      vitals: { temperature: 37.2, systolic: 128, diastolic: 74, pulse: 88, respiratoryRate: 18, spo2: 96, onOxygen: false, consciousness: 'A' },
    });
  });

  it.each<[boolean | undefined, Record<string, unknown>]>([
    [true, { spo2: 94, onOxygen: true }],
    [false, { spo2: 94, onOxygen: false }],
    [undefined, { spo2: 94 }],
  ])('onOxygen %s is kept as recorded (absent = not recorded)', (onOxygen, vitals) => {
    expect(toVitals({ spo2: '94' }, onOxygen === undefined ? {} : { onOxygen })).toEqual({ ok: true, vitals });
  });

  it('a consciousness other than A is kept', () => {
    expect(toVitals({}, { consciousness: 'C' })).toEqual({ ok: true, vitals: { consciousness: 'C' } });
  });

  it('each bad field gets its own problem', () => {
    expect(toVitalsJa({ temperature: '365', pulse: 'x', spo2: '98' }, {})).toEqual({
      ok: false,
      problems: { temperature: RANGE(30, 45), pulse: '数字で入力してください' },
    });
  });

  it.each<[string, string]>([
    ['80', '80'],
    ['120', '130'],
  ])('systolic %s / diastolic %s → a problem on diastolic', (systolic, diastolic) => {
    expect(toVitalsJa({ systolic, diastolic }, {})).toEqual({
      ok: false,
      problems: { diastolic: '血圧（下）は血圧（上）より低い値にしてください' },
    });
  });

  it('diastolic alone is fine', () => {
    expect(toVitals({ diastolic: '80' }, {})).toEqual({ ok: true, vitals: { diastolic: 80 } });
  });
});

describe('typoFix and liveVitals', () => {
  it('typoFix offers the value the hint button fills in', () => {
    expect(typoFix('temperature', '382')).toBe('38.2');
    expect(typoFix('temperature', '38.2')).toBeNull();
    expect(typoFix('pulse', '382')).toBeNull();
  });

  it('liveVitals keeps the valid fields while another is being corrected', () => {
    expect(liveVitals({ temperature: '382', pulse: '80', spo2: '' }, { onOxygen: false, consciousness: 'A' })).toEqual({
      pulse: 80,
      onOxygen: false,
      consciousness: 'A',
    });
    expect(liveVitals({ systolic: '120', diastolic: '130' }, {})).toEqual({ systolic: 120 });
    expect(liveVitals({}, {})).toEqual({});
  });
});
