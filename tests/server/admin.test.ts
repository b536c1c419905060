// Administration: staff accounts (temporary passwords, change, reset, disable), clients and
// their care teams, sign-out everywhere, first start with a one-time setup token, and the
// append-only audit log. Admins manage their own organization only; everyone else gets 403.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangesPage, Client, Observation, Organization, Session, Staff } from '../../src/shared/schemas.js';
import { createApp } from '../../src/server/app.js';
import { hashPassword } from '../../src/server/passwords.js';
import { createSetupToken } from '../../src/server/store/admin.js';
import type { Db } from '../../src/server/store/db.js';
import { insertUser } from '../../src/server/store/directory.js';
import { openTestDb } from '../fixtures/test-db.js';
import {
  KOBAYASHI,
  YAMADA,
  expectProblem,
  makeApp,
  newId,
  observationBody,
  sessionCookie,
  toReply,
  type ApiClient,
  type Reply,
  type TestServer,
} from '../fixtures/server.js';

interface AuditRow {
  id: number;
  at: string;
  userId: string | null;
  userName?: string | null;
  orgId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  clientOrgId?: string | null;
  status: number;
}

/** A cookie-carrying caller for accounts whose password is not the demo one. */
interface Caller {
  cookie: string;
  get<T = unknown>(path: string): Promise<Reply<T>>;
  put<T = unknown>(path: string, body: unknown): Promise<Reply<T>>;
}

type RequestFn = (path: string, init?: RequestInit) => Promise<Reply>;

function callerFor(request: RequestFn, cookie: string): Caller {
  return {
    cookie,
    get: async <T>(path: string) => (await request(path, { headers: { cookie } })) as Reply<T>,
    put: async <T>(path: string, body: unknown) =>
      (await request(path, {
        method: 'PUT',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })) as Reply<T>,
  };
}

async function signIn(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  loginId: string,
  password: string,
): Promise<{ reply: Reply<Session>; cookie: string | null }> {
  const res = await app.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginId, password }),
  });
  const cookie = res.status === 200 ? sessionCookie(res) : null;
  return { reply: await toReply<Session>(res), cookie };
}

let s: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  s = await makeApp();
  admin = await s.login('admin.himawari');
});
afterAll(() => s.close());

const request: RequestFn = (path, init) => s.request(path, init);
const signInAs = async (loginId: string, password: string): Promise<Caller> => {
  const { reply, cookie } = await signIn(s.app, loginId, password);
  expect(reply.status, `sign-in of ${loginId}`).toBe(200);
  if (!cookie) throw new Error('no cookie');
  return callerFor(request, cookie);
};
/** Audit entries are written at the end of the event-loop turn. */
const flushAudit = () => s.settle();

describe('staff accounts', () => {
  const id = newId();
  const loginId = 'carer.new';
  const temporary = 'temporary-pass-1';
  const chosen = 'my-own-password-1';
  const reset = 'another-temporary-2';

  it('an admin creates a staff account with a temporary password: 201', async () => {
    const r = await admin.put<Staff>(`/api/admin/users/${id}`, { loginId, name: '新人 ヘルパー', role: 'carer', password: temporary });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ id, loginId, name: '新人 ヘルパー', role: 'carer', disabled: false, mustChangePassword: true });
    const list = await admin.get<Staff[]>('/api/admin/users');
    expect(list.body.map((u) => u.loginId)).toContain(loginId);
    expect(JSON.stringify(list.body)).not.toMatch(/password_hash|scrypt/);
  });

  it("the new account's sign-in says it must change its password", async () => {
    const { reply } = await signIn(s.app, loginId, temporary);
    expect(reply.status).toBe(200);
    expect(reply.body.user).toMatchObject({ id, role: 'carer', orgId: 'himawari', mustChangePassword: true });
  });

  it('until it is changed, the session may only change it (and see or end itself): 403 for anything else, a whole batch too', async () => {
    const temp = await signInAs(loginId, temporary);
    const batch = (await request('/api/batch', {
      method: 'POST',
      headers: { cookie: temp.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ requests: [{ id: '1', method: 'GET', url: '/api/clients' }] }),
    })) as Reply;
    for (const refused of [await temp.get('/api/clients'), await temp.get('/api/changes'), batch]) {
      expectProblem(refused, 403);
      expect((refused.body as { type?: string }).type).toBe('urn:kizuki:problem:password-change-required');
    }
    expect((await temp.get('/api/session')).status).toBe(200);
    // The demo's own accounts, whose password is no admin's choice, are not held back.
    expect((await (await s.login('carer.suzuki')).get('/api/clients')).status).toBe(200);
  });

  it('changing the password: wrong current → 400 naming currentPassword; right → 200, other sessions end', async () => {
    const here = await signInAs(loginId, temporary);
    const elsewhere = await signInAs(loginId, temporary);

    const wrong = await here.put('/api/session/password', { currentPassword: 'not-the-password', newPassword: chosen });
    expectProblem(wrong, 400, ['currentPassword']);
    expect((await elsewhere.get('/api/session')).status, 'a failed change ends nothing').toBe(200);

    const ok = await here.put<Session>('/api/session/password', { currentPassword: temporary, newPassword: chosen });
    expect(ok.status).toBe(200);
    expect(ok.body.user.id).toBe(id);
    expect(ok.body.user.mustChangePassword).toBeUndefined();

    const still = await here.get<Session>('/api/session');
    expect(still.status, 'this session goes on').toBe(200);
    expect(still.body.user.mustChangePassword).toBeUndefined();
    expect((await here.get('/api/clients')).status, 'with the whole API').toBe(200);
    expectProblem(await elsewhere.get('/api/session'), 401);

    expect((await signIn(s.app, loginId, temporary)).reply.status).toBe(401);
    const again = await signIn(s.app, loginId, chosen);
    expect(again.reply.status).toBe(200);
    expect(again.reply.body.user.mustChangePassword).toBeUndefined();
  });

  it("an admin resets the password: the account's sessions end and it must change the password again", async () => {
    const before = await signInAs(loginId, chosen);
    const r = await admin.post<Staff>(`/api/admin/users/${id}/password`, { password: reset });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id, mustChangePassword: true });
    expectProblem(await before.get('/api/session'), 401);
    expect((await signIn(s.app, loginId, chosen)).reply.status).toBe(401);
    const after = await signIn(s.app, loginId, reset);
    expect(after.reply.status).toBe(200);
    expect(after.reply.body.user.mustChangePassword).toBe(true);
  });

  it('an admin disables the account: its sessions end and sign-in answers 401', async () => {
    const before = await signInAs(loginId, reset);
    const r = await admin.put<Staff>(`/api/admin/users/${id}`, { loginId, name: '新人 ヘルパー', role: 'carer', disabled: true });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id, disabled: true });
    expectProblem(await before.get('/api/session'), 401);
    expectProblem((await signIn(s.app, loginId, reset)).reply, 401);
  });

  it("an admin neither sees nor edits another organization's staff: 404", async () => {
    const other = await s.login('admin.sakura');
    const list = await other.get<Staff[]>('/api/admin/users');
    expect(list.status).toBe(200);
    expect(list.body.map((u) => u.loginId).sort()).toEqual(['admin.sakura', 'nurse.sato']);

    const suzuki = (await s.login('carer.suzuki')).session.user.id;
    expectProblem(await other.put(`/api/admin/users/${suzuki}`, { loginId: 'carer.suzuki', name: '乗っ取り', role: 'admin' }), 404);
    expectProblem(await other.post(`/api/admin/users/${suzuki}/password`, { password: 'stolen-password-1' }), 404);
    expectProblem(await other.put(`/api/admin/users/${id}`, { loginId, name: 'x', role: 'carer', disabled: false }), 404);
    // Nothing changed: suzuki still signs in with the demo password as a carer.
    const again = await s.login('carer.suzuki');
    expect(again.session.user).toMatchObject({ name: '鈴木 ヘルパー', role: 'carer' });
    expect(again.session.user.mustChangePassword).toBeUndefined();
  });

  it('a carer or a nurse calling /api/admin/* gets 403', async () => {
    for (const loginId of ['carer.suzuki', 'nurse.sato', 'carer.ito', 'nurse.tanaka']) {
      const who = await s.login(loginId);
      expectProblem(await who.get('/api/admin/users'), 403);
      expectProblem(await who.put(`/api/admin/users/${newId()}`, { loginId: 'x.y.z', name: 'x', role: 'admin', password: 'password-123' }), 403);
      expectProblem(await who.post(`/api/admin/users/${who.session.user.id}/password`, { password: 'password-123' }), 403);
      expectProblem(await who.get('/api/admin/clients'), 403);
      expectProblem(await who.put(`/api/admin/clients/${newId()}`, { name: '誰か' }), 403);
      expectProblem(await who.put(`/api/admin/clients/${YAMADA}/stations`, { stationIds: ['midori'] }), 403);
      expectProblem(await who.get('/api/admin/audit'), 403);
    }
    expect((await s.db.get("SELECT 1 FROM users WHERE login_id = 'x.y.z'"))).toBeUndefined();
    expect((await s.db.get("SELECT 1 FROM care_links WHERE client_id = ? AND org_id = 'midori'", [YAMADA]))).toBeUndefined();
  });

  it('a loginId already in use (in any organization) answers 409 naming loginId', async () => {
    const body = { name: '重複', role: 'carer', password: 'temporary-pass-1' };
    expectProblem(await admin.put(`/api/admin/users/${newId()}`, { ...body, loginId: 'carer.takahashi' }), 409, ['loginId']);
    expectProblem(await admin.put(`/api/admin/users/${newId()}`, { ...body, loginId: 'nurse.sato' }), 409, ['loginId']);
  });

  it('creating without a temporary password, or with a bad body, answers 400 naming the field', async () => {
    expectProblem(await admin.put(`/api/admin/users/${newId()}`, { loginId: 'carer.nopass', name: 'x', role: 'carer' }), 400, ['password']);
    expectProblem(await admin.put(`/api/admin/users/${newId()}`, { loginId: 'carer.badrole', name: 'x', role: 'boss', password: 'password-123' }), 400, ['role']);
    expectProblem(await admin.put(`/api/admin/users/${newId()}`, { loginId: 'Bad Login', name: 'x', role: 'carer', password: 'password-123' }), 400, ['loginId']);
  });
});

describe('clients and care teams', () => {
  const clientId = newId();

  it('an admin registers a client: 201, owned by its organization, served by no one yet', async () => {
    const r = await admin.put<Client>(`/api/admin/clients/${clientId}`, { name: '新規 利用者', kana: 'しんき りようしゃ', birthYear: 1940 });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: clientId, name: '新規 利用者', ownerOrgId: 'himawari', servedBy: [] });
    const carer = await s.login('carer.suzuki');
    expect((await carer.get<Client[]>('/api/clients')).body.map((c) => c.id)).toContain(clientId);
    const nurse = await s.login('nurse.sato');
    expectProblem(await nurse.get(`/api/clients/${clientId}`), 404);
  });

  it('links only visiting-nursing or medical-daycare organizations: else 400 naming stationIds.N', async () => {
    expectProblem(await admin.put(`/api/admin/clients/${clientId}/stations`, { stationIds: ['sakura', 'himawari'] }), 400, ['stationIds.1']);
    expectProblem(await admin.put(`/api/admin/clients/${clientId}/stations`, { stationIds: ['no-such-org'] }), 400, ['stationIds.0']);
    expectProblem(await admin.put(`/api/admin/clients/${clientId}/stations`, { stationIds: ['aozora', 'midori'] }), 400, ['stationIds.0']);
    expect((await admin.get<Client>(`/api/clients/${clientId}`)).body.servedBy, 'nothing stored').toEqual([]);

    const r = await admin.put<Client>(`/api/admin/clients/${clientId}/stations`, { stationIds: ['sakura', 'midori'] });
    expect(r.status).toBe(200);
    expect([...r.body.servedBy].sort()).toEqual(['midori', 'sakura']);
    const nurse = await s.login('nurse.tanaka');
    expect((await nurse.get<Client>(`/api/clients/${clientId}`)).status).toBe(200);
  });

  it("an admin of a serving station sees the client but may not change it or its care team: 403", async () => {
    const other = await s.login('admin.sakura');
    expect((await other.get(`/api/clients/${YAMADA}`)).status).toBe(200);
    expectProblem(await other.put(`/api/admin/clients/${YAMADA}`, { name: '書き換え' }), 403);
    expectProblem(await other.put(`/api/admin/clients/${YAMADA}/stations`, { stationIds: [] }), 403);
    expectProblem(await other.put(`/api/admin/clients/${KOBAYASHI}`, { name: '書き換え' }), 404);
    expectProblem(await other.put(`/api/admin/clients/${KOBAYASHI}/stations`, { stationIds: ['sakura'] }), 404);
    const yamada = (await admin.get<Client>(`/api/clients/${YAMADA}`)).body;
    expect(yamada.name).toBe('山田 花子');
    expect(yamada.servedBy).toEqual(['sakura']);
  });

  it("after linking sakura to aozora's client, nurse.sato sees the client and its earlier observations after her cursor", async () => {
    const sato = await s.login('nurse.sato');
    const ito = await s.login('carer.ito');
    const earlier = await ito.put<Observation>(`/api/observations/${newId()}`, observationBody(KOBAYASHI, s.clock.now()));
    expect(earlier.status).toBe(201);

    // sato reads her feed to the end.
    let cursor: string | undefined;
    for (let more = true; more; ) {
      const page = await sato.get<ChangesPage>(`/api/changes?limit=500${cursor ? `&after=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.changes.map((c) => c.id)).not.toContain(KOBAYASHI);
      cursor = page.body.cursor;
      more = page.body.more;
    }
    expectProblem(await sato.get(`/api/observations/${earlier.body.id}`), 404);

    // aozora has no admin in the demo: add one.
    const aozoraAdmin = { id: newId(), orgId: 'aozora', loginId: 'admin.aozora', name: 'あおぞら 管理者', role: 'admin' as const };
    await insertUser(s.db, { ...aozoraAdmin, passwordHash: await hashPassword('aozora-admin-1') }, s.clock.now().toISOString());
    const aozora = await signInAs('admin.aozora', 'aozora-admin-1');
    const link = await aozora.put<Client>(`/api/admin/clients/${KOBAYASHI}/stations`, { stationIds: ['sakura'] });
    expect(link.status).toBe(200);
    expect(link.body.servedBy).toEqual(['sakura']);

    const after = await sato.get<ChangesPage>(`/api/changes?limit=500&after=${cursor ?? ''}`);
    expect(after.status).toBe(200);
    const keys = after.body.changes.map((c) => `${c.type}:${c.id}`);
    expect(keys).toContain(`client:${KOBAYASHI}`);
    expect(keys).toContain(`observation:${earlier.body.id}`);
    const seeded = (await s.db.all('SELECT id FROM observations WHERE client_id = ?', [KOBAYASHI])) as { id: string }[];
    expect(seeded.length).toBeGreaterThan(1);
    for (const { id } of seeded) expect(keys, `earlier observation ${id}`).toContain(`observation:${id}`);
    expect((await sato.get(`/api/observations/${earlier.body.id}`)).status).toBe(200);
    expect((await sato.get<Client[]>('/api/clients')).body.map((c) => c.id)).toContain(KOBAYASHI);
  });
});

describe('concurrent admin writes: checked and written in one transaction', () => {
  /** A fresh region per test, with a second organization's admin (aozora has none in the demo). */
  async function region() {
    const t = await makeApp();
    const aozoraId = newId();
    await insertUser(t.db, { id: aozoraId, orgId: 'aozora', loginId: 'admin.aozora', name: 'あおぞら 管理者', role: 'admin', passwordHash: await hashPassword('aozora-admin-1') }, t.clock.now().toISOString());
    const { cookie } = await signIn(t.app, 'admin.aozora', 'aozora-admin-1');
    if (!cookie) throw new Error('no cookie');
    return { t, himawari: await t.login('admin.himawari'), aozora: callerFor((path, init) => t.request(path, init), cookie) };
  }

  it('the same 「職員を追加」 twice at once: one 201, the other a replay (200), never a 500; one account', async () => {
    const { t, himawari } = await region();
    try {
      const id = newId();
      const body = { loginId: 'carer.twice', name: '二重 送信', role: 'carer', password: 'temporary-pass-1' };
      const replies = await Promise.all([himawari.put(`/api/admin/users/${id}`, body), himawari.put(`/api/admin/users/${id}`, body)]);
      expect(replies.map((r) => r.status).sort()).toEqual([200, 201]);
      expect((await t.db.get("SELECT COUNT(*) AS n FROM users WHERE login_id = 'carer.twice'"))).toEqual({ n: 1 });
    } finally {
      t.close();
    }
  });

  it('two new accounts with the same loginId at once: one 201, the other 409 naming loginId', async () => {
    const { t, himawari, aozora } = await region();
    try {
      const body = { loginId: 'carer.same', name: '同じ ID', role: 'carer', password: 'temporary-pass-1' };
      const replies = await Promise.all([himawari.put(`/api/admin/users/${newId()}`, body), aozora.put(`/api/admin/users/${newId()}`, body)]);
      expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
      const conflict = replies.find((r) => r.status === 409);
      if (!conflict) throw new Error('no 409');
      expectProblem(conflict, 409, ['loginId']);
      expect((await t.db.get("SELECT COUNT(*) AS n FROM users WHERE login_id = 'carer.same'"))).toEqual({ n: 1 });
    } finally {
      t.close();
    }
  });

  it("two organizations registering the same new client id at once: the second gets 404 and cannot rewrite the first's client", async () => {
    const { t, himawari, aozora } = await region();
    try {
      const id = newId();
      const bodies = {
        himawari: { name: 'ひまわりの 利用者', emergencyPlan: 'かかりつけ医へ連絡' },
        aozora: { name: 'あおぞらの 利用者', emergencyPlan: '別の計画' },
      };
      const [fromHimawari, fromAozora] = await Promise.all([
        himawari.put<Client>(`/api/admin/clients/${id}`, bodies.himawari),
        aozora.put<Client>(`/api/admin/clients/${id}`, bodies.aozora),
      ]);
      // Whichever commits first owns the client (on PostgreSQL either may, under load); the other
      // is told 404 and changes nothing of it.
      expect([fromHimawari.status, fromAozora.status].sort()).toEqual([201, 404]);
      const winner = fromHimawari.status === 201 ? 'himawari' : 'aozora';
      const loser = winner === 'himawari' ? aozora : himawari;
      expectProblem(winner === 'himawari' ? fromAozora : fromHimawari, 404);
      const row = (await t.db.get('SELECT owner_org_id, name, emergency_plan FROM clients WHERE id = ?', [id]));
      expect(row).toEqual({ owner_org_id: winner, name: bodies[winner].name, emergency_plan: bodies[winner].emergencyPlan });
      // And later, too: another organization's write to an existing client is a 404.
      expectProblem(await loser.put(`/api/admin/clients/${id}`, { name: '上書き' }), 404);
    } finally {
      t.close();
    }
  });
});

describe('an organization never loses its last admin (issue 18 point 10)', () => {
  it('an admin cannot disable or demote their own account: 409 with the reason', async () => {
    const t = await makeApp();
    try {
      const admin = await t.login('admin.himawari');
      const me = admin.session.user;
      const disable = expectProblem(await admin.put(`/api/admin/users/${me.id}`, { loginId: 'admin.himawari', name: me.name, role: 'admin', disabled: true }), 409, ['disabled']);
      expect(disable.detail).toMatch(/自分自身/);
      const demote = expectProblem(await admin.put(`/api/admin/users/${me.id}`, { loginId: 'admin.himawari', name: me.name, role: 'carer' }), 409, ['role']);
      expect(demote.detail).toMatch(/自分自身/);
      expect((await admin.get('/api/session')).status).toBe(200);
      expect((await t.db.get('SELECT role, disabled FROM users WHERE id = ?', [me.id]))).toEqual({ role: 'admin', disabled: 0 });
    } finally {
      t.close();
    }
  });

  it('two admins demoting each other at once: one succeeds, the last admin is kept (409 naming the reason)', async () => {
    const t = await makeApp();
    try {
      const first = await t.login('admin.himawari');
      const secondId = newId();
      expect((await first.put(`/api/admin/users/${secondId}`, { loginId: 'admin.second', name: '二人目 管理者', role: 'admin', password: 'second-admin-1' })).status).toBe(201);
      const { cookie } = await signIn(t.app, 'admin.second', 'second-admin-1');
      if (!cookie) throw new Error('no cookie');
      const second = callerFor((path, init) => t.request(path, init), cookie);
      // The second admin chooses her own password first: a temporary one may do nothing else.
      expect((await second.put('/api/session/password', { currentPassword: 'second-admin-1', newPassword: 'second-admin-chosen-1' })).status).toBe(200);
      const replies = await Promise.all([
        first.put(`/api/admin/users/${secondId}`, { loginId: 'admin.second', name: '二人目 管理者', role: 'carer' }),
        second.put(`/api/admin/users/${first.session.user.id}`, { loginId: 'admin.himawari', name: first.session.user.name, role: 'admin', disabled: true }),
      ]);
      expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
      const refused = replies.find((r) => r.status === 409);
      if (!refused) throw new Error('no 409');
      expect(expectProblem(refused, 409).detail).toMatch(/最後の管理者/);
      expect((await t.db.get("SELECT COUNT(*) AS n FROM users WHERE org_id = 'himawari' AND role = 'admin' AND disabled = 0"))).toEqual({ n: 1 });
    } finally {
      t.close();
    }
  });
});

describe('a disabled account enabled again', () => {
  it('starts over: the sessions it had before it was disabled stay ended', async () => {
    const t = await makeApp();
    try {
      const admin = await t.login('admin.himawari');
      const carer = await t.login('carer.takahashi');
      const id = carer.session.user.id;
      const body = { loginId: 'carer.takahashi', name: carer.session.user.name, role: 'carer' };
      expect((await admin.put(`/api/admin/users/${id}`, { ...body, disabled: true })).status).toBe(200);
      expect((await admin.put(`/api/admin/users/${id}`, { ...body, disabled: false })).status).toBe(200);
      expectProblem(await carer.get('/api/session'), 401);
      expectProblem(await carer.get('/api/clients'), 401);
      // A new sign-in works.
      expect((await (await t.login('carer.takahashi')).get('/api/session')).status).toBe(200);
    } finally {
      t.close();
    }
  });
});

describe('DELETE /api/session/everywhere', () => {
  it('ends every session of the account, this one included', async () => {
    const a = await s.login('carer.takahashi');
    const b = await s.login('carer.takahashi');
    const other = await s.login('carer.suzuki');
    const r = await a.del('/api/session/everywhere');
    expect(r.status).toBe(204);
    expectProblem(await a.get('/api/session'), 401);
    expectProblem(await b.get('/api/session'), 401);
    expect((await other.get('/api/session')).status, "another account's session goes on").toBe(200);
  });
});

describe('first start: POST /api/setup with a one-time token', () => {
  let dir: string;
  let app: ReturnType<typeof createApp>;
  let db: Db;
  const post = async (body: unknown) =>
    toReply<Session>(
      await app.request('/api/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    );
  const setupBody = (token: string) => ({
    token,
    organization: { name: 'はなみずき訪問介護', kind: 'home_care' },
    admin: { name: '初代 管理者', loginId: 'admin.hanamizuki', password: 'first-admin-pass' },
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kizuki-setup-'));
    db = await openTestDb(dir);
    app = createApp({ db });
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the organization and its admin from an empty database: 201, a working session', async () => {
    expect(((await db.get('SELECT COUNT(*) AS n FROM organizations')) as { n: number }).n).toBe(0);
    const token = await createSetupToken(db, new Date().toISOString());

    // A bad body answers 400 and does not use the token up.
    const bad = await post({ ...setupBody(token), admin: { name: '', loginId: 'Not Valid', password: 'short' } });
    expectProblem(bad, 400, ['admin.name', 'admin.loginId', 'admin.password']);
    expectProblem(await post({ token, organization: { name: 'x', kind: 'hospital' } }), 400, ['organization.kind', 'admin']);

    const res = await app.request('/api/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(setupBody(token)),
    });
    expect(res.status).toBe(201);
    const cookie = sessionCookie(res);
    expect(res.headers.get('set-cookie') ?? '').toMatch(/HttpOnly/i);
    const created = (await res.json()) as Session;
    expect(created.user).toMatchObject({ name: '初代 管理者', role: 'admin' });
    expect(created.org).toMatchObject({ name: 'はなみずき訪問介護', kind: 'home_care', id: created.user.orgId });

    const me = await toReply<Session>(await app.request('/api/session', { headers: { cookie } }));
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(created.user.id);
    const staff = await toReply<Staff[]>(await app.request('/api/admin/users', { headers: { cookie } }));
    expect(staff.status).toBe(200);
    expect(staff.body.map((u) => u.loginId)).toEqual(['admin.hanamizuki']);
    const orgs = await toReply<Organization[]>(await app.request('/api/organizations', { headers: { cookie } }));
    expect(orgs.body).toEqual([{ id: created.user.orgId, name: 'はなみずき訪問介護', kind: 'home_care' }]);
    expect((await signIn(app, 'admin.hanamizuki', 'first-admin-pass')).reply.status).toBe(200);

    // The same token again: 403, and nothing more is created.
    expectProblem(await post({ ...setupBody(token), admin: { name: '二人目', loginId: 'admin.second', password: 'second-admin-pass' } }), 403);
    expect(((await db.get('SELECT COUNT(*) AS n FROM organizations')) as { n: number }).n).toBe(1);
    expect(((await db.get('SELECT COUNT(*) AS n FROM users')) as { n: number }).n).toBe(1);
  });

  it('two processes started on an empty database each print a token: only one first organization is ever made', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'kizuki-setup-two-'));
    const empty = await openTestDb(emptyDir);
    try {
      const first = createApp({ db: empty });
      const second = createApp({ db: empty });
      const tokens = [await createSetupToken(empty, new Date().toISOString()), await createSetupToken(empty, new Date().toISOString())];
      const replies = await Promise.all(
        [first, second].map(async (a, i) =>
          toReply(
            await a.request('/api/setup', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ ...setupBody(tokens[i] ?? ''), admin: { name: `管理者${i}`, loginId: `admin.first${i}`, password: `first-admin-pass-${i}` } }),
            }),
          ),
        ),
      );
      expect(replies.map((r) => r.status).sort()).toEqual([201, 403]);
      expect(((await empty.get('SELECT COUNT(*) AS n FROM organizations')) as { n: number }).n).toBe(1);
      expect(((await empty.get('SELECT COUNT(*) AS n FROM users')) as { n: number }).n).toBe(1);
    } finally {
      await empty.close();
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });

  it('a wrong token answers 403 and creates nothing', async () => {
    const r = await post({ ...setupBody('this-is-not-the-token-0123456789'), admin: { name: 'x', loginId: 'admin.wrong', password: 'wrong-token-pass' } });
    expectProblem(r, 403);
    expect(r.headers.get('set-cookie')).toBeNull();
    expect((await db.get("SELECT 1 FROM users WHERE login_id = 'admin.wrong'"))).toBeUndefined();
  });
});

describe('the audit log', () => {
  it("lists a carer's read and write of an observation for the owner's admin: who, when, what, which organization", async () => {
    const carer = await s.login('carer.suzuki');
    const id = newId();
    expect((await carer.put(`/api/observations/${id}`, observationBody(YAMADA, s.clock.now()))).status).toBe(201);
    expect((await carer.get(`/api/observations/${id}`)).status).toBe(200);
    await flushAudit();

    const r = await admin.get<AuditRow[]>('/api/admin/audit');
    expect(r.status).toBe(200);
    const mine = r.body.filter((e) => e.entityId === id);
    const who = carer.session.user.id;
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: who, orgId: 'himawari', action: 'write', entityType: 'observations', entityId: id, status: 201 }),
        expect.objectContaining({ userId: who, orgId: 'himawari', action: 'read', entityType: 'observations', entityId: id, status: 200 }),
      ]),
    );
    for (const e of mine) {
      expect(Number.isNaN(Date.parse(e.at)), 'when').toBe(false);
      expect(Math.abs(Date.parse(e.at) - s.clock.now().getTime())).toBeLessThan(60_000);
    }
    // Only himawari's own actions, and others' actions on himawari's clients.
    expect(r.body.every((e) => e.orgId === 'himawari' || e.clientOrgId === 'himawari'), 'only himawari').toBe(true);
  });

  it("shows the owner's admin when a station's nurse read one of its clients' records", async () => {
    const carer = await s.login('carer.suzuki');
    const sato = await s.login('nurse.sato');
    const id = newId();
    expect((await carer.put(`/api/observations/${id}`, observationBody(YAMADA, s.clock.now()))).status).toBe(201);
    expect((await sato.get(`/api/observations/${id}`)).status).toBe(200);
    await flushAudit();
    const r = await admin.get<AuditRow[]>('/api/admin/audit?limit=1000');
    expect(r.body).toContainEqual(
      expect.objectContaining({ userId: sato.session.user.id, orgId: 'sakura', clientOrgId: 'himawari', action: 'read', entityId: id }),
    );
  });

  it('a path spelled with percent escapes is logged as the record it reaches, for the owner\'s admin too', async () => {
    // The router decodes %73 → s; the log must name what was routed, or a read escapes the owner's view.
    const carer = await s.login('carer.suzuki');
    const sato = await s.login('nurse.sato');
    const id = newId();
    expect((await carer.put(`/api/observations/${id}`, observationBody(YAMADA, s.clock.now()))).status).toBe(201);
    expect((await sato.get(`/api/observation%73/${id}`)).status).toBe(200);
    expect((await sato.get(`/api/client%73/${YAMADA}`)).status).toBe(200);
    await flushAudit();
    const r = await admin.get<AuditRow[]>('/api/admin/audit?limit=1000');
    const who = sato.session.user.id;
    expect(r.body).toContainEqual(
      expect.objectContaining({ userId: who, clientOrgId: 'himawari', action: 'read', entityType: 'observations', entityId: id, status: 200 }),
    );
    expect(r.body).toContainEqual(
      expect.objectContaining({ userId: who, clientOrgId: 'himawari', action: 'read', entityType: 'clients', entityId: YAMADA, status: 200 }),
    );
  });

  it('a path with a NUL is logged too, the NUL kept as %00 (PostgreSQL stores no NUL in text)', async () => {
    const carer = await s.login('carer.suzuki');
    expectProblem(await carer.get('/api/observations/abc%00def'), 404);
    await flushAudit();
    const r = await admin.get<AuditRow[]>('/api/admin/audit?limit=1000');
    expect(r.body).toContainEqual(
      expect.objectContaining({ userId: carer.session.user.id, action: 'read', entityType: 'observations', entityId: 'abc%00def', status: 404 }),
    );
  });

  it("shows each admin only its own organization's actions", async () => {
    const sato = await s.login('nurse.sato');
    const carer = await s.login('carer.suzuki');
    const id = newId();
    expect((await carer.put(`/api/observations/${id}`, observationBody(YAMADA, s.clock.now()))).status).toBe(201);
    expect((await sato.get(`/api/observations/${id}`)).status).toBe(200);
    await flushAudit();

    const sakura = await s.login('admin.sakura');
    const r = await sakura.get<AuditRow[]>('/api/admin/audit?limit=1000');
    expect(r.status).toBe(200);
    expect(r.body).toContainEqual(
      expect.objectContaining({ userId: sato.session.user.id, orgId: 'sakura', action: 'read', entityType: 'observations', entityId: id }),
    );
    const sakuraStaff = new Set([sato.session.user.id, sakura.session.user.id]);
    for (const e of r.body) {
      expect(e.orgId).toBe('sakura');
      expect(sakuraStaff.has(e.userId ?? ''), `entry by ${e.userId}`).toBe(true);
    }
    expect(r.body.some((e) => e.userId === carer.session.user.id)).toBe(false);
  });

  it("a 404 is logged without naming the client's owner: the log does not confirm that the record exists", async () => {
    const ito = await s.login('carer.ito');
    const hidden = await ito.put<Observation>(`/api/observations/${newId()}`, observationBody(KOBAYASHI, s.clock.now()));
    expect(hidden.status).toBe(201);
    const sato = await s.login('nurse.tanaka');
    expectProblem(await sato.get(`/api/observations/${hidden.body.id}`), 404);
    await flushAudit();
    const rows = (await s.db.all('SELECT status, client_org_id AS "clientOrgId" FROM audit_log WHERE user_id = ? AND entity_id = ?', [sato.session.user.id, hidden.body.id]));
    expect(rows).toEqual([{ status: 404, clientOrgId: null }]);
  });

  it('is append-only: UPDATE and DELETE through the database handle throw', async () => {
    await flushAudit();
    const n = ((await s.db.get('SELECT COUNT(*) AS n FROM audit_log')) as { n: number }).n;
    expect(n).toBeGreaterThan(0);
    await expect(s.db.run("UPDATE audit_log SET action = 'read'")).rejects.toThrow(/append-only/);
    await expect(s.db.run('UPDATE audit_log SET user_id = NULL WHERE id = (SELECT MIN(id) FROM audit_log)')).rejects.toThrow(/append-only/);
    await expect(s.db.run('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(s.db.run('DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)')).rejects.toThrow(/append-only/);
    expect(((await s.db.get('SELECT COUNT(*) AS n FROM audit_log')) as { n: number }).n).toBe(n);
  });
});
