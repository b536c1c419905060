// The access matrix of PRODUCT.md "Access" and decisions/0003: every route × every demo account
// × the resource's relation to the caller. What one may not see answers 404, what one sees but
// may not do answers 403, what one may do answers 2xx. The expected statuses are written out
// below, row by row, from the rules — not computed by src/server/access.ts.
//
// The rules, as the table reads them:
//   - himawari owns 山田 (served by sakura); aozora owns 小林 (served by no station) and
//     consulted midori about him, citing one observation; a second 小林 observation is cited
//     by nothing.
//   - Membership of the owner or of a serving station makes a client's records visible (a
//     station's admin sees what its nurses see).
//   - A station only consulted sees that consultation, its messages and the observations it
//     cites — not the client, not the client's other observations.
//   - Carers and admins of the owner record observations and open consultations; nurses of
//     serving stations record observations and set usual values; nurses of the receiving or a
//     serving station acknowledge and answer; `close` is open to either side; admins manage
//     their own organization only; /api/admin/* is for admins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, ChangesPage, Client, Consultation, Observation, Staff } from '../../src/shared/schemas.js';
import {
  HIMAWARI_CLIENTS,
  KOBAYASHI,
  YAMADA,
  consultationBody,
  expectProblem,
  makeApp,
  newId,
  observationBody,
  type ApiClient,
  type ConsultationBody,
  type ObservationBody,
  type Reply,
  type TestServer,
} from '../fixtures/server.js';

// ---- who ----------------------------------------------------------------------------------

/** The columns of every row of the table, in this order. */
const ACCOUNTS = [
  'carer.suzuki',
  'carer.takahashi',
  'admin.himawari',
  'carer.ito',
  'nurse.sato',
  'admin.sakura',
  'nurse.tanaka',
] as const;
type Account = (typeof ACCOUNTS)[number];
type Org = 'himawari' | 'aozora' | 'sakura' | 'midori';

const ORG_OF: Record<Account, Org> = {
  'carer.suzuki': 'himawari',
  'carer.takahashi': 'himawari',
  'admin.himawari': 'himawari',
  'carer.ito': 'aozora',
  'nurse.sato': 'sakura',
  'admin.sakura': 'sakura',
  'nurse.tanaka': 'midori',
};

// ---- what ---------------------------------------------------------------------------------

/**
 * Whose resource a row is about:
 *   H  — 山田 (himawari's client, served by sakura), and records about him;
 *   A  — 小林 (aozora's client), the observation cited by aozora's consultation to midori,
 *        and that consultation;
 *   Au — 小林's observation that no consultation cites;
 *   -  — no single resource (lists, the feed).
 */
type Target = 'H' | 'A' | 'Au' | '-';

const RELATION: Record<Exclude<Target, '-'>, Record<Org, string>> = {
  H: {
    himawari: 'own organization',
    sakura: 'station serving the client',
    midori: 'station not serving, not consulted',
    aozora: 'other organization',
  },
  A: {
    aozora: 'own organization',
    midori: 'station only consulted',
    sakura: 'station not serving, not consulted',
    himawari: 'other organization',
  },
  Au: {
    aozora: 'own organization',
    midori: 'station consulted about the client, not about this record',
    sakura: 'station not serving, not consulted',
    himawari: 'other organization',
  },
};
const relationOf = (target: Target, who: Account): string =>
  target === '-' ? `member of ${ORG_OF[who]}` : RELATION[target][ORG_OF[who]];

/** Clients each organization owns or serves (a station only consulted sees none of 小林 itself). */
const VISIBLE_CLIENTS: Record<Org, readonly string[]> = {
  himawari: HIMAWARI_CLIENTS,
  sakura: HIMAWARI_CLIENTS,
  midori: [],
  aozora: [KOBAYASHI],
};

/** Accounts of each demo organization, as GET /api/admin/users lists them. */
const STAFF_OF: Record<Org, readonly string[]> = {
  himawari: ['carer.suzuki', 'carer.takahashi', 'admin.himawari'],
  aozora: ['carer.ito'],
  sakura: ['nurse.sato', 'admin.sakura'],
  midori: ['nurse.tanaka'],
};

// ---- the fixtures, built once -------------------------------------------------------------

let s: TestServer;
const as = {} as Record<Account, ApiClient>;
const fx = {} as {
  obsH: Observation;
  obsHBody: ObservationBody;
  consH: Consultation;
  consHBody: ConsultationBody;
  obsA: Observation;
  obsABody: ObservationBody;
  obsAu: Observation;
  obsAuBody: ObservationBody;
  consA: Consultation;
  consABody: ConsultationBody;
};

beforeAll(async () => {
  s = await makeApp();
  for (const a of ACCOUNTS) as[a] = await s.login(a);
  const at = () => new Date(s.clock.now().getTime() - 60_000);

  fx.obsHBody = observationBody(YAMADA, at(), { vitals: { temperature: 37.8, pulse: 96 }, softSigns: ['eating_less'] });
  fx.obsH = (await created<Observation>(as['carer.suzuki'].put(`/api/observations/${newId()}`, fx.obsHBody))).body;
  fx.consHBody = consultationBody(YAMADA, 'sakura', { observationIds: [fx.obsH.id] });
  fx.consH = (await created<Consultation>(as['carer.suzuki'].put(`/api/consultations/${newId()}`, fx.consHBody))).body;

  fx.obsABody = observationBody(KOBAYASHI, at(), { vitals: { temperature: 38.2 }, softSigns: ['drowsy'] });
  fx.obsA = (await created<Observation>(as['carer.ito'].put(`/api/observations/${newId()}`, fx.obsABody))).body;
  fx.obsAuBody = observationBody(KOBAYASHI, at(), { vitals: { pulse: 72 }, note: '引用されない記録' });
  fx.obsAu = (await created<Observation>(as['carer.ito'].put(`/api/observations/${newId()}`, fx.obsAuBody))).body;
  fx.consABody = consultationBody(KOBAYASHI, 'midori', { observationIds: [fx.obsA.id] });
  fx.consA = (await created<Consultation>(as['carer.ito'].put(`/api/consultations/${newId()}`, fx.consABody))).body;
});
afterAll(() => s.close());

async function created<T>(pending: Promise<Reply<T>>): Promise<Reply<T>> {
  const r = await pending;
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r;
}

/** A new, open consultation for a message cell (a close elsewhere must not turn a cell into 409). */
async function freshConsultation(target: 'H' | 'A'): Promise<string> {
  const id = newId();
  if (target === 'H') await created(as['carer.suzuki'].put(`/api/consultations/${id}`, consultationBody(YAMADA, 'sakura')));
  else await created(as['carer.ito'].put(`/api/consultations/${id}`, consultationBody(KOBAYASHI, 'midori')));
  return id;
}

// ---- the table ----------------------------------------------------------------------------

type Status = 200 | 201 | 403 | 404;
/** One status per account, in the order of ACCOUNTS. */
type Statuses = readonly [Status, Status, Status, Status, Status, Status, Status];

interface Call {
  method: 'GET' | 'PUT';
  url: string;
  body?: unknown;
  /** On a refusal, the row this call would have created must not exist. */
  creates?: { table: 'observations' | 'consultations' | 'messages'; id: string };
}

interface Row {
  route: string;
  what: string;
  target: Target;
  //               suzuki takahashi admin.himawari ito sato admin.sakura tanaka
  expected: Statuses;
  call: () => Call | Promise<Call>;
  /** More to check on a 2xx answer. */
  check?: (who: Account, body: unknown, call: Call) => void;
  /** The media type of a 2xx answer, when it is not plain JSON. */
  contentType?: RegExp;
}

const obsUrl = (id: string) => `/api/observations/${id}`;
const consUrl = (id: string) => `/api/consultations/${id}`;

function newObservation(client: string): Call {
  const id = newId();
  return { method: 'PUT', url: obsUrl(id), body: observationBody(client, s.clock.now()), creates: { table: 'observations', id } };
}
function newConsultation(client: string, to: string): Call {
  const id = newId();
  return { method: 'PUT', url: consUrl(id), body: consultationBody(client, to), creates: { table: 'consultations', id } };
}
function message(target: 'H' | 'A', body: { kind: string; body?: string }) {
  return async (): Promise<Call> => {
    const k = await freshConsultation(target);
    const mid = newId();
    return { method: 'PUT', url: `${consUrl(k)}/messages/${mid}`, body, creates: { table: 'messages', id: mid } };
  };
}
/** A consultation closed by its sender: only a closed one becomes a case for 事例検討会. */
async function closedConsultation(target: 'H' | 'A'): Promise<string> {
  const k = await freshConsultation(target);
  const closer = target === 'H' ? as['carer.suzuki'] : as['carer.ito'];
  const r = await closer.put(`${consUrl(k)}/messages/${newId()}`, { kind: 'close' });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return k;
}
const FHIR = /^application\/fhir\+json/;
const isBundleOf = (client: string) => (_: Account, body: unknown) => {
  const b = body as { resourceType: string; type: string; entry: { resource: { resourceType: string; id?: string } }[] };
  expect(b).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
  expect(b.entry[0]?.resource).toMatchObject({ resourceType: 'Patient', id: client });
};
const sameId = (id: () => string) => (_: Account, body: unknown) => expect((body as { id: string }).id).toBe(id());

const ROWS: Row[] = [
  // -- observations -----------------------------------------------------------------------
  //                                                    suzuki takahashi adm.him ito  sato adm.sak tanaka
  { route: 'GET /api/observations/{id}', what: "山田's observation", target: 'H',
    expected: [200, 200, 200, 404, 200, 404, 404],
    call: () => ({ method: 'GET', url: obsUrl(fx.obsH.id) }), check: sameId(() => fx.obsH.id) },
  { route: 'GET /api/observations/{id}', what: "小林's observation cited by the consultation to midori", target: 'A',
    expected: [404, 404, 404, 200, 404, 404, 200],
    call: () => ({ method: 'GET', url: obsUrl(fx.obsA.id) }), check: sameId(() => fx.obsA.id) },
  { route: 'GET /api/observations/{id}', what: "小林's uncited observation", target: 'Au',
    expected: [404, 404, 404, 200, 404, 404, 404],
    call: () => ({ method: 'GET', url: obsUrl(fx.obsAu.id) }), check: sameId(() => fx.obsAu.id) },
  { route: 'PUT /api/observations/{id}', what: 'a new observation of 山田', target: 'H',
    expected: [201, 201, 201, 404, 201, 403, 404],
    call: () => newObservation(YAMADA) },
  { route: 'PUT /api/observations/{id}', what: 'a new observation of 小林', target: 'A',
    expected: [404, 404, 404, 201, 404, 404, 404],
    call: () => newObservation(KOBAYASHI) },
  { route: 'PUT /api/observations/{id}', what: "the same body again for 山田's observation", target: 'H',
    expected: [200, 200, 200, 404, 200, 404, 404],
    call: () => ({ method: 'PUT', url: obsUrl(fx.obsH.id), body: fx.obsHBody }), check: sameId(() => fx.obsH.id) },
  { route: 'PUT /api/observations/{id}', what: "the same body again for 小林's cited observation", target: 'A',
    expected: [404, 404, 404, 200, 404, 404, 403],
    call: () => ({ method: 'PUT', url: obsUrl(fx.obsA.id), body: fx.obsABody }), check: sameId(() => fx.obsA.id) },
  { route: 'PUT /api/observations/{id}', what: "the same body again for 小林's uncited observation", target: 'Au',
    expected: [404, 404, 404, 200, 404, 404, 404],
    call: () => ({ method: 'PUT', url: obsUrl(fx.obsAu.id), body: fx.obsAuBody }), check: sameId(() => fx.obsAu.id) },

  // -- consultations ----------------------------------------------------------------------
  //                                                    suzuki takahashi adm.him ito  sato adm.sak tanaka
  { route: 'GET /api/consultations/{id}', what: 'himawari → sakura about 山田', target: 'H',
    expected: [200, 200, 200, 404, 200, 404, 404],
    call: () => ({ method: 'GET', url: consUrl(fx.consH.id) }), check: sameId(() => fx.consH.id) },
  { route: 'GET /api/consultations/{id}', what: 'aozora → midori about 小林', target: 'A',
    expected: [404, 404, 404, 200, 404, 404, 200],
    call: () => ({ method: 'GET', url: consUrl(fx.consA.id) }),
    check: (_, body) => {
      const k = body as Consultation;
      expect(k.id).toBe(fx.consA.id);
      // The consulted station sees the client's name inside the consultation.
      expect(k.client).toEqual({ id: KOBAYASHI, name: expect.any(String) });
    } },
  { route: 'PUT /api/consultations/{id}', what: 'a new consultation about 山田 to sakura', target: 'H',
    expected: [201, 201, 201, 404, 403, 403, 404],
    call: () => newConsultation(YAMADA, 'sakura') },
  { route: 'PUT /api/consultations/{id}', what: 'a new consultation about 小林 to midori', target: 'A',
    expected: [404, 404, 404, 201, 404, 404, 404],
    call: () => newConsultation(KOBAYASHI, 'midori') },
  { route: 'PUT /api/consultations/{id}', what: 'the same body again for himawari → sakura', target: 'H',
    expected: [200, 200, 200, 404, 403, 404, 404],
    call: () => ({ method: 'PUT', url: consUrl(fx.consH.id), body: fx.consHBody }), check: sameId(() => fx.consH.id) },
  { route: 'PUT /api/consultations/{id}', what: 'the same body again for aozora → midori', target: 'A',
    expected: [404, 404, 404, 200, 404, 404, 403],
    call: () => ({ method: 'PUT', url: consUrl(fx.consA.id), body: fx.consABody }), check: sameId(() => fx.consA.id) },

  // -- messages (each cell on a new open consultation) -------------------------------------
  //                                                    suzuki takahashi adm.him ito  sato adm.sak tanaka
  { route: 'PUT /api/consultations/{id}/messages/{mid}', what: 'kind message, himawari → sakura', target: 'H',
    expected: [201, 201, 201, 404, 201, 404, 404],
    call: message('H', { kind: 'message', body: '様子を見ています。' }) },
  { route: 'PUT /api/consultations/{id}/messages/{mid}', what: 'kind acknowledge, himawari → sakura', target: 'H',
    expected: [403, 403, 403, 404, 201, 404, 404],
    call: message('H', { kind: 'acknowledge' }) },
  { route: 'PUT /api/consultations/{id}/messages/{mid}', what: 'kind close, himawari → sakura', target: 'H',
    expected: [201, 201, 201, 404, 201, 404, 404],
    call: message('H', { kind: 'close' }) },
  { route: 'PUT /api/consultations/{id}/messages/{mid}', what: 'kind message, aozora → midori', target: 'A',
    expected: [404, 404, 404, 201, 404, 404, 201],
    call: message('A', { kind: 'message', body: '様子を見ています。' }) },
  { route: 'PUT /api/consultations/{id}/messages/{mid}', what: 'kind acknowledge, aozora → midori', target: 'A',
    expected: [404, 404, 404, 403, 404, 404, 201],
    call: message('A', { kind: 'acknowledge' }) },
  { route: 'PUT /api/consultations/{id}/messages/{mid}', what: 'kind close, aozora → midori', target: 'A',
    expected: [404, 404, 404, 201, 404, 404, 201],
    call: message('A', { kind: 'close' }) },

  // -- clients ----------------------------------------------------------------------------
  //                                                    suzuki takahashi adm.him ito  sato adm.sak tanaka
  { route: 'GET /api/clients', what: 'the clients one owns or serves', target: '-',
    expected: [200, 200, 200, 200, 200, 200, 200],
    call: () => ({ method: 'GET', url: '/api/clients' }),
    check: (who, body) => {
      const ids = (body as Client[]).map((c) => c.id).sort();
      expect(ids).toEqual([...VISIBLE_CLIENTS[ORG_OF[who]]].sort());
    } },
  { route: 'GET /api/clients/{id}', what: '山田', target: 'H',
    expected: [200, 200, 200, 404, 200, 200, 404],
    call: () => ({ method: 'GET', url: `/api/clients/${YAMADA}` }), check: sameId(() => YAMADA) },
  { route: 'GET /api/clients/{id}', what: '小林', target: 'A',
    expected: [404, 404, 404, 200, 404, 404, 404],
    call: () => ({ method: 'GET', url: `/api/clients/${KOBAYASHI}` }), check: sameId(() => KOBAYASHI) },
  { route: 'PUT /api/clients/{id}/usual', what: "山田's usual values", target: 'H',
    expected: [403, 403, 403, 404, 200, 403, 404],
    call: () => ({ method: 'PUT', url: `/api/clients/${YAMADA}/usual`, body: { temperature: 36.4, pulse: 74, spo2Scale: 1 } }) },
  { route: 'PUT /api/clients/{id}/usual', what: "小林's usual values", target: 'A',
    expected: [404, 404, 404, 403, 404, 404, 404],
    call: () => ({ method: 'PUT', url: `/api/clients/${KOBAYASHI}/usual`, body: { temperature: 36.5, spo2Scale: 1 } }) },

  // -- records that leave the app (PRODUCT.md "Interoperability"; decisions/0010) ----------
  //                                                    suzuki takahashi adm.him ito  sato adm.sak tanaka
  { route: 'GET /api/clients/{id}/fhir', what: "山田's record as FHIR", target: 'H',
    expected: [403, 403, 200, 404, 200, 403, 404],
    call: () => ({ method: 'GET', url: `/api/clients/${YAMADA}/fhir` }), contentType: FHIR, check: isBundleOf(YAMADA) },
  { route: 'GET /api/clients/{id}/fhir', what: "小林's record as FHIR (midori: what it was consulted about)", target: 'A',
    expected: [404, 404, 404, 403, 404, 404, 200],
    call: () => ({ method: 'GET', url: `/api/clients/${KOBAYASHI}/fhir` }), contentType: FHIR, check: isBundleOf(KOBAYASHI) },
  { route: 'GET /api/consultations/{id}/case', what: 'a closed consultation himawari → sakura as a case', target: 'H',
    expected: [403, 403, 403, 404, 200, 404, 404],
    call: async () => ({ method: 'GET', url: `${consUrl(await closedConsultation('H'))}/case` }) },
  { route: 'GET /api/consultations/{id}/case', what: 'a closed consultation aozora → midori as a case', target: 'A',
    expected: [404, 404, 404, 403, 404, 404, 200],
    call: async () => ({ method: 'GET', url: `${consUrl(await closedConsultation('A'))}/case` }) },

  // -- the feed (what is in it: see "GET /api/changes holds nothing invisible" below) ------
  { route: 'GET /api/changes', what: 'the first page', target: '-',
    expected: [200, 200, 200, 200, 200, 200, 200],
    call: () => ({ method: 'GET', url: '/api/changes' }) },

  // -- administration ---------------------------------------------------------------------
  //                                                    suzuki takahashi adm.him ito  sato adm.sak tanaka
  { route: 'GET /api/admin/users', what: "one's own staff", target: '-',
    expected: [403, 403, 200, 403, 403, 200, 403],
    call: () => ({ method: 'GET', url: '/api/admin/users' }),
    check: (who, body) => {
      expect((body as Staff[]).map((u) => u.loginId).sort()).toEqual([...STAFF_OF[ORG_OF[who]]].sort());
    } },
  { route: 'PUT /api/admin/clients/{id}/stations', what: "山田's care team", target: 'H',
    expected: [403, 403, 200, 403, 403, 403, 403],
    call: () => ({ method: 'PUT', url: `/api/admin/clients/${YAMADA}/stations`, body: { stationIds: ['sakura'] } }),
    check: (_, body) => expect((body as Client).servedBy).toEqual(['sakura']) },
  { route: 'PUT /api/admin/clients/{id}/stations', what: "小林's care team", target: 'A',
    expected: [403, 403, 404, 403, 403, 404, 403],
    call: () => ({ method: 'PUT', url: `/api/admin/clients/${KOBAYASHI}/stations`, body: { stationIds: [] } }) },
];

/** Batches of a PUT and a GET from the rows above: each sub-response must carry the status it has alone. */
const BATCHES: { what: string; target: Target; put: string; get: string }[] = [
  { what: "a new observation of 山田 + the consultation about 山田", target: 'H',
    put: 'PUT /api/observations/{id} a new observation of 山田',
    get: 'GET /api/consultations/{id} himawari → sakura about 山田' },
  { what: "小林's cited observation, again + read", target: 'A',
    put: "PUT /api/observations/{id} the same body again for 小林's cited observation",
    get: "GET /api/observations/{id} 小林's observation cited by the consultation to midori" },
  { what: "小林's uncited observation, again + read", target: 'Au',
    put: "PUT /api/observations/{id} the same body again for 小林's uncited observation",
    get: "GET /api/observations/{id} 小林's uncited observation" },
  { what: 'the consultation to midori, again + read', target: 'A',
    put: 'PUT /api/consultations/{id} the same body again for aozora → midori',
    get: 'GET /api/consultations/{id} aozora → midori about 小林' },
];

const rowKey = (r: Row) => `${r.route} ${r.what}`;
const rowByKey = (key: string): Row => {
  const row = ROWS.find((r) => rowKey(r) === key);
  if (!row) throw new Error(`no row "${key}"`);
  return row;
};
const statusOf = (row: Row, who: Account): Status => row.expected[ACCOUNTS.indexOf(who)] ?? 404;

async function send(who: Account, c: Call): Promise<Reply> {
  const client = as[who];
  return c.method === 'GET' ? client.get(c.url) : client.put(c.url, c.body);
}

async function exists(table: 'observations' | 'consultations' | 'messages', id: string): Promise<boolean> {
  return !!(await s.db.get(`SELECT 1 FROM ${table} WHERE id = ?`, [id]));
}

// ---- the matrix ---------------------------------------------------------------------------

describe('the access matrix', () => {
  it(`has ${ROWS.length + BATCHES.length} rows × ${ACCOUNTS.length} accounts`, () => {
    expect(new Set(ROWS.map(rowKey)).size).toBe(ROWS.length);
    for (const r of ROWS) expect(r.expected).toHaveLength(ACCOUNTS.length);
  });

  for (const row of ROWS) {
    describe(`${row.route} — ${row.what}`, () => {
      for (const who of ACCOUNTS) {
        const expected = statusOf(row, who);
        it(`${who} (${relationOf(row.target, who)}) → ${expected}`, async () => {
          const call = await row.call();
          const r = await send(who, call);
          expect(r.status, `${call.method} ${call.url}: ${JSON.stringify(r.body)}`).toBe(expected);
          if (expected >= 400) {
            expectProblem(r, expected);
            if (call.creates) expect(await exists(call.creates.table, call.creates.id), 'nothing stored').toBe(false);
          } else {
            expect(r.contentType).toMatch(row.contentType ?? /^application\/json/);
            row.check?.(who, r.body, call);
          }
        });
      }
    });
  }

  for (const b of BATCHES) {
    describe(`POST /api/batch — ${b.what}`, () => {
      const put = rowByKey(b.put);
      const get = rowByKey(b.get);
      for (const who of ACCOUNTS) {
        const expected = [statusOf(put, who), statusOf(get, who)];
        it(`${who} (${relationOf(b.target, who)}) → 200 with [${expected.join(', ')}], as alone`, async () => {
          const p = await put.call();
          const g = await get.call();
          const r = await as[who].post<{ responses: { id: string; status: number; body: unknown }[] }>('/api/batch', {
            requests: [
              { id: 'put', method: p.method, url: p.url, body: p.body },
              { id: 'get', method: g.method, url: g.url },
            ],
          });
          expect(r.status).toBe(200);
          expect(r.body.responses.map((x) => x.id)).toEqual(['put', 'get']);
          expect(r.body.responses.map((x) => x.status)).toEqual(expected);
          for (const sub of r.body.responses) {
            if (sub.status >= 400) expect((sub.body as { status: number }).status).toBe(sub.status);
          }
          if (p.creates && (expected[0] ?? 0) >= 400) expect(await exists(p.creates.table, p.creates.id)).toBe(false);
          // The very same calls alone answer the same.
          expect((await send(who, g)).status).toBe(expected[1]);
        });
      }
    });
  }
});

// ---- the feed -----------------------------------------------------------------------------

async function readFeed(who: ApiClient): Promise<Change[]> {
  const all: Change[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const q = new URLSearchParams({ limit: '500', ...(cursor === undefined ? {} : { after: cursor }) });
    const r = await who.get<ChangesPage>(`/api/changes?${q}`);
    expect(r.status).toBe(200);
    all.push(...r.body.changes);
    cursor = r.body.cursor;
    if (!r.body.more) return all;
  }
  throw new Error('the feed never ended');
}

describe('GET /api/changes holds nothing invisible', () => {
  /** Fixture keys (`type:id`) each organization's feed must hold; every other fixture key must be absent. */
  const fixtureKeys = () => ({
    clientH: `client:${YAMADA}`,
    obsH: `observation:${fx.obsH.id}`,
    consH: `consultation:${fx.consH.id}`,
    clientA: `client:${KOBAYASHI}`,
    obsA: `observation:${fx.obsA.id}`,
    obsAu: `observation:${fx.obsAu.id}`,
    consA: `consultation:${fx.consA.id}`,
  });
  type FixtureKey = keyof ReturnType<typeof fixtureKeys>;
  const SEES: Record<Org, readonly FixtureKey[]> = {
    himawari: ['clientH', 'obsH', 'consH'],
    sakura: ['clientH', 'obsH', 'consH'],
    midori: ['obsA', 'consA'],
    aozora: ['clientA', 'obsA', 'obsAu', 'consA'],
  };
  /** A station's admin sees the clients her station serves, not their records (ADR 0003 stop 21). */
  const STATION_ADMINS: readonly Account[] = ['admin.sakura'];
  const seesAs = (who: Account): readonly FixtureKey[] =>
    STATION_ADMINS.includes(who) ? SEES[ORG_OF[who]].filter((k) => k.startsWith('client')) : SEES[ORG_OF[who]];
  /** Client ids that must not occur anywhere in the feed's text (not even inside a consultation). */
  const NEVER_MENTIONED: Record<Org, readonly string[]> = {
    himawari: [KOBAYASHI],
    sakura: [KOBAYASHI],
    midori: [...HIMAWARI_CLIENTS],
    aozora: [...HIMAWARI_CLIENTS],
  };

  for (const who of ACCOUNTS) {
    const org = ORG_OF[who];
    it(`${who}: only ${org}'s own, served and consulted records${STATION_ADMINS.includes(who) ? ' (a station admin: its clients, no records)' : ''}`, async () => {
      const feed = await readFeed(as[who]);
      const keys = new Set(feed.map((c) => `${c.type}:${c.id}`));
      const all = fixtureKeys();
      for (const k of Object.keys(all) as FixtureKey[]) {
        expect(keys.has(all[k]), `${k} in ${who}'s feed`).toBe(seesAs(who).includes(k));
      }
      const text = JSON.stringify(feed);
      for (const id of NEVER_MENTIONED[org]) expect(text, `${id} in ${who}'s feed`).not.toContain(id);

      // Every change, not only the fixtures: by the rule, not by the server's code.
      const visible = new Set(VISIBLE_CLIENTS[org]);
      const consulted = feed.flatMap((c) => (c.type === 'consultation' && c.data.toOrgId === org ? [c.data] : []));
      const cited = new Set(consulted.flatMap((k) => k.observationIds));
      for (const c of feed) {
        if (STATION_ADMINS.includes(who)) expect(c.type, `${c.type} ${c.id} in a station admin's feed`).toBe('client');
        if (c.type === 'client') expect(visible.has(c.id), `client ${c.id}`).toBe(true);
        else if (c.type === 'observation') expect(visible.has(c.data.clientId) || cited.has(c.id), `observation ${c.id}`).toBe(true);
        else expect(visible.has(c.data.clientId) || c.data.toOrgId === org, `consultation ${c.id}`).toBe(true);
      }
    });
  }
});
