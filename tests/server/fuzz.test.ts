// Fuzzing every write route with fast-check: random JSON, objects with wrong-typed fields,
// valid bodies with one field pushed out of PRODUCT.md's rules, text that is not JSON, wrong
// content types, huge and deeply nested bodies, and ids that are not UUIDs (path traversal,
// unicode, very long). Every answer must be a 4xx problem+json — never a 5xx, never a 2xx —
// and nothing may be stored.
//
// Each "valid-looking" body is one mutation away from a base the server accepts: the bases
// are sent once for real before the fuzzing starts (that is also how the consultation the
// message routes need is made).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, MESSAGE_KINDS, SOFT_SIGN_CODES, URGENCIES } from '../../src/shared/codes.js';
import { IdSchema } from '../../src/shared/schemas.js';
import {
  KOBAYASHI,
  PASSWORD,
  YAMADA,
  consultationBody,
  makeApp,
  toReply,
  type ApiClient,
  type ProblemBody,
  type TestServer,
} from '../fixtures/server.js';

/** Runs per property; FUZZ_RUNS=5000 for a longer hunt. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const KB = 1024;
const MB = 1024 * KB;

let s: TestServer;
let carer: ApiClient;
let nurse: ApiClient;
/** A consultation of carer.suzuki's about YAMADA to sakura: the messages routes' target. */
let consultationId = '';

// ---- what "nothing stored" means ---------------------------------------------------------------

const COUNTED = [
  'observations',
  'consultations',
  'consultation_observations',
  'messages',
  'usual_value_changes',
  'changes',
] as const;

async function snapshot(): Promise<Record<string, unknown>> {
  const counts: Record<string, unknown> = {};
  for (const table of COUNTED) {
    counts[table] = ((await s.db.get(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number }).n;
  }
  // PUT /api/clients/{id}/usual also updates the client row itself (SpO2 scale, usual values).
  counts.clients = JSON.stringify((await s.db.all('SELECT * FROM clients ORDER BY id')));
  return counts;
}

// ---- requests ----------------------------------------------------------------------------------

/** A request body: a JSON value, or raw text with a content type (null = none sent). */
type Payload = { json: unknown } | { text: string; type: string | null };

const describePayload = (p: Payload): string => {
  const raw = 'json' in p ? JSON.stringify(p.json) : `${p.type ?? '(no content-type)'} ${p.text}`;
  return raw.length > 300 ? `${raw.slice(0, 300)}… (${raw.length} chars)` : raw;
};

async function send(who: ApiClient | null, method: string, path: string, payload: Payload): Promise<Response> {
  const headers: Record<string, string> = {};
  if (who) headers.cookie = who.cookie;
  let body: string;
  if ('json' in payload) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(payload.json);
  } else {
    if (payload.type !== null) headers['content-type'] = payload.type;
    body = payload.text;
  }
  return s.app.request(path, { method, headers, body });
}

interface Answer {
  status: number;
  contentType: string;
  body: unknown;
  headers: Headers;
}

function isProblem(body: unknown, status: number): boolean {
  const p = body as Partial<ProblemBody> | null;
  return (
    p !== null &&
    typeof p === 'object' &&
    typeof p.type === 'string' &&
    p.type.length > 0 &&
    typeof p.title === 'string' &&
    p.title.length > 0 &&
    p.status === status &&
    typeof p.detail === 'string' &&
    p.detail.length > 0 &&
    (p.errors === undefined ||
      (Array.isArray(p.errors) && p.errors.every((e) => typeof e.path === 'string' && typeof e.message === 'string')))
  );
}

/** The answer must be a 4xx problem+json; returns it for further checks. */
async function expectRejected(res: Response, what: string): Promise<Answer> {
  const r = await toReply(res);
  const summary = `${what} → ${r.status} ${r.contentType} ${JSON.stringify(r.body)?.slice(0, 300)}`;
  expect(r.status >= 400 && r.status < 500, `4xx: ${summary}`).toBe(true);
  expect(r.contentType, summary).toMatch(/^application\/problem\+json\b/);
  expect(isProblem(r.body, r.status), `problem body: ${summary}`).toBe(true);
  return r;
}

/**
 * Runs a property and checks after every run that this run stored nothing (relative to the
 * state before it, so that shrinking still finds the run that did), then that the database is
 * as it was before the property.
 */
async function fuzz<T>(arb: fc.Arbitrary<T>, run: (value: T) => Promise<void>, numRuns = RUNS): Promise<void> {
  const start = await snapshot();
  await fc.assert(
    fc.asyncProperty(arb, async (value) => {
      const before = await snapshot();
      await run(value);
      expect(await snapshot(), 'nothing stored').toEqual(before);
    }),
    { numRuns },
  );
  expect(await snapshot(), 'nothing stored by the whole property').toEqual(start);
}

// ---- generic garbage ---------------------------------------------------------------------------

type Path = readonly (string | number)[];
const DELETE = Symbol('delete');

/** A deep copy of `base` with the value at `path` replaced (or deleted); unchanged if the path is gone. */
function withValue(base: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') return copy;
    node = next as Record<string | number, unknown>;
  }
  const last = path.at(-1);
  if (last === undefined) return value;
  if (value === DELETE) Reflect.deleteProperty(node, last);
  else node[last] = value;
  return copy;
}

/** Every path in a JSON value (objects, arrays and their leaves), the root excluded. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i): [number, unknown] => [i, v])
    : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

function getAt(value: unknown, path: Path): unknown {
  let node = value;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return node;
}

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

const anyJson = fc.jsonValue({ maxDepth: 4 });
const unicodeText = fc.string({ unit: 'binary', maxLength: 40 });

/** A JSON value of another kind than `like` (and never null where null is allowed). */
const wrongTypeFor = (like: unknown, nullAllowed: boolean) =>
  fc
    .oneof(anyJson, fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, '', '0', 'null', [], {}))
    .filter((v) => kindOf(v) !== kindOf(like) && !(nullAllowed && v === null));

/** Random extra fields: allowed and ignored, so they never make a bad body good. */
const extras = fc.dictionary(fc.oneof(unicodeText, fc.constantFrom('__proto__', 'constructor', 'id', 'news2', 'score')), anyJson, {
  maxKeys: 3,
});

interface RouteBodies {
  /** A body the server accepts (sent once for real before the fuzzing). */
  base: () => Record<string, unknown>;
  /** Paths whose value may be null (so null is not a wrong type there). */
  nullable?: readonly string[];
  /** Paths (and what is below them) that take any value, so have no wrong type. */
  anyValue?: readonly string[];
  /** Values that break PRODUCT.md's rules for one field (DELETE = leave a required field out). */
  mutations: [Path, fc.Arbitrary<unknown>][];
}

/** The base with 1–3 fields given a value of the wrong JSON type, plus random extra fields. */
function wrongTyped(r: RouteBodies): fc.Arbitrary<unknown> {
  const base = r.base();
  const free = r.anyValue ?? [];
  const paths = pathsOf(base).filter((p) => !free.some((f) => `${p.join('.')}.`.startsWith(`${f}.`)));
  const change = fc.oneof(
    ...paths.map((p) => wrongTypeFor(getAt(base, p), r.nullable?.includes(p.join('.')) ?? false).map((v) => [p, v] as const)),
  );
  return fc.tuple(extras, fc.array(change, { minLength: 1, maxLength: 3 })).map(([more, changes]) =>
    changes.reduce<unknown>((body, [p, v]) => withValue(body, p, v), { ...more, ...r.base() }),
  );
}

/** The base with exactly one field out of range (or a required one missing), plus random extra fields. */
function mutated(r: RouteBodies): fc.Arbitrary<unknown> {
  return fc.tuple(extras, fc.oneof(...r.mutations.map(([p, arb]) => arb.map((v) => [p, v] as const)))).map(
    ([more, [p, v]]) => withValue({ ...more, ...r.base() }, p, v),
  );
}

/** A body that is not a JSON object at all, or not an object of the route's shape. */
const randomJson = fc.oneof(
  anyJson,
  fc.dictionary(unicodeText, anyJson, { maxKeys: 6 }),
  fc.constantFrom<unknown>(null, 0, '', [], {}, true, 'null', [{}], [null]),
);

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Raw bodies: not JSON, JSON under a non-JSON content type, huge, or nested very deep. */
function rawBodies(r: RouteBodies, hugeFields: Path[]): fc.Arbitrary<Payload> {
  const json = (text: string): Payload => ({ text, type: 'application/json' });
  const notJson = fc
    .oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom('', ' ', '{', '}', '{"a":', "{'a':1}", '[1,]', 'NaN', 'undefined', '{"a":1}}', '\u0000', '<x/>', 'a=1&b=2', '\uFEFF{}'),
      fc.nat({ max: JSON.stringify(r.base()).length - 1 }).map((n) => JSON.stringify(r.base()).slice(0, n)),
    )
    .filter((t) => !parses(t))
    .map(json);
  const wrongContentType = fc
    .constantFrom<string | null>(null, 'text/plain', 'text/html', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonp', 'json')
    .map((type): Payload => ({ text: JSON.stringify(r.base()), type }));
  const huge = fc
    .tuple(fc.constantFrom(...hugeFields), fc.integer({ min: 4001, max: MB + 64 * KB }), fc.constantFrom('x', 'あ', '😀', '"', '\\', '\u0000'))
    // n code points (what zod's length checks count), over and under the 1 MB limit once encoded.
    .map(([p, n, ch]): Payload => ({ json: withValue(r.base(), p, ch.repeat(n)) }));
  const deep = fc
    .tuple(fc.integer({ min: 1_000, max: 250_000 }), fc.constantFrom(['[', ']'], ['{"a":', '}'], ['{"vitals":', '}']))
    .map(([n, [open, close]]) => json(`${(open ?? '').repeat(n)}1${(close ?? '').repeat(n)}`));
  return fc.oneof(
    { arbitrary: notJson, weight: 4 },
    { arbitrary: wrongContentType, weight: 2 },
    { arbitrary: huge, weight: 1 },
    { arbitrary: deep, weight: 1 },
  );
}

/** Every kind of bad body for a route. */
function badBodies(r: RouteBodies, hugeFields: Path[]): fc.Arbitrary<Payload> {
  return fc.oneof(
    { arbitrary: badJson(r).map((json): Payload => ({ json })), weight: 6 },
    { arbitrary: rawBodies(r, hugeFields), weight: 2 },
  );
}

/** Bad bodies that are JSON values (for batch sub-requests too). */
function badJson(r: RouteBodies): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: randomJson, weight: 1 }, { arbitrary: wrongTyped(r), weight: 2 }, { arbitrary: mutated(r), weight: 3 });
}

// ---- ids ---------------------------------------------------------------------------------------

const uuid = fc.uuid({ version: 4 });

/** Ids that are not UUIDs: random, unicode, almost-UUIDs, traversal, very long. */
const badIdValue = fc
  .oneof(
    unicodeText,
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
    uuid.chain((u) =>
      fc.constantFrom(
        `${u}x`,
        u.slice(1),
        `{${u}}`,
        `urn:uuid:${u}`,
        `${u} `,
        ` ${u}`,
        `${u}\n`,
        u.replace(/-/g, ''),
        `g${u.slice(1)}`,
        `${u}/`,
        `${u}/..`,
        `${u}\u0000`,
      ),
    ),
    fc.constantFrom('..', '../..', '../../session', '../batch', '..\\..', '....//', '.%2e', '%00', 'null', 'undefined', '0', '-1', '1e3', '山田', '😀', '\u202e', '\u0000', '<script>', "' OR 1=1 --"),
    fc.integer({ min: 1_000, max: 100_000 }).map((n) => 'a'.repeat(n)),
  )
  .filter((id) => !IdSchema.safeParse(id).success);

/** Raw path segments (not encoded): they may be normalized by URL parsing or decoded by the router. */
const rawSegment = fc.constantFrom('..', '.', '../x', 'a/b', 'a/../..', '%2e%2e', '..%2f', '..%2F..%2Fsession', '%252e%252e', '%', '%zz', '%ff', '%c0%af', '%e3%81%82', ';', '..;', '?x=1', '#frag', '', ' ', '%20');

function encodeSegment(id: string): string {
  try {
    return encodeURIComponent(id);
  } catch {
    return id;
  }
}

/** A path segment that is not a UUID: encoded random ids, or raw oddities. */
const badSegment = fc.oneof({ arbitrary: badIdValue.map(encodeSegment), weight: 4 }, { arbitrary: rawSegment, weight: 1 });

/** Keeps only paths that stay under /api/ once parsed (the others are not API requests). */
const underApi = (path: string): boolean => new URL(path, 'http://localhost').pathname.startsWith('/api/');

// ---- the routes' bodies ------------------------------------------------------------------------

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const text = (n: number) => 'あ'.repeat(n);

/** Integers outside [min, max], and numbers in range that are not whole. */
const outside = (min: number, max: number) =>
  fc.oneof(
    fc.integer({ min: -1_000_000, max: min - 1 }),
    fc.integer({ min: max + 1, max: 1_000_000 }),
    fc.constantFrom(min - 1, max + 1, -1e308, 1e308, Number.MAX_SAFE_INTEGER, -0.5),
  );
const notWhole = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x));
const notIn = (codes: readonly string[]) =>
  fc.oneof(unicodeText, fc.constantFrom('', ' ', 'x')).filter((c) => !codes.includes(c) && !codes.includes(c.trim()));

/** KOBAYASHI's observations (aozora's client): seeded observations 85–112. */
const KOBAYASHI_OBSERVATION = '00000000-0000-4000-9000-000000000100';

const OBSERVATION: RouteBodies = {
  base: () => ({
    clientId: YAMADA,
    observedAt: minutesAgo(1),
    vitals: { temperature: 37.2, systolic: 130, diastolic: 80, pulse: 80, respiratoryRate: 16, spo2: 97, onOxygen: false, consciousness: 'A' },
    softSigns: ['not_usual'],
    note: '少し元気がない',
  }),
  // note: null is "no note", as the answers say (docs/product.md, stop 21).
  nullable: ['note'],
  mutations: [
    [['clientId'], fc.oneof(fc.constant(KOBAYASHI), uuid, notIn([]))],
    [['clientId'], fc.constant(DELETE)],
    [
      ['observedAt'],
      fc.oneof(
        fc.integer({ min: 10, max: 10_000_000 }).map((m) => new Date(Date.now() + m * 60_000).toISOString()),
        fc.constantFrom('yesterday', '2024-02-30T10:00:00Z', '2023-02-29T10:00:00Z', '2024-01-01', '2024-01-01T10:00:00', '2024-13-01T00:00:00Z', '2024-01-01T24:00:00Z', ' 2024-01-01T00:00:00Z', '', '2024-01-01T00:00:00+25:00'),
        unicodeText,
      ),
    ],
    [['observedAt'], fc.constant(DELETE)],
    [['vitals'], fc.constant(DELETE)],
    [['softSigns'], fc.constant(DELETE)],
    [
      ['vitals', 'temperature'],
      fc.oneof(
        fc.double({ max: 29.999, noNaN: true, noDefaultInfinity: true }),
        fc.double({ min: 45.001, noNaN: true, noDefaultInfinity: true }),
        // more than one decimal
        fc.integer({ min: 3001, max: 4499 }).filter((n) => n % 10 !== 0).map((n) => n / 100),
      ),
    ],
    [['vitals', 'systolic'], fc.oneof(outside(40, 300), notWhole(40, 300))],
    [['vitals', 'diastolic'], fc.oneof(outside(20, 200), notWhole(20, 79), fc.integer({ min: 130, max: 200 }))],
    [['vitals', 'pulse'], fc.oneof(outside(20, 250), notWhole(20, 250))],
    [['vitals', 'respiratoryRate'], fc.oneof(outside(2, 80), notWhole(2, 80))],
    [['vitals', 'spo2'], fc.oneof(outside(50, 100), notWhole(50, 100))],
    [['vitals', 'onOxygen'], fc.constantFrom('true', 'false', 0, 1, null, 'yes')],
    [['vitals', 'consciousness'], fc.oneof(notIn(['A', 'C', 'V', 'P', 'U']), fc.constantFrom('a', 'alert', 'AV'))],
    [
      ['softSigns'],
      fc.oneof(
        notIn(SOFT_SIGN_CODES).map((c) => [c]),
        fc.constant(Array.from({ length: 21 }, (_, i) => SOFT_SIGN_CODES[i % SOFT_SIGN_CODES.length])),
        fc.constantFrom('fall', 'not_usual', { fall: true }),
      ),
    ],
    [['note'], fc.integer({ min: 4001, max: 20_000 }).map(text)],
  ],
};

const CONSULTATION: RouteBodies = {
  base: () => consultationBody(YAMADA, 'sakura', { observationIds: ['00000000-0000-4000-9000-000000000001'] }),
  mutations: [
    [['clientId'], fc.oneof(fc.constant(KOBAYASHI), uuid, notIn([]))],
    [['toOrgId'], fc.oneof(fc.constantFrom('himawari', 'aozora', '', 'SAKURA', ' sakura', 'x'.repeat(101)), notIn(['sakura', 'midori']))],
    [
      ['observationIds'],
      fc.oneof(
        uuid.map((u) => [u]),
        fc.constant([KOBAYASHI_OBSERVATION]),
        fc.constantFrom(['x'], 'x', [1], [null]),
        uuid.map((u) => Array.from({ length: 51 }, () => u)),
      ),
    ],
    [['category'], notIn(CATEGORIES)],
    [['urgency'], notIn(URGENCIES)],
    [['sbar', 'situation'], fc.oneof(fc.constantFrom('', ' ', '\n\t', '\u3000'), fc.integer({ min: 4001, max: 20_000 }).map(text))],
    [['sbar', 'request'], fc.oneof(fc.constantFrom('', '  '), fc.integer({ min: 4001, max: 20_000 }).map(text))],
    [['sbar', 'background'], fc.integer({ min: 4001, max: 20_000 }).map(text)],
    [['sbar', 'assessment'], fc.integer({ min: 4001, max: 20_000 }).map(text)],
    ...(['clientId', 'toOrgId', 'observationIds', 'category', 'urgency', 'sbar'] as const).map(
      (k): [Path, fc.Arbitrary<unknown>] => [[k], fc.constant(DELETE)],
    ),
    ...(['situation', 'background', 'assessment', 'request'] as const).map(
      (k): [Path, fc.Arbitrary<unknown>] => [['sbar', k], fc.constant(DELETE)],
    ),
  ],
};

const MESSAGE: RouteBodies = {
  base: () => ({ kind: 'message', body: 'ありがとうございます。様子を見ます。' }),
  mutations: [
    [['kind'], fc.oneof(notIn(MESSAGE_KINDS), fc.constantFrom('acknowledge', 'Message', 'reply'))],
    [['kind'], fc.constant(DELETE)],
    [['body'], fc.oneof(fc.constantFrom(DELETE, '', ' ', '\n', '\u3000'), fc.integer({ min: 4001, max: 20_000 }).map(text))],
    // Fields only a nurse may send (403 for a carer), and bad values for the others.
    [['replyKind'], fc.oneof(fc.constant('advice'), notIn(['advice', 'visit', 'contact_doctor', 'call_ambulance', 'ask_more']))],
    [['feedback'], fc.constantFrom({ tags: [] }, { tags: ['noticed'] }, { tags: ['nope'] }, { tags: 'noticed' }, {})],
    [['followUp'], fc.constantFrom({ task: '再検温' }, { task: '' }, { task: ' ' }, { dueAt: 'tomorrow', task: 'x' }, {})],
    [['completes'], fc.oneof(uuid, notIn([]))],
    [['helped'], fc.constantFrom('yes', 1, 0, null, 'true')],
  ],
};

const USUAL: RouteBodies = {
  base: () => ({ temperature: 36.4, systolic: 132, diastolic: 78, pulse: 74, spo2: 97, spo2Scale: 1 }),
  nullable: ['temperature', 'systolic', 'diastolic', 'pulse', 'spo2'],
  mutations: [
    [
      ['temperature'],
      fc.oneof(fc.double({ max: 29.999, noNaN: true, noDefaultInfinity: true }), fc.double({ min: 45.001, noNaN: true, noDefaultInfinity: true })),
    ],
    [['systolic'], fc.oneof(outside(40, 300), notWhole(40, 300))],
    [['diastolic'], fc.oneof(outside(20, 200), notWhole(20, 200), fc.integer({ min: 132, max: 200 }))],
    [['pulse'], fc.oneof(outside(20, 250), notWhole(20, 250))],
    [['spo2'], fc.oneof(outside(50, 100), notWhole(50, 100))],
    [['spo2Scale'], fc.constantFrom(DELETE, 0, 3, 1.5, '1', null, true, [1])],
  ],
};

const SESSION: RouteBodies = {
  base: () => ({ loginId: 'carer.suzuki', password: PASSWORD }),
  mutations: [
    [['loginId'], fc.oneof(fc.constantFrom(DELETE, '', null, 1, ['carer.suzuki']), fc.integer({ min: 101, max: 5_000 }).map((n) => 'c'.repeat(n)))],
    [['password'], fc.oneof(fc.constantFrom(DELETE, '', null, 1, [PASSWORD]), fc.integer({ min: 201, max: 5_000 }).map((n) => 'p'.repeat(n)))],
  ],
};

const BATCH: RouteBodies = {
  base: () => ({
    requests: [{ id: 'a', method: 'PUT', url: `/api/observations/${crypto.randomUUID()}`, body: OBSERVATION.base() }],
  }),
  // A sub-request's body is checked by its own route (the sub-request answers 400), not by the batch.
  anyValue: ['requests.0.body'],
  mutations: [
    [['requests'], fc.constantFrom(DELETE, [], null, {}, 'x')],
    [
      ['requests'],
      // 101 well-formed requests: one too many, so none may run.
      fc.constant(null).map(() =>
        Array.from({ length: 101 }, (_, i) => ({ id: String(i), method: 'PUT', url: `/api/observations/${crypto.randomUUID()}`, body: OBSERVATION.base() })),
      ),
    ],
    [['requests', 0, 'id'], fc.constantFrom(DELETE, '', 1, null, 'i'.repeat(101))],
    [['requests', 0, 'method'], fc.oneof(fc.constantFrom(DELETE, 'POST', 'DELETE', 'PATCH', 'put', 'get', 1, null), notIn(['PUT', 'GET']))],
    [
      ['requests', 0, 'url'],
      fc.oneof(
        fc.constantFrom(DELETE, '', 'api/observations/x', 'http://localhost/api/observations/x', '//evil.example/api/', '/API/observations/x', ' /api/x', 1, null),
        fc.integer({ min: 495, max: 5_000 }).map((n) => `/api/observations/${'a'.repeat(n)}`),
      ),
    ],
    [['requests', 0], fc.constantFrom(null, 'x', [], 1)],
  ],
};

// ---- setup -------------------------------------------------------------------------------------

beforeAll(async () => {
  s = await makeApp();
  carer = await s.login('carer.suzuki');
  nurse = await s.login('nurse.sato');
  // Each base is accepted as it is, so a mutated one differs from an accepted body by one field.
  const accepted = async (res: Response, status: number) => {
    const r = await toReply(res);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  await accepted(await send(carer, 'PUT', `/api/observations/${crypto.randomUUID()}`, { json: OBSERVATION.base() }), 201);
  consultationId = crypto.randomUUID();
  await accepted(await send(carer, 'PUT', `/api/consultations/${consultationId}`, { json: CONSULTATION.base() }), 201);
  await accepted(await send(carer, 'PUT', `/api/consultations/${consultationId}/messages/${crypto.randomUUID()}`, { json: MESSAGE.base() }), 201);
  await accepted(await send(nurse, 'PUT', `/api/clients/${YAMADA}/usual`, { json: USUAL.base() }), 200);
  await accepted(await send(null, 'POST', '/api/session', { json: SESSION.base() }), 200);
  const b = (await accepted(await send(carer, 'POST', '/api/batch', { json: BATCH.base() }), 200)) as { responses: { status: number }[] };
  expect(b.responses.map((x) => x.status)).toEqual([201]);
}, 30_000);
afterAll(() => s.close());

// ---- the properties ----------------------------------------------------------------------------

describe('PUT /api/observations/{id}', () => {
  it('rejects every bad body with a 4xx problem and stores nothing', async () => {
    await fuzz(fc.tuple(uuid, badBodies(OBSERVATION, [['note'], ['clientId'], ['observedAt'], ['vitals', 'consciousness'], ['softSigns', 0]])), async ([id, body]) => {
      await expectRejected(await send(carer, 'PUT', `/api/observations/${id}`, body), `PUT observation ${describePayload(body)}`);
    });
  });

  it('rejects every id that is not a UUID, whatever the body', async () => {
    const body = fc.oneof(fc.constant(null).map(() => OBSERVATION.base()), badJson(OBSERVATION));
    await fuzz(
      fc.tuple(badSegment, body).filter(([seg]) => underApi(`/api/observations/${seg}`)),
      async ([seg, json]) => {
        await expectRejected(await send(carer, 'PUT', `/api/observations/${seg}`, { json }), `PUT /api/observations/${seg.slice(0, 80)}`);
      },
    );
  });
});

describe('PUT /api/consultations/{id}', () => {
  it('rejects every bad body with a 4xx problem and stores nothing', async () => {
    await fuzz(fc.tuple(uuid, badBodies(CONSULTATION, [['sbar', 'situation'], ['sbar', 'request'], ['toOrgId'], ['category'], ['observationIds', 0]])), async ([id, body]) => {
      await expectRejected(await send(carer, 'PUT', `/api/consultations/${id}`, body), `PUT consultation ${describePayload(body)}`);
    });
  });

  it('rejects every id that is not a UUID, whatever the body', async () => {
    const body = fc.oneof(fc.constant(null).map(() => CONSULTATION.base()), badJson(CONSULTATION));
    await fuzz(
      fc.tuple(badSegment, body).filter(([seg]) => underApi(`/api/consultations/${seg}`)),
      async ([seg, json]) => {
        await expectRejected(await send(carer, 'PUT', `/api/consultations/${seg}`, { json }), `PUT /api/consultations/${seg.slice(0, 80)}`);
      },
    );
  });
});

describe('PUT /api/consultations/{id}/messages/{messageId}', () => {
  it('rejects every bad body with a 4xx problem and stores nothing', async () => {
    await fuzz(fc.tuple(uuid, badBodies(MESSAGE, [['body'], ['kind']])), async ([mid, body]) => {
      const path = `/api/consultations/${consultationId}/messages/${mid}`;
      await expectRejected(await send(carer, 'PUT', path, body), `PUT message ${describePayload(body)}`);
    });
  });

  it('rejects every consultation id or message id that is not a UUID', async () => {
    const body = fc.oneof(fc.constant(null).map(() => MESSAGE.base()), badJson(MESSAGE));
    const path = fc.oneof(
      fc.tuple(badSegment, uuid).map(([k, m]) => `/api/consultations/${k}/messages/${m}`),
      fc.tuple(badSegment).map(([m]) => `/api/consultations/${consultationId}/messages/${m}`),
      // a UUID that is no consultation
      uuid.map((k) => `/api/consultations/${k}/messages/${crypto.randomUUID()}`),
    );
    await fuzz(fc.tuple(path.filter(underApi), body), async ([p, json]) => {
      await expectRejected(await send(carer, 'PUT', p, { json }), `PUT ${p.slice(0, 120)}`);
    });
  });
});

describe('PUT /api/clients/{id}/usual', () => {
  it('a carer may not set usual values: 4xx whatever the body', async () => {
    const body = fc.oneof(fc.constant(null).map((): Payload => ({ json: USUAL.base() })), badBodies(USUAL, [['temperature'], ['spo2Scale']]));
    await fuzz(body, async (b) => {
      await expectRejected(await send(carer, 'PUT', `/api/clients/${YAMADA}/usual`, b), `carer PUT usual ${describePayload(b)}`);
    }, RUNS / 2);
  });

  it('a nurse of the serving station gets 4xx for every bad body, and nothing changes', async () => {
    await fuzz(badBodies(USUAL, [['temperature'], ['spo2Scale'], ['systolic']]), async (b) => {
      await expectRejected(await send(nurse, 'PUT', `/api/clients/${YAMADA}/usual`, b), `nurse PUT usual ${describePayload(b)}`);
    });
  });

  it('rejects every client id that is not a client, for a nurse and a carer', async () => {
    const body = fc.oneof(fc.constant(null).map(() => USUAL.base()), badJson(USUAL));
    const seg = fc.oneof(badSegment, uuid, fc.constant(KOBAYASHI));
    await fuzz(
      fc.tuple(seg, body, fc.boolean()).filter(([x]) => underApi(`/api/clients/${x}/usual`)),
      async ([x, json, asNurse]) => {
        const path = `/api/clients/${x}/usual`;
        await expectRejected(await send(asNurse ? nurse : carer, 'PUT', path, { json }), `PUT ${path.slice(0, 120)}`);
      },
    );
  });
});

describe('POST /api/session', () => {
  it('rejects every bad body with a 4xx problem, without a session cookie', async () => {
    await fuzz(badBodies(SESSION, [['loginId'], ['password']]), async (b) => {
      const r = await expectRejected(await send(null, 'POST', '/api/session', b), `POST session ${describePayload(b)}`);
      expect(r.headers.get('set-cookie')).toBeNull();
    });
  });
});

describe('POST /api/batch', () => {
  it('rejects every malformed batch as a whole: 4xx, and none of its requests runs', async () => {
    await fuzz(badBodies(BATCH, [['requests', 0, 'id'], ['requests', 0, 'url'], ['requests', 0, 'method']]), async (b) => {
      await expectRejected(await send(carer, 'POST', '/api/batch', b), `POST batch ${describePayload(b)}`);
    });
  });

  /** Sub-requests that must each fail: bad bodies, bad ids, URLs a batch may not use. */
  const badSub = fc.oneof(
    fc.tuple(uuid, badJson(OBSERVATION)).map(([id, body]) => ({ url: `/api/observations/${id}`, body })),
    fc.tuple(badSegment, fc.constant(null)).map(([seg]) => ({ url: `/api/observations/${seg}`, body: OBSERVATION.base() })),
    fc.tuple(uuid, badJson(CONSULTATION)).map(([id, body]) => ({ url: `/api/consultations/${id}`, body })),
    fc.tuple(badSegment, fc.constant(null)).map(([seg]) => ({ url: `/api/consultations/${seg}`, body: CONSULTATION.base() })),
    fc.tuple(uuid, badJson(MESSAGE)).map(([id, body]) => ({ url: `/api/consultations/${consultationId}/messages/${id}`, body })),
    fc.tuple(badSegment, fc.constant(null)).map(([seg]) => ({ url: `/api/consultations/${consultationId}/messages/${seg}`, body: MESSAGE.base() })),
    fc.constant(null).map(() => ({ url: `/api/clients/${YAMADA}/usual`, body: USUAL.base() })),
    fc.constantFrom(
      '/api/batch',
      '/api/batch/',
      '/api/./batch',
      '/api//batch',
      '/api/%2e%2e/api/batch',
      '/api/session',
      '/api/observations/../session',
      '/api/health',
      '/api/openapi.json',
      '/api/changes',
      '/api/nope',
      '/api/observations/../../x',
      '/api/../index.html',
      '/api/%2e%2e/x',
    ).map((url) => ({ url, body: OBSERVATION.base() })),
  );

  it('answers every sub-request that is garbage with a 4xx problem, and stores nothing', async () => {
    const requests = fc.array(
      fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), badSub).map(([id, sub]) => ({ id, method: 'PUT', ...sub })),
      { minLength: 1, maxLength: 5 },
    );
    await fuzz(
      requests.filter((rs) => rs.every((r) => r.url.startsWith('/api/') && r.url.length <= 500)),
      async (rs) => {
        const res = await send(carer, 'POST', '/api/batch', { json: { requests: rs } });
        const r = await toReply<{ responses: { id: string; status: number; body: unknown }[] }>(res);
        expect(r.status, JSON.stringify(r.body)?.slice(0, 300)).toBe(200);
        expect(r.body.responses.map((x) => x.id)).toEqual(rs.map((x) => x.id));
        r.body.responses.forEach((sub, i) => {
          const what = `${rs[i]?.url.slice(0, 100)} ${JSON.stringify(rs[i]?.body)?.slice(0, 200)} → ${sub.status} ${JSON.stringify(sub.body)?.slice(0, 200)}`;
          expect(sub.status >= 400 && sub.status < 500, `4xx: ${what}`).toBe(true);
          expect(isProblem(sub.body, sub.status), `problem body: ${what}`).toBe(true);
        });
      },
    );
  });

  it('a sub-request body nested too deep to re-serialize is a 4xx for that request, not a 5xx', async () => {
    await fuzz(
      // 5,000–140,000 levels: past what JSON.stringify can recurse into, under the 1 MB limit.
      fc.tuple(uuid, fc.integer({ min: 5_000, max: 140_000 }), fc.constantFrom(['[', ']'], ['{"a":', '}'])),
      async ([id, depth, [open, close]]) => {
        const deep = `${(open ?? '').repeat(depth)}1${(close ?? '').repeat(depth)}`;
        const text = `{"requests":[{"id":"a","method":"PUT","url":"/api/observations/${id}","body":${deep}}]}`;
        const res = await send(carer, 'POST', '/api/batch', { text, type: 'application/json' });
        const r = await toReply<{ responses: { status: number; body: unknown }[] }>(res);
        expect(r.status, JSON.stringify(r.body)?.slice(0, 300)).toBe(200);
        const sub = r.body.responses[0];
        expect(sub?.status).toBe(400);
        expect(isProblem(sub?.body, 400)).toBe(true);
      },
      20,
    );
  });
});
