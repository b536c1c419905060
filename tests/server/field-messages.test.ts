// PRODUCT.md: the messages of problem+json a person reads are plain Japanese. A field a schema
// gives no message of its own is worded by shared/field-messages.ts, never by zod: its Japanese
// locale said 「無効な入力: stringが期待されましたが、numberが入力されました」, its default English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { FIELD_MESSAGES } from '../../src/shared/field-messages.js';
import { YAMADA, consultationBody, expectProblem, makeApp, newId, observationBody, type ApiClient, type TestServer } from '../fixtures/server.js';

let s: TestServer;
let carer: ApiClient;
beforeAll(async () => {
  s = await makeApp();
  carer = await s.login('carer.suzuki');
});
afterAll(() => s.close());

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const earlier = () => new Date(s.clock.now().getTime() - 5 * 60 * 1000);

/** The field messages of a 400, by path; each Japanese, without a Latin letter. */
function messagesOf(reply: Parameters<typeof expectProblem>[0]): Record<string, string> {
  const p = expectProblem(reply, 400, []);
  const byPath = Object.fromEntries((p.errors ?? []).map((e) => [e.path, e.message]));
  for (const [path, message] of Object.entries(byPath)) {
    expect(message, path).toMatch(JAPANESE);
    expect(message, path).not.toMatch(/[A-Za-z]/);
  }
  return byPath;
}

describe('field messages of a request with wrong types', () => {
  it('an observation: a number for text, a missing field, an unknown sign, a note too long', async () => {
    const withoutTime: Partial<ReturnType<typeof observationBody>> = observationBody(YAMADA, earlier(), { softSigns: ['sneezing'], note: 'あ'.repeat(4001) });
    delete withoutTime.observedAt;
    const missing = messagesOf(await carer.put(`/api/observations/${newId()}`, withoutTime));
    expect(missing).toMatchObject({ observedAt: FIELD_MESSAGES.required, 'softSigns.0': FIELD_MESSAGES.choice, note: '4000文字までにしてください' });
    const wrongType = messagesOf(await carer.put(`/api/observations/${newId()}`, observationBody(YAMADA, earlier(), { note: 123 as unknown as string })));
    expect(wrongType).toEqual({ note: FIELD_MESSAGES.text });
  });

  it('a consultation: an unknown urgency, a number for text, a missing SBAR field, an empty one, a vital out of its type', async () => {
    const body = consultationBody(YAMADA, 'sakura', {
      urgency: 'soon',
      toOrgId: 7 as unknown as string,
      sbar: { situation: '', background: 'x', assessment: 'x' } as never,
    });
    const got = messagesOf(await carer.put(`/api/consultations/${newId()}`, body));
    expect(got).toMatchObject({
      urgency: FIELD_MESSAGES.choice,
      toOrgId: FIELD_MESSAGES.text,
      'sbar.situation': FIELD_MESSAGES.empty,
      'sbar.request': FIELD_MESSAGES.required,
    });
    const vitals = messagesOf(
      await carer.put(`/api/observations/${newId()}`, observationBody(YAMADA, earlier(), { vitals: { pulse: 80.5, temperature: '37' as unknown as number } })),
    );
    expect(vitals).toEqual({ 'vitals.pulse': FIELD_MESSAGES.integer, 'vitals.temperature': FIELD_MESSAGES.number });
  });

  it('a staff account: a login ID out of its rule is told the rule, a name too long, an unknown role', async () => {
    const admin = await s.login('admin.himawari');
    const got = messagesOf(await admin.put(`/api/admin/users/${newId()}`, { loginId: 'Ab', name: 'あ'.repeat(101), role: 'boss', password: 'x'.repeat(12) }));
    expect(got).toEqual({
      loginId: '半角の英小文字・数字と「._-」で、3〜64文字にしてください',
      name: '100文字までにしてください',
      role: FIELD_MESSAGES.choice,
    });
  });

  it('through a batch too (how a phone sends them)', async () => {
    const r = await carer.post<{ responses: { status: number; body: { errors?: { path: string; message: string }[] } }[] }>('/api/batch', {
      requests: [{ id: '1', method: 'PUT', url: `/api/observations/${newId()}`, body: observationBody(YAMADA, earlier(), { softSigns: 'fall' as never }) }],
    });
    const errors = r.body.responses[0]?.body.errors ?? [];
    expect(errors).toEqual([{ path: 'softSigns', message: FIELD_MESSAGES.list }]);
  });
});

describe('every kind of zod issue', () => {
  // Installed by the server's app module (imported by the fixtures above), as in production.
  const cases: [z.ZodMiniType, unknown][] = [
    [z.string(), 1],
    [z.string(), undefined],
    [z.number(), 'x'],
    [z.number(), Number.NaN],
    [z.int(), 1.5],
    [z.boolean(), 'yes'],
    [z.array(z.string()), {}],
    [z.array(z.string()), [1]],
    [z.object({ a: z.string() }), []],
    [z.strictObject({ a: z.string() }), { a: 'x', b: 1 }],
    [z.record(z.enum(['a']), z.string()), { b: 'x' }],
    [z.null(), 1],
    [z.literal('a'), 'b'],
    [z.enum(['a', 'b']), 'c'],
    [z.union([z.string(), z.number()]), true],
    [z.uuid(), 'x'],
    [z.iso.datetime(), 'x'],
    [z.iso.date(), 'x'],
    [z.email(), 'x'],
    [z.url(), 'x'],
    [z.string().check(z.regex(/^a$/)), 'b'],
    [z.string().check(z.minLength(3)), 'a'],
    [z.string().check(z.maxLength(1)), 'ab'],
    [z.string().check(z.length(2)), 'a'],
    [z.number().check(z.gt(1)), 1],
    [z.number().check(z.lt(1)), 1],
    [z.array(z.string()).check(z.minLength(1)), []],
    [z.number().check(z.multipleOf(5)), 3],
    [z.date(), 'x'],
    [z.bigint(), 1],
  ];
  it('is plain Japanese without a type name', () => {
    for (const [schema, input] of cases) {
      const r = schema.safeParse(input);
      expect(r.success, String(input)).toBe(false);
      for (const issue of r.error?.issues ?? []) {
        expect(issue.message).toMatch(JAPANESE);
        expect(issue.message).not.toMatch(/string|number|boolean|array|object|undefined|null|int|bigint|date|nan|instanceof|regex|uuid|iso/i);
      }
    }
  });
});
