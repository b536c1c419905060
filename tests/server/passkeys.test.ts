// Passkey routes without an authenticator (the full ceremonies run in Chromium with a virtual
// authenticator: tests/e2e/passkeys.spec.ts): what needs a session, the page's Origin, and
// one-time, short-lived challenges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPasskey, markPasskeyUsed, passkeysOf, saveChallenge, takeChallenge } from '../../src/server/store/passkeys.js';
import { expectProblem, makeApp, type ApiClient, type TestServer } from '../fixtures/server.js';

let s: TestServer;
let nurse: ApiClient;
beforeAll(async () => {
  s = await makeApp();
  nurse = await s.login('nurse.sato');
});
afterAll(() => s.close());

const ORIGIN = { origin: 'http://localhost' };
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  s.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('passkeys', () => {
  it('registering needs a session; listing shows only one’s own', async () => {
    expectProblem(await post('/api/passkeys/register/options', {}, ORIGIN), 401);
    expectProblem(await s.request('/api/passkeys'), 401);
    expect((await nurse.get('/api/passkeys')).body).toEqual([]);
  });

  it('registration options name this site and the user, exclude nothing yet, and need the page’s Origin', async () => {
    const r = await nurse.post<{ challengeId: string; options: { rp: { id: string; name: string }; user: { name: string }; challenge: string } }>(
      '/api/passkeys/register/options',
      {},
      ORIGIN,
    );
    expect(r.status).toBe(200);
    expect(r.body.options.rp).toEqual({ id: 'localhost', name: '気づき' });
    expect(r.body.options.user.name).toBe('nurse.sato');
    expect(r.body.challengeId.length).toBeGreaterThan(10);
    expectProblem(await nurse.post('/api/passkeys/register/options', {}), 400);
  });

  it('sign-in options are public; an answer with an unknown challenge or credential is 401 and sets no cookie', async () => {
    const o = await post('/api/passkeys/login/options', {}, ORIGIN);
    expect(o.status).toBe(200);
    const { challengeId } = o.body as { challengeId: string };
    const fake = { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: {}, clientExtensionResults: {} };
    const r = await post('/api/passkeys/login', { challengeId, response: fake }, ORIGIN);
    expectProblem(r, 401);
    expect(r.headers.get('set-cookie')).toBeNull();
    // The challenge was used up by that attempt.
    expectProblem(await post('/api/passkeys/login', { challengeId, response: fake }, ORIGIN), 401);
    expectProblem(await post('/api/passkeys/login', { challengeId: 'x', response: fake }, { origin: 'https://evil.example' }), 403);
  });

  it('a passkey\'s signature counter only moves forward: a use at or behind the stored counter is refused, in the write itself', async () => {
    const satoId = nurse.session.user.id;
    const now = new Date().toISOString();
    await insertPasskey(s.db, { id: 'cred-counter', userId: satoId, publicKey: new Uint8Array([1]), counter: 5, transports: [], now });
    try {
      const counterOf = async () => ((await s.db.get("SELECT counter FROM passkeys WHERE id = 'cred-counter'")) as { counter: number }).counter;
      expect(await markPasskeyUsed(s.db, 'cred-counter', 6, now)).toBe(true);
      // Two verifications that both read 5 and both answer 6: only the first is recorded.
      expect(await markPasskeyUsed(s.db, 'cred-counter', 6, now)).toBe(false);
      expect(await markPasskeyUsed(s.db, 'cred-counter', 4, now)).toBe(false);
      expect(await counterOf()).toBe(6);
      expect(await markPasskeyUsed(s.db, 'cred-counter', 9, now)).toBe(true);
      // An authenticator that keeps no counter reports 0 every time: not compared.
      await s.db.run("UPDATE passkeys SET counter = 0 WHERE id = 'cred-counter'");
      expect(await markPasskeyUsed(s.db, 'cred-counter', 0, now)).toBe(true);
      expect(await markPasskeyUsed(s.db, 'cred-counter', 0, now)).toBe(true);
    } finally {
      await s.db.run("DELETE FROM passkeys WHERE id = 'cred-counter'");
    }
  });

  it('a challenge is good once, for its own ceremony and user, for five minutes', async () => {
    const now = Date.now();
    const a = await saveChallenge(s.db, 'register', 'u1', 'c1', now);
    expect(await takeChallenge(s.db, a, 'register', 'u2', now)).toBeNull();
    const b = await saveChallenge(s.db, 'register', 'u1', 'c2', now);
    expect(await takeChallenge(s.db, b, 'register', 'u1', now)).toBe('c2');
    expect(await takeChallenge(s.db, b, 'register', 'u1', now)).toBeNull();
    const c = await saveChallenge(s.db, 'login', null, 'c3', now);
    expect(await takeChallenge(s.db, c, 'login', null, now + 5 * 60 * 1000 + 1)).toBeNull();
  });
});

describe('recovery by an admin of the same organization', () => {
  it('removes the person’s passkeys (audited, naming them); another organization’s admin gets 404', async () => {
    const satoId = nurse.session.user.id;
    await insertPasskey(s.db, { id: 'cred-lost-phone', userId: satoId, publicKey: new Uint8Array([1, 2, 3]), counter: 0, transports: ['internal'], now: new Date().toISOString() });
    const himawari = await s.login('admin.himawari');
    expectProblem(await himawari.del(`/api/admin/users/${satoId}/passkeys`), 404);
    expect(await passkeysOf(s.db, satoId)).toHaveLength(1);
    expectProblem(await nurse.del(`/api/admin/users/${satoId}/passkeys`), 403);

    const sakura = await s.login('admin.sakura');
    const r = await sakura.del<{ removed: number }>(`/api/admin/users/${satoId}/passkeys`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ removed: 1 });
    expect(await passkeysOf(s.db, satoId)).toEqual([]);
    await s.settle();
    const log = await sakura.get<{ userId: string; action: string; entityType: string; entityId: string; status: number }[]>('/api/admin/audit');
    expect(log.body).toContainEqual(
      expect.objectContaining({ userId: sakura.session.user.id, action: 'admin', entityType: 'admin.users.passkeys', entityId: satoId, status: 200 }),
    );
  });
});
