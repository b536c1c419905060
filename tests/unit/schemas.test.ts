// Request schemas against PRODUCT.md "Rules the routes share › Values": each range at and past
// its edge, issues naming the field, extra fields stripped, observedAt at most 5 minutes ahead.
import { describe, expect, it } from 'vitest';
import { SOFT_SIGN_CODES } from '../../src/shared/codes.js';
import {
  ConsultationInputSchema,
  isTooFarInFuture,
  issuesToErrors,
  MAX_FUTURE_MS,
  MessageInputSchema,
  ObservationInputSchema,
  VitalsSchema,
} from '../../src/shared/schemas.js';

const CLIENT_ID = '6f1c1e0a-3b4d-4c5e-8f7a-9b0c1d2e3f40';
const OBS_ID = '0d9e8f7a-6b5c-4d3e-9f1a-2b3c4d5e6f70';

const observation = (vitals: unknown, extra: Record<string, unknown> = {}) => ({
  clientId: CLIENT_ID,
  observedAt: '2025-11-03T14:20:00+09:00',
  vitals,
  softSigns: [],
  ...extra,
});

/** The paths of the issues as problem+json names them ("vitals.temperature"). */
function errorPaths(result: { success: boolean; error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } }): string[] {
  if (result.success || !result.error) return [];
  return issuesToErrors(result.error.issues).map((e) => e.path);
}

type Case = [field: string, value: unknown, ok: boolean];

describe('VitalsSchema ranges', () => {
  it.each<Case>([
    // temperature 30.0–45.0, at most one decimal
    ['temperature', 29.9, false],
    ['temperature', 30.0, true],
    ['temperature', 30.1, true],
    ['temperature', 36.5, true],
    ['temperature', 36.6, true],
    ['temperature', 37.3, true],
    ['temperature', 44.9, true],
    ['temperature', 45.0, true],
    ['temperature', 45.1, false],
    ['temperature', 36.55, false],
    ['temperature', 36.05, false],
    ['temperature', 365, false],
    ['temperature', '36.5', false],
    ['temperature', Number.NaN, false],
    ['temperature', Number.POSITIVE_INFINITY, false],
    // systolic 40–300 whole
    ['systolic', 39, false],
    ['systolic', 40, true],
    ['systolic', 300, true],
    ['systolic', 301, false],
    ['systolic', 120.5, false],
    ['systolic', '120', false],
    // diastolic 20–200 whole (alone, no systolic to compare with)
    ['diastolic', 19, false],
    ['diastolic', 20, true],
    ['diastolic', 200, true],
    ['diastolic', 201, false],
    ['diastolic', 80.5, false],
    // pulse 20–250 whole
    ['pulse', 19, false],
    ['pulse', 20, true],
    ['pulse', 250, true],
    ['pulse', 251, false],
    ['pulse', 72.5, false],
    // respiratory rate 2–80 whole
    ['respiratoryRate', 1, false],
    ['respiratoryRate', 2, true],
    ['respiratoryRate', 80, true],
    ['respiratoryRate', 81, false],
    ['respiratoryRate', 16.5, false],
    // SpO2 50–100 whole
    ['spo2', 49, false],
    ['spo2', 50, true],
    ['spo2', 100, true],
    ['spo2', 101, false],
    ['spo2', 97.5, false],
    // onOxygen true or false
    ['onOxygen', true, true],
    ['onOxygen', false, true],
    ['onOxygen', 'true', false],
    ['onOxygen', 1, false],
    // consciousness A/C/V/P/U
    ['consciousness', 'A', true],
    ['consciousness', 'C', true],
    ['consciousness', 'V', true],
    ['consciousness', 'P', true],
    ['consciousness', 'U', true],
    ['consciousness', 'a', false],
    ['consciousness', 'X', false],
    ['consciousness', '', false],
    ['consciousness', 0, false],
  ])('%s = %j → ok %s', (field, value, ok) => {
    const r = VitalsSchema.safeParse({ [field]: value });
    expect(r.success).toBe(ok);
    if (ok) expect(r.data).toEqual({ [field]: value });
    else expect(errorPaths(r)).toEqual([field]);
  });

  it.each<[number, number, boolean]>([
    [120, 80, true],
    [300, 200, true],
    [41, 40, true],
    [80, 80, false],
    [80, 81, false],
    [40, 200, false],
  ])('systolic %i / diastolic %i → ok %s (diastolic strictly below systolic)', (systolic, diastolic, ok) => {
    const r = VitalsSchema.safeParse({ systolic, diastolic });
    expect(r.success).toBe(ok);
    if (!ok) expect(errorPaths(r)).toEqual(['diastolic']);
  });

  it('every field is optional', () => {
    expect(VitalsSchema.safeParse({}).success).toBe(true);
  });

  it('a score sent inside vitals is stripped', () => {
    const r = VitalsSchema.safeParse({ temperature: 36.5, news2: 12, score: 3 });
    expect(r.success).toBe(true);
    expect(r.data).toEqual({ temperature: 36.5 });
  });

  it('several bad fields → one issue per field', () => {
    const r = VitalsSchema.safeParse({ temperature: 50, pulse: 10, consciousness: 'Z' });
    expect(errorPaths(r).sort()).toEqual(['consciousness', 'pulse', 'temperature']);
  });
});

describe('ObservationInputSchema', () => {
  it('a full observation parses', () => {
    const input = observation(
      { temperature: 37.8, systolic: 128, diastolic: 74, pulse: 92, respiratoryRate: 20, spo2: 95, onOxygen: false, consciousness: 'A' },
      { softSigns: ['eating_less', 'fall'], note: '昼食を半分残した' },
    );
    const r = ObservationInputSchema.safeParse(input);
    expect(r.success).toBe(true);
    expect(r.data).toEqual(input);
  });

  it('issues name the field path inside vitals', () => {
    expect(errorPaths(ObservationInputSchema.safeParse(observation({ temperature: 45.1 })))).toEqual(['vitals.temperature']);
    expect(errorPaths(ObservationInputSchema.safeParse(observation({ systolic: 100, diastolic: 100 })))).toEqual([
      'vitals.diastolic',
    ]);
  });

  it.each(SOFT_SIGN_CODES.map((s) => [s]))('soft sign %s is accepted', (sign) => {
    expect(ObservationInputSchema.safeParse(observation({}, { softSigns: [sign] })).success).toBe(true);
  });

  it.each([['unknown'], ['Fall'], [''], ['dizzy']])('unknown soft sign %j → softSigns.<index>', (code) => {
    const r = ObservationInputSchema.safeParse(observation({}, { softSigns: ['fall', code] }));
    expect(r.success).toBe(false);
    expect(errorPaths(r)).toEqual(['softSigns.1']);
  });

  it.each<[string, unknown, string]>([
    ['clientId not a uuid', { clientId: 'yamada' }, 'clientId'],
    ['observedAt not a date-time', { observedAt: '昨日' }, 'observedAt'],
    ['observedAt without an offset', { observedAt: '2025-11-03T14:20:00' }, 'observedAt'],
    ['softSigns not an array', { softSigns: 'fall' }, 'softSigns'],
    ['vitals missing', { vitals: undefined }, 'vitals'],
    ['note not a string', { note: 3 }, 'note'],
  ])('%s → issue at %s', (_name, override, path) => {
    const r = ObservationInputSchema.safeParse({ ...observation({}), ...(override as object) });
    expect(r.success).toBe(false);
    expect(errorPaths(r)).toEqual([path]);
  });

  it.each([['2025-11-03T05:20:00Z'], ['2025-11-03T14:20:00+09:00'], ['2025-11-03T14:20:00.123+09:00']])(
    'observedAt %s is accepted',
    (observedAt) => {
      expect(ObservationInputSchema.safeParse(observation({}, { observedAt })).success).toBe(true);
    },
  );

  it('extra fields are stripped, including a score the client sends', () => {
    const r = ObservationInputSchema.safeParse(
      observation({ pulse: 80, extra: 1 }, { news2: { score: 0 }, authorId: 'someone', id: OBS_ID }),
    );
    expect(r.success).toBe(true);
    expect(r.data).toEqual(observation({ pulse: 80 }));
  });

  it('a whole empty body names the missing fields', () => {
    expect(errorPaths(ObservationInputSchema.safeParse({})).sort()).toEqual([
      'clientId',
      'observedAt',
      'softSigns',
      'vitals',
    ]);
  });
});

describe('isTooFarInFuture (observedAt at most 5 minutes ahead)', () => {
  const now = Date.parse('2025-11-03T05:20:00.000Z');
  it.each<[string, boolean]>([
    ['2025-11-02T05:20:00.000Z', false],
    ['2025-11-03T05:20:00.000Z', false],
    ['2025-11-03T05:24:59.999Z', false],
    ['2025-11-03T05:25:00.000Z', false],
    ['2025-11-03T14:25:00.000+09:00', false],
    ['2025-11-03T05:25:00.001Z', true],
    ['2025-11-03T05:26:00.000Z', true],
    ['2025-11-03T14:26:00+09:00', true],
    ['2025-11-04T05:20:00.000Z', true],
  ])('%s → %s', (observedAt, expected) => {
    expect(isTooFarInFuture(observedAt, now)).toBe(expected);
  });

  it('the margin is 5 minutes', () => {
    expect(MAX_FUTURE_MS).toBe(300_000);
  });
});

describe('ConsultationInputSchema', () => {
  const consultation = (extra: Record<string, unknown> = {}, sbar: Record<string, unknown> = {}) => ({
    clientId: CLIENT_ID,
    toOrgId: 'sakura',
    observationIds: [OBS_ID],
    category: 'change',
    urgency: 'today',
    sbar: { situation: '熱があります', background: '', assessment: 'わからない', request: '助言をください', ...sbar },
    ...extra,
  });

  it('parses, and the list of observations may be empty', () => {
    expect(ConsultationInputSchema.safeParse(consultation()).success).toBe(true);
    expect(ConsultationInputSchema.safeParse(consultation({ observationIds: [] })).success).toBe(true);
  });

  it.each([['change'], ['trouble'], ['judgement']])('category %s', (category) => {
    expect(ConsultationInputSchema.safeParse(consultation({ category })).success).toBe(true);
  });

  it.each([['immediate'], ['today'], ['within_days'], ['fyi']])('urgency %s', (urgency) => {
    expect(ConsultationInputSchema.safeParse(consultation({ urgency })).success).toBe(true);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
    ['unknown category', { category: 'other' }, {}, 'category'],
    ['unknown urgency', { urgency: 'now' }, {}, 'urgency'],
    ['observation id not a uuid', { observationIds: [OBS_ID, 'obs-1'] }, {}, 'observationIds.1'],
    ['empty toOrgId', { toOrgId: '' }, {}, 'toOrgId'],
    ['empty situation', {}, { situation: '' }, 'sbar.situation'],
    ['blank situation', {}, { situation: '  \n ' }, 'sbar.situation'],
    ['empty request', {}, { request: '' }, 'sbar.request'],
  ])('%s → issue at %s', (_name, extra, sbar, path) => {
    const r = ConsultationInputSchema.safeParse(consultation(extra, sbar));
    expect(r.success).toBe(false);
    expect(errorPaths(r)).toEqual([path]);
  });

  it('empty background and assessment are allowed', () => {
    expect(ConsultationInputSchema.safeParse(consultation({}, { background: '', assessment: '' })).success).toBe(true);
  });

  it('extra fields are stripped, including a suggestedUrgency or status the client sends', () => {
    const r = ConsultationInputSchema.safeParse(consultation({ suggestedUrgency: 'fyi', status: 'closed' }, { c: 'x' }));
    expect(r.success).toBe(true);
    expect(r.data).toEqual(consultation());
  });
});

describe('MessageInputSchema', () => {
  it.each<[unknown, boolean, string[]]>([
    [{ kind: 'message', body: '様子を見てください' }, true, []],
    [{ kind: 'message' }, false, ['body']],
    [{ kind: 'message', body: '' }, false, ['body']],
    [{ kind: 'message', body: '   ' }, false, ['body']],
    [{ kind: 'acknowledge' }, true, []],
    [{ kind: 'close' }, true, []],
    [{ kind: 'close', body: '助かりました' }, true, []],
    [{ kind: 'message', body: '訪問します', replyKind: 'visit' }, true, []],
    [{ kind: 'message', body: 'x', replyKind: 'teleport' }, false, ['replyKind']],
    [{ kind: 'reopen' }, false, ['kind']],
    [{}, false, ['kind']],
  ])('%j → ok %s', (input, ok, paths) => {
    const r = MessageInputSchema.safeParse(input);
    expect(r.success).toBe(ok);
    expect(errorPaths(r)).toEqual(paths);
  });

  it('extra fields are stripped', () => {
    const r = MessageInputSchema.safeParse({ kind: 'close', status: 'open', authorId: 'x' });
    expect(r.data).toEqual({ kind: 'close' });
  });
});

describe('issuesToErrors', () => {
  it('joins the path with dots, prefixes it and names the body when the path is empty', () => {
    expect(
      issuesToErrors(
        [
          { path: ['vitals', 'temperature'], message: 'a' },
          { path: ['softSigns', 2], message: 'b' },
          { path: [], message: 'c' },
        ],
        '',
      ),
    ).toEqual([
      { path: 'vitals.temperature', message: 'a' },
      { path: 'softSigns.2', message: 'b' },
      { path: '(body)', message: 'c' },
    ]);
    expect(issuesToErrors([{ path: ['sbar', 'request'], message: 'd' }], 'body')).toEqual([
      { path: 'body.sbar.request', message: 'd' },
    ]);
  });
});
