// Access that ends on the server ends on the phone (docs/decisions/0019-access-ends-on-the-phone.md):
// the real sync engine on fake-indexeddb against the real server. A station unlinked from a client:
// after one pass its nurse's phone holds nothing of that client the server no longer shows her —
// unless a write of hers about it is still queued; an answer that is not a complete list of the
// clients she may see drops nothing; linked again, the client comes back whole.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeDraft } from '../../src/client/db/drafts.js';
import { bumpAuthEpoch } from '../../src/client/db/meta.js';
import { saveObservation } from '../../src/client/db/writes.js';
import { syncOnce } from '../../src/client/sync/engine.js';
import { pullChanges } from '../../src/client/sync/pull.js';
import { RetryableSyncError, type SyncDeps } from '../../src/client/sync/ports.js';
import { consultationBody, HIMAWARI_CLIENTS, KOBAYASHI, makeApp, newId, observationBody, YAMADA, type ApiClient, type TestServer } from '../fixtures/server.js';
import { localCopy, phoneFor, serverShape, tinyJpeg, type Phone } from './phone.js';

let s: TestServer;
let admin: ApiClient;
beforeEach(async () => {
  s = await makeApp();
  admin = await s.login('admin.himawari');
});
afterEach(() => s.close());

const link = async (stationIds: string[]) =>
  expect((await admin.put(`/api/admin/clients/${YAMADA}/stations`, { stationIds })).status).toBe(200);

/** The nurse records an observation (with a photo) on her phone. */
async function observe(p: Phone, note: string, photo = false): Promise<string> {
  const id = newId();
  const input = { clientId: YAMADA, observedAt: s.clock.now().toISOString(), vitals: { temperature: 37.1 }, softSigns: [], note };
  await saveObservation(p.db, { id, input, session: p.session, spo2Scale: 1, now: s.clock.now(), ...(photo ? { photo: tinyJpeg(3) } : {}) });
  return id;
}

/** The half-filled forms about YAMADA the nurse's phone holds (hooks/use-draft.ts keys). */
const DRAFTS = [`draft:consultation:${YAMADA}:none`, `draft:observation:${YAMADA}`];

/** What the phone holds of YAMADA: its row, its records' ids, its drafts. */
async function held(p: Phone) {
  return {
    client: (await p.db.clients.get(YAMADA)) !== undefined,
    observations: (await p.db.observations.where('clientId').equals(YAMADA).primaryKeys()).sort(),
    consultations: (await p.db.consultations.where('clientId').equals(YAMADA).primaryKeys()).sort(),
    drafts: (await p.db.meta.where('key').startsWith('draft:').primaryKeys()).filter((k) => k.includes(YAMADA)).sort(),
  };
}

/** What the server shows sakura of YAMADA once unlinked: the consultations sent to sakura and what they cite. */
async function stillVisibleToSakura() {
  const consultations = (await s.db.all<{ id: string }>("SELECT id FROM consultations WHERE client_id = ? AND to_org_id = 'sakura'", [YAMADA])).map((r) => r.id);
  const cited = await s.db.all<{ id: string }>(
    `SELECT DISTINCT co.observation_id AS id FROM consultation_observations co JOIN consultations k ON k.id = co.consultation_id
     WHERE k.client_id = ? AND k.to_org_id = 'sakura'`,
    [YAMADA],
  );
  return { consultations: consultations.sort(), observations: cited.map((r) => r.id).sort() };
}

/** Everything the server holds of YAMADA (what a serving station sees). */
async function allOfYamada() {
  const ids = async (table: string) => (await s.db.all<{ id: string }>(`SELECT id FROM ${table} WHERE client_id = ?`, [YAMADA])).map((r) => r.id).sort();
  return { observations: await ids('observations'), consultations: await ids('consultations') };
}

/** These deps, with /api/clients answered by `answer` instead of the server. */
function withClientsAnswer(deps: SyncDeps, answer: (real: () => Promise<Response>) => Promise<Response>): SyncDeps {
  return { ...deps, fetch: (path, init) => (path === '/api/clients' ? answer(() => deps.fetch(path, init)) : deps.fetch(path, init)) };
}

/** A nurse of sakura whose phone holds YAMADA: her own observation with a photo, a draft, a consultation to midori. */
async function nurseWithYamada(): Promise<{ p: Phone; own: string; toMidori: string }> {
  const carer = await s.login('carer.suzuki');
  // Two observations by the carer, one cited by a consultation to sakura (she still sees both once
  // unlinked), one to midori (she saw it only as a serving station).
  const [cited, other] = [newId(), newId()];
  for (const id of [cited, other]) expect((await carer.put(`/api/observations/${id}`, observationBody(YAMADA, s.clock.now()))).status).toBe(201);
  expect((await carer.put(`/api/consultations/${newId()}`, consultationBody(YAMADA, 'sakura', { observationIds: [cited] }))).status).toBe(201);
  const toMidori = newId();
  expect((await carer.put(`/api/consultations/${toMidori}`, consultationBody(YAMADA, 'midori', { observationIds: [other] }))).status).toBe(201);
  const p = await phoneFor(s, 'nurse.sato');
  const own = await observe(p, '訪問時の記録', true);
  await syncOnce(p.deps);
  await p.db.meta.put({ key: `draft:observation:${YAMADA}`, value: { text: { temperature: '37.9' }, signs: [], note: '書きかけ' } });
  await p.db.meta.put({ key: `draft:consultation:${YAMADA}:none`, value: { toOrgId: 'sakura', sbar: { situation: '書きかけの相談' } } });
  const all = await allOfYamada();
  expect(await held(p)).toEqual({ client: true, ...all, drafts: DRAFTS });
  expect(all.consultations).toContain(toMidori);
  expect((await p.db.photos.get(own))?.synced).toBe(true);
  return { p, own, toMidori };
}

describe('a station unlinked from a client', () => {
  it('one pass: the client, its records, photos and drafts leave the nurse\'s phone — what the server still shows her stays', async () => {
    const { p, own } = await nurseWithYamada();
    await link([]);
    p.net.log.length = 0;
    await syncOnce(p.deps);

    const visible = await stillVisibleToSakura();
    expect(visible.consultations.length).toBeGreaterThan(0);
    expect(await held(p)).toEqual({ client: false, ...visible, drafts: [] });
    expect(await p.db.photos.get(own)).toBeUndefined();
    expect(p.net.log.filter((r) => r === 'GET /api/clients')).toHaveLength(1);
    // Only when it can matter: a pass after which nothing was committed asks nothing more.
    p.net.log.length = 0;
    await syncOnce(p.deps);
    expect(p.net.log.filter((r) => r.includes('/api/clients'))).toEqual([]);
  });

  it("a keystroke of a form still open when the client left is not written back as a draft; a draft about a client she still serves is", async () => {
    const { p } = await nurseWithYamada();
    await link([]);
    await syncOnce(p.deps);
    expect((await held(p)).client).toBe(false);
    // The form's last keystroke, written after its 250 ms (hooks/use-draft.ts).
    for (const key of DRAFTS) await writeDraft(p.db, key, { note: '最後の一文字' });
    expect((await held(p)).drafts).toEqual([]);
    const other = `draft:observation:${HIMAWARI_CLIENTS[1]}`;
    await writeDraft(p.db, other, { note: '別の利用者' });
    expect((await p.db.meta.get(other))?.value).toEqual({ note: '別の利用者' });
  });

  it('a write about the client still queued keeps it until sent; then the 404 path and the check take it all', async () => {
    const { p } = await nurseWithYamada();
    await link([]);
    // She saves an observation while the pass is under way (after its flush): it is queued when the check runs.
    let queued = '';
    const during = withClientsAnswer(p.deps, async (real) => {
      queued = await observe(p, '送信待ちの記録');
      return real();
    });
    await syncOnce(during);
    const kept = await held(p);
    expect(kept.client).toBe(true);
    expect(kept.observations).toEqual([...(await allOfYamada()).observations, queued].sort());

    // The next pass sends it: 404, rejected with the reason, and the rest of the client goes.
    expect(await syncOnce(p.deps)).toMatchObject({ sent: 0, rejected: 1 });
    const refused = await p.db.outbox.toArray();
    expect(refused.map((e) => [e.entityId, e.state, e.error?.detail])).toEqual([[queued, 'rejected', 'この利用者は見つかりません。']]);
    expect(await held(p)).toEqual({ client: false, ...(await stillVisibleToSakura()), drafts: [] });
  });

  it.each([
    ['no answer', async () => Promise.reject(new TypeError('Failed to fetch'))],
    ['503', async () => new Response('{}', { status: 503, headers: { 'content-type': 'application/problem+json' } })],
    ['a body cut short', async () => new Response('[{"id":"', { status: 200, headers: { 'content-type': 'application/json' } })],
    ['a body that is not a list of clients', async () => Response.json({ clients: [] })],
    ['a list with a malformed client', async () => Response.json([{ id: 'x' }])],
    ['a redirect to a sign-in page', async () => Object.defineProperty(Response.json([]), 'redirected', { value: true })],
  ])('an answer that is not a complete list (%s) drops nothing; the next pass does', async (_, answer) => {
    const { p } = await nurseWithYamada();
    const before = await held(p);
    await link([]);
    await expect(syncOnce(withClientsAnswer(p.deps, answer))).rejects.toBeInstanceOf(RetryableSyncError);
    expect(await held(p)).toEqual(before);
    // The check stays owed: a pass after which nothing new was committed still makes it.
    await syncOnce(p.deps);
    expect((await held(p)).client).toBe(false);
  });

  it('401 drops nothing and asks for sign-in', async () => {
    const { p } = await nurseWithYamada();
    const before = await held(p);
    await link([]);
    const outcome = await syncOnce(withClientsAnswer(p.deps, async () => new Response('{}', { status: 401 })));
    expect(outcome.authRequired).toBe(true);
    expect(await held(p)).toEqual(before);
  });

  it('an answer that may carry another account\'s cookie (a sign-in began during the pass) drops nothing', async () => {
    const { p } = await nurseWithYamada();
    const before = await held(p);
    await link([]);
    const other = await s.login('nurse.tanaka');
    // Someone else signs in on this phone: the epoch moves first, then the cookie is theirs.
    const shared = withClientsAnswer(p.deps, async () => {
      await bumpAuthEpoch(p.db);
      return s.app.request('/api/clients', { headers: { cookie: other.cookie } });
    });
    await syncOnce(shared);
    expect(await held(p)).toEqual(before);
  });

  it('a client linked again while the answer was on its way, and pulled meanwhile, is not dropped behind the cursor', async () => {
    const { p } = await nurseWithYamada();
    await link([]);
    const tab = p.tab();
    const racing = withClientsAnswer(p.deps, async (real) => {
      const stale = await real(); // without YAMADA
      await link(['sakura']);
      await pullChanges({ ...tab.deps, owner: p.session.user.id }); // another tab pulls the relink
      return stale;
    });
    await syncOnce(racing);
    await syncOnce(p.deps);
    expect(await held(p)).toEqual({ client: true, ...(await allOfYamada()), drafts: DRAFTS });
  });

  it('linked again: one pass brings the client back whole, as the server has it', async () => {
    const { p, own } = await nurseWithYamada();
    await link([]);
    await syncOnce(p.deps);
    expect((await held(p)).client).toBe(false);

    await link(['sakura']);
    await syncOnce(p.deps);
    const all = await allOfYamada();
    expect(await held(p)).toEqual({ client: true, ...all, drafts: [] });
    expect(await localCopy(p.db, 'client', YAMADA)).toEqual(await serverShape(s, p, 'client', YAMADA));
    for (const id of all.observations) expect(await localCopy(p.db, 'observation', id)).toEqual(await serverShape(s, p, 'observation', id));
    for (const id of all.consultations) expect(await localCopy(p.db, 'consultation', id)).toEqual(await serverShape(s, p, 'consultation', id));
    expect((await p.db.observations.get(own))?.photo).toBeDefined();
  });
});

describe('a station consulted about a client it does not serve', () => {
  it('keeps the consultations sent to it and the observations they cite: the check drops nothing', async () => {
    const carer = await s.login('carer.ito');
    const obsId = newId();
    expect((await carer.put(`/api/observations/${obsId}`, observationBody(KOBAYASHI, s.clock.now()))).status).toBe(201);
    expect((await carer.put(`/api/consultations/${newId()}`, consultationBody(KOBAYASHI, 'midori', { observationIds: [obsId] }))).status).toBe(201);
    const p = await phoneFor(s, 'nurse.tanaka');
    await syncOnce(p.deps);
    expect(p.net.log).toContain('GET /api/clients');
    const consultations = (await s.db.all<{ id: string }>("SELECT id FROM consultations WHERE to_org_id = 'midori'")).map((r) => r.id).sort();
    const cited = await s.db.all<{ id: string }>(
      "SELECT DISTINCT co.observation_id AS id FROM consultation_observations co JOIN consultations k ON k.id = co.consultation_id WHERE k.to_org_id = 'midori'",
    );
    expect(consultations.length).toBeGreaterThan(0);
    expect(await p.db.clients.count()).toBe(0);
    expect((await p.db.consultations.toCollection().primaryKeys()).sort()).toEqual(consultations);
    expect((await p.db.observations.toCollection().primaryKeys()).sort()).toEqual(cited.map((r) => r.id).sort());
  });
});
