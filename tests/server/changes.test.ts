// GET /api/changes: an opaque string cursor that is always present, paging with `limit` and
// `more`, the 500 cap, and a feed that holds only what the caller may see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, ChangesPage, Consultation, Observation } from '../../src/shared/schemas.js';
import { news2 } from '../../src/shared/news2.js';
import { linkStation } from '../../src/server/store/directory.js';
import { insertObservation } from '../../src/server/store/records.js';
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
  type TestServer,
} from '../fixtures/server.js';

const key = (c: Change) => `${c.type}:${c.id}`;
const clientOf = (c: Change): string => (c.type === 'client' ? c.id : c.data.clientId);

async function observe(s: TestServer, who: ApiClient, client: string): Promise<Observation> {
  const r = await who.put<Observation>(`/api/observations/${newId()}`, observationBody(client, s.clock.now()));
  expect(r.status).toBe(201);
  return r.body;
}

async function consult(who: ApiClient, client: string, to: string, observationIds: string[] = []): Promise<Consultation> {
  const r = await who.put<Consultation>(`/api/consultations/${newId()}`, consultationBody(client, to, { observationIds }));
  expect(r.status).toBe(201);
  return r.body;
}

/** Reads the whole feed a page at a time; returns the pages. */
async function readAll(who: ApiClient, limit: number, after?: string): Promise<ChangesPage[]> {
  const pages: ChangesPage[] = [];
  let cursor = after;
  for (let i = 0; i < 1000; i++) {
    const q = new URLSearchParams({ limit: String(limit), ...(cursor === undefined ? {} : { after: cursor }) });
    const r = await who.get<ChangesPage>(`/api/changes?${q}`);
    expect(r.status).toBe(200);
    pages.push(r.body);
    cursor = r.body.cursor;
    if (!r.body.more) return pages;
  }
  throw new Error('the feed never ended');
}

describe('cursor and paging', () => {
  let s: TestServer;
  let carer: ApiClient;
  /** Everything himawari's carer may see, read in one go: the demo's clients and history + 7 new observations. */
  let whole: string[];
  beforeAll(async () => {
    s = await makeApp();
    carer = await s.login('carer.suzuki');
    for (let i = 0; i < 7; i++) await observe(s, carer, HIMAWARI_CLIENTS[i % 3] ?? YAMADA);
    whole = (await carer.get<ChangesPage>('/api/changes?limit=500')).body.changes.map(key);
  });
  afterAll(() => s.close());

  it('answers {changes, cursor, more} with a string cursor, from the beginning without after', async () => {
    const r = await carer.get<ChangesPage>('/api/changes?limit=500');
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(Object.keys(r.body).sort()).toEqual(['changes', 'cursor', 'more']);
    expect(typeof r.body.cursor).toBe('string');
    expect(r.body.cursor.length).toBeGreaterThan(0);
    expect(r.body.more).toBe(false);
    // The three clients, then (at least) the seven observations just made.
    expect(r.body.changes.filter((c) => c.type === 'client').map((c) => c.id).sort()).toEqual([...HIMAWARI_CLIENTS].sort());
    expect(r.body.changes.filter((c) => c.type === 'observation').length).toBeGreaterThanOrEqual(7);
    expect(new Set(whole).size).toBe(whole.length);
    for (const c of r.body.changes) {
      expect(['client', 'observation', 'consultation']).toContain(c.type);
      expect(c.data.id).toBe(c.id);
    }
  });

  it('the cursor is present even when nothing is visible or nothing is new', async () => {
    const tanaka = await s.login('nurse.tanaka');
    const empty = await tanaka.get<ChangesPage>('/api/changes');
    expect(empty.body).toEqual({ changes: [], cursor: expect.any(String), more: false });
    const end = await carer.get<ChangesPage>('/api/changes?limit=500');
    const after = await carer.get<ChangesPage>(`/api/changes?after=${encodeURIComponent(end.body.cursor)}`);
    expect(after.status).toBe(200);
    expect(after.body).toEqual({ changes: [], cursor: expect.any(String), more: false });
  });

  it('pages with limit: every change exactly once, in the same order, and more is true until the last page', async () => {
    const sizes: number[] = [];
    for (let left = whole.length; left > 0; left -= 7) sizes.push(Math.min(7, left));
    const pages = await readAll(carer, 7);
    expect(pages.map((p) => p.changes.length)).toEqual(sizes);
    expect(pages.map((p) => p.more)).toEqual(sizes.map((_, i) => i < sizes.length - 1));
    for (const p of pages) expect(typeof p.cursor).toBe('string');
    expect(pages.flatMap((p) => p.changes.map(key))).toEqual(whole);
  });

  it('more is false when the last page is exactly full', async () => {
    const n = whole.length;
    const one = await carer.get<ChangesPage>(`/api/changes?limit=${n}`);
    expect([one.body.changes.length, one.body.more]).toEqual([n, false]);
    const pages = await readAll(carer, n - 1);
    expect(pages.map((p) => [p.changes.length, p.more])).toEqual([
      [n - 1, true],
      [1, false],
    ]);
  });

  it('limit=1 pages one change at a time', async () => {
    const pages = await readAll(carer, 1);
    expect(pages).toHaveLength(whole.length);
    expect(pages.every((p, i) => p.changes.length === 1 && p.more === i < whole.length - 1)).toBe(true);
    expect(pages.flatMap((p) => p.changes.map(key))).toEqual(whole);
  });

  it('a change made after reading appears after the cursor, with the current state', async () => {
    const end = (await readAll(carer, 500)).at(-1)?.cursor ?? '';
    const k = await consult(carer, YAMADA, 'sakura');
    const nurse = await s.login('nurse.sato');
    expect((await nurse.put(`/api/consultations/${k.id}/messages/${newId()}`, { kind: 'acknowledge' })).status).toBe(201);
    const r = await carer.get<ChangesPage>(`/api/changes?after=${encodeURIComponent(end)}`);
    expect(r.body.changes.map(key)).toEqual([`consultation:${k.id}`]);
    const data = r.body.changes[0]?.data as Consultation;
    expect(data.status).toBe('acknowledged');
    expect(data.messages.map((m) => m.kind)).toEqual(['acknowledge']);
  });

  it('GET changes nothing: reading the feed twice gives the same answer', async () => {
    const a = await carer.get<ChangesPage>('/api/changes');
    const b = await carer.get<ChangesPage>('/api/changes');
    expect(b.body).toEqual(a.body);
  });

  it.each(['abc', '-1', '1.5', '1e3', 'NaN', '0x10', '%207'])('after=%s answers 400 naming after', async (after) => {
    expectProblem(await carer.get(`/api/changes?after=${after}`), 400, ['after']);
  });

  it.each(['0', '-5', 'abc', '2.5'])('limit=%s answers 400 naming limit', async (limit) => {
    expectProblem(await carer.get(`/api/changes?limit=${limit}`), 400, ['limit']);
  });
});

describe('limit', () => {
  let s: TestServer;
  let carer: ApiClient;
  beforeAll(async () => {
    s = await makeApp();
    carer = await s.login('carer.suzuki');
    // 620 observations written straight to the store (one transaction, so the test stays quick).
    const at = s.clock.now().toISOString();
    await s.db.transaction(async () => {
      for (let i = 0; i < 620; i++) {
        const input = { clientId: YAMADA, observedAt: at, vitals: { pulse: 60 + (i % 30) }, softSigns: [] };
        await insertObservation(s.db, { id: newId(), authorId: carer.session.user.id, input, news2: news2(input.vitals), now: at });
      }
    });
  });
  afterAll(() => s.close());

  let total: number;
  beforeAll(async () => {
    total = (await readAll(carer, 500)).reduce((n, p) => n + p.changes.length, 0);
    expect(total).toBeGreaterThan(620);
  });

  it('defaults to 100', async () => {
    const r = await carer.get<ChangesPage>('/api/changes');
    expect(r.body.changes).toHaveLength(100);
    expect(r.body.more).toBe(true);
  });

  it.each(['501', '1000', '100000'])('limit=%s is capped at 500', async (limit) => {
    const r = await carer.get<ChangesPage>(`/api/changes?limit=${limit}`);
    expect(r.status).toBe(200);
    expect(r.body.changes).toHaveLength(500);
    expect(r.body.more).toBe(true);
    const rest = await carer.get<ChangesPage>(`/api/changes?limit=${limit}&after=${encodeURIComponent(r.body.cursor)}`);
    expect(rest.body.changes).toHaveLength(Math.min(500, total - 500));
    expect(rest.body.more).toBe(total > 1000);
  });

  it('limit=500 is allowed', async () => {
    expect((await carer.get<ChangesPage>('/api/changes?limit=500')).body.changes).toHaveLength(500);
  });
});

describe('each caller sees only what it may see', () => {
  let s: TestServer;
  let suzuki: ApiClient;
  let ito: ApiClient;
  let sato: ApiClient;
  let tanaka: ApiClient;
  let adminSakura: ApiClient;
  beforeAll(async () => {
    s = await makeApp();
    suzuki = await s.login('carer.suzuki');
    ito = await s.login('carer.ito');
    sato = await s.login('nurse.sato');
    tanaka = await s.login('nurse.tanaka');
    adminSakura = await s.login('admin.sakura');
    const y = await observe(s, suzuki, YAMADA);
    await observe(s, sato, HIMAWARI_CLIENTS[1]);
    await consult(suzuki, YAMADA, 'sakura', [y.id]);
    await consult(suzuki, YAMADA, 'midori', [y.id]);
    await observe(s, ito, KOBAYASHI);
    await observe(s, ito, KOBAYASHI);
  });
  afterAll(() => s.close());

  const feed = async (who: ApiClient) => (await who.get<ChangesPage>('/api/changes?limit=500')).body.changes;

  it('carer.ito sees aozora’s client and records, never a himawari record', async () => {
    const changes = await feed(ito);
    expect(changes.length).toBeGreaterThanOrEqual(3);
    expect(changes.every((c) => clientOf(c) === KOBAYASHI)).toBe(true);
    expect(changes.filter((c) => c.type === 'client').map((c) => c.id)).toEqual([KOBAYASHI]);
  });

  it('himawari’s carer sees none of aozora’s records, and all of its own', async () => {
    const changes = await feed(suzuki);
    expect(changes.some((c) => clientOf(c) === KOBAYASHI)).toBe(false);
    expect(changes.every((c) => (HIMAWARI_CLIENTS as readonly string[]).includes(clientOf(c)))).toBe(true);
    expect(changes.filter((c) => c.type === 'client').map((c) => c.id).sort()).toEqual([...HIMAWARI_CLIENTS].sort());
    // Both consultations, the one sent to midori too: it is about its own client.
    expect(changes.filter((c) => c.type === 'consultation').map((c) => (c.data as Consultation).toOrgId).sort()).toEqual([
      'midori',
      'sakura',
    ]);
  });

  it('the serving station’s nurse sees the same himawari records, not aozora’s; its admin only the clients', async () => {
    const himawari = await feed(suzuki);
    expect((await feed(sato)).map(key).sort()).toEqual(himawari.map(key).sort());
    // ADR 0003 stop 21: "nurses of linked stations" see the records, not the station's admin.
    const clients = himawari.filter((c) => c.type === 'client');
    expect(clients.length).toBe(HIMAWARI_CLIENTS.length);
    expect((await feed(adminSakura)).map(key).sort()).toEqual(clients.map(key).sort());
  });

  it('a consulted station sees only the consultation sent to it and the observation it cites', async () => {
    const changes = await feed(tanaka);
    expect(changes.map((c) => c.type).sort()).toEqual(['consultation', 'observation']);
    const k = changes.find((c) => c.type === 'consultation')?.data as Consultation;
    expect(k.toOrgId).toBe('midori');
    expect(changes.find((c) => c.type === 'observation')?.id).toBe(k.observationIds[0]);
  });

  it('a station that starts serving a client gets the client and its history after its cursor', async () => {
    const cursor = (await tanaka.get<ChangesPage>('/api/changes?limit=500')).body.cursor;
    await linkStation(s.db, KOBAYASHI, 'midori', s.clock.now().toISOString());
    const r = await tanaka.get<ChangesPage>(`/api/changes?limit=500&after=${encodeURIComponent(cursor)}`);
    expect(r.body.changes.every((c) => clientOf(c) === KOBAYASHI)).toBe(true);
    const client = r.body.changes.find((c) => c.type === 'client');
    expect(client?.data).toMatchObject({ id: KOBAYASHI, servedBy: ['midori'] });
    // Every observation of the client aozora sees, the older ones included.
    const aozora = (await feed(ito)).filter((c) => c.type === 'observation').map(key).sort();
    expect(r.body.changes.filter((c) => c.type === 'observation').map(key).sort()).toEqual(aozora);
  });
});
