// The second factor for nurses and admins (issue 12), through the real routes and the real
// @simplewebauthn/server verification: the WebAuthn answers are recorded fixtures
// (tests/fixtures/webauthn/, made once by a software authenticator, record.ts), and each test
// stores the fixture's challenge as the server's own before answering with it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_REGISTER, PROBLEM_VERIFY } from '../../src/server/second-factor.js';
import { insertPasskey, passkeysOf, saveChallenge } from '../../src/server/store/passkeys.js';
import { DEFAULT_REQUIRED_FROM, secondFactorRequiredFrom, setSecondFactorRequiredFrom } from '../../src/server/store/second-factor.js';
import { expectProblem, makeApp, sessionCookie, toReply, type ApiClient, type Reply, type TestServer } from '../fixtures/server.js';

interface Fixture {
  challenge: string;
  response: { id: string; response: Record<string, string> } & Record<string, unknown>;
}
const fixture = (name: string): Fixture =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/webauthn', name), 'utf8')) as Fixture;
const REGISTRATION = fixture('registration.json');
const LOGIN = fixture('assertion-login.json');
const VERIFY = fixture('assertion-verify.json');
const LOGIN_NO_UV = fixture('assertion-login-no-uv.json');

const ORIGIN = { origin: 'http://localhost' };
const SATO = '00000000-0000-4000-8000-000000000101';
const PAST = '2020-01-01';
const FUTURE = '2099-12-31';

let s: TestServer;
beforeAll(async () => {
  s = await makeApp();
});
afterAll(() => s.close());

const nowMs = () => s.clock.now().getTime();
const requireFrom = (org: string, day: string) => setSecondFactorRequiredFrom(s.db, org, day, null, new Date().toISOString());

/** A client API is refused with the second factor's problem, which names the step. */
function expectRestricted(reply: Reply, type: string): void {
  const p = expectProblem(reply, 403) as unknown as { type: string; secondFactor: { state: string; requiredFrom: string } };
  expect(p.type).toBe(type);
  expect(p.secondFactor.state).toBe(type === PROBLEM_REGISTER ? 'register' : 'verify');
}

async function passkeyLogin(f: Fixture): Promise<{ reply: Reply<{ user: { id: string }; secondFactor?: unknown }>; cookie: string | null }> {
  const challengeId = await saveChallenge(s.db, 'login', null, f.challenge, nowMs());
  const res = await s.app.request('/api/passkeys/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...ORIGIN },
    body: JSON.stringify({ challengeId, response: f.response }),
  });
  const cookie = res.headers.get('set-cookie') ? sessionCookie(res) : null;
  return { reply: await toReply(res), cookie };
}

describe('before the organization’s day', () => {
  it('a nurse without a passkey has full access and a reminder naming the day; a carer has none', async () => {
    await requireFrom('sakura', FUTURE);
    const sato = await s.login('nurse.sato');
    expect(sato.session.secondFactor).toEqual({ state: 'reminder', requiredFrom: FUTURE });
    expect((await sato.get('/api/clients')).status).toBe(200);
    const suzuki = await s.login('carer.suzuki');
    expect(suzuki.session.secondFactor).toBeUndefined();
  });

  it('without a day set, the default is the first day of FY2027', async () => {
    const tanaka = await s.login('nurse.tanaka');
    await s.db.run('DELETE FROM org_second_factor WHERE org_id = ?', ['midori']);
    expect((await tanaka.get<{ secondFactor?: unknown }>('/api/session')).body.secondFactor).toEqual({
      state: 'reminder',
      requiredFrom: DEFAULT_REQUIRED_FROM,
    });
  });
});

describe('after the day, with recorded WebAuthn answers', () => {
  let sato: ApiClient;
  it('a nurse without a passkey signing in with a password may only register one: everything else is 403 with a type', async () => {
    await requireFrom('sakura', PAST);
    sato = await s.login('nurse.sato');
    expect(sato.session.secondFactor).toEqual({ state: 'register', requiredFrom: PAST });
    expectRestricted(await sato.get('/api/clients'), PROBLEM_REGISTER);
    expectRestricted(await sato.get('/api/changes'), PROBLEM_REGISTER);
    expectRestricted(await sato.post('/api/batch', { requests: [] }), PROBLEM_REGISTER);
    expectRestricted(await sato.post('/api/passkeys/verify/options', {}, ORIGIN), PROBLEM_REGISTER);
    expect((await sato.get('/api/session')).status).toBe(200);
    expect((await sato.get('/api/passkeys')).body).toEqual([]);
    expect((await sato.post('/api/passkeys/register/options', {}, ORIGIN)).status).toBe(200);
    // Refusals are audited like any request.
    await s.settle();
    const row = await s.db.get<{ status: number }>("SELECT status FROM audit_log WHERE user_id = ? AND entity_type = 'clients' ORDER BY id DESC LIMIT 1", [SATO]);
    expect(row?.status).toBe(403);
  });

  it('a registration answer for another challenge is refused by the verifier', async () => {
    const challengeId = await saveChallenge(s.db, 'register', SATO, 'c29tZS1vdGhlci1jaGFsbGVuZ2U', nowMs());
    expectProblem(await sato.post('/api/passkeys/register', { challengeId, response: REGISTRATION.response }, ORIGIN), 400);
    expect(await passkeysOf(s.db, SATO)).toEqual([]);
  });

  it('the recorded registration is verified and stored; the session then has full access', async () => {
    const challengeId = await saveChallenge(s.db, 'register', SATO, REGISTRATION.challenge, nowMs());
    const r = await sato.post<{ id: string }[]>('/api/passkeys/register', { challengeId, response: REGISTRATION.response }, ORIGIN);
    expect(r.status).toBe(201);
    expect(r.body.map((p) => p.id)).toEqual([REGISTRATION.response.id]);
    expect((await sato.get('/api/clients')).status).toBe(200);
    expect((await sato.get<{ secondFactor?: unknown }>('/api/session')).body.secondFactor).toBeUndefined();
  });

  it('a tampered assertion is refused; the recorded one signs in with full access', async () => {
    const tampered = structuredClone(LOGIN);
    const sig = Buffer.from(tampered.response.response.signature ?? '', 'base64url');
    sig[sig.length - 1] = (sig.at(-1) ?? 0) ^ 1;
    tampered.response.response.signature = sig.toString('base64url');
    const bad = await passkeyLogin(tampered);
    expectProblem(bad.reply, 401);
    expect(bad.cookie).toBeNull();

    const { reply, cookie } = await passkeyLogin(LOGIN);
    expect(reply.status).toBe(200);
    expect(reply.body.user.id).toBe(SATO);
    expect(reply.body.secondFactor).toBeUndefined();
    expect((await s.request('/api/clients', { headers: { cookie: cookie ?? '' } })).status).toBe(200);
  });

  it('with a passkey, a password alone only lets the nurse confirm with it; the recorded assertion completes the session', async () => {
    sato = await s.login('nurse.sato');
    expect(sato.session.secondFactor).toEqual({ state: 'verify', requiredFrom: PAST });
    expectRestricted(await sato.get('/api/clients'), PROBLEM_VERIFY);
    expectRestricted(await sato.post('/api/passkeys/register/options', {}, ORIGIN), PROBLEM_VERIFY);
    const o = await sato.post<{ challengeId: string; options: { allowCredentials: { id: string }[] } }>('/api/passkeys/verify/options', {}, ORIGIN);
    expect(o.status).toBe(200);
    expect(o.body.options.allowCredentials.map((c) => c.id)).toEqual([REGISTRATION.response.id]);

    // A challenge made for another user (or for a passkey sign-in) does not do.
    const forLogin = await saveChallenge(s.db, 'login', null, VERIFY.challenge, nowMs());
    expectProblem(await sato.post('/api/passkeys/verify', { challengeId: forLogin, response: VERIFY.response }, ORIGIN), 401);
    const challengeId = await saveChallenge(s.db, 'login', SATO, VERIFY.challenge, nowMs());
    const v = await sato.post<{ secondFactor?: unknown }>('/api/passkeys/verify', { challengeId, response: VERIFY.response }, ORIGIN);
    expect(v.status).toBe(200);
    expect(v.body.secondFactor).toBeUndefined();
    expect((await sato.get('/api/clients')).status).toBe(200);
  });

  it('someone else’s passkey does not complete a session', async () => {
    const admin = await s.login('admin.sakura');
    await insertPasskey(s.db, { id: 'admins-own', userId: admin.session.user.id, publicKey: new Uint8Array([1]), counter: 0, transports: [], now: new Date().toISOString() });
    const checked = await s.login('admin.sakura');
    expect(checked.session.secondFactor?.state).toBe('verify');
    // Sato's counter back to 0, so that only the owner check can refuse her recorded assertion.
    await s.db.run('UPDATE passkeys SET counter = 0 WHERE user_id = ?', [SATO]);
    const challengeId = await saveChallenge(s.db, 'login', checked.session.user.id, VERIFY.challenge, nowMs());
    expectProblem(await checked.post('/api/passkeys/verify', { challengeId, response: VERIFY.response }, ORIGIN), 401);
    expectRestricted(await checked.get('/api/clients'), PROBLEM_VERIFY);
    await s.db.run("DELETE FROM passkeys WHERE id = 'admins-own'");
  });

  it('a passkey sign-in without user verification is refused where the second factor is required', async () => {
    const { reply, cookie } = await passkeyLogin(LOGIN_NO_UV);
    expectProblem(reply, 401);
    expect(cookie).toBeNull();
  });

  it('recovery by an admin ends the nurse’s sessions and starts the requirement over', async () => {
    // The admin completes her own second factor first (a passkey row + a completed session).
    const admin = await s.login('admin.sakura');
    await s.db.run('UPDATE sessions SET second_factor_at = ? WHERE user_id = ?', [new Date().toISOString(), admin.session.user.id]);
    const r = await admin.del<{ removed: number }>(`/api/admin/users/${SATO}/passkeys`);
    expect(r.status).toBe(200);
    expect(r.body.removed).toBe(1);
    expectProblem(await sato.get('/api/clients'), 401);
    const again = await s.login('nurse.sato');
    expect(again.session.secondFactor).toEqual({ state: 'register', requiredFrom: PAST });
  });

  it('carers are never required', async () => {
    await requireFrom('himawari', PAST);
    const suzuki = await s.login('carer.suzuki');
    expect(suzuki.session.secondFactor).toBeUndefined();
    expect((await suzuki.get('/api/clients')).status).toBe(200);
  });
});

describe('the setting', () => {
  it('an admin of the organization reads and sets the day (audited); others may not; a bad day is 400', async () => {
    await requireFrom('sakura', FUTURE);
    const admin = await s.login('admin.sakura');
    expect((await admin.get('/api/admin/second-factor')).body).toEqual({ requiredFrom: FUTURE });
    const nurse = await s.login('nurse.sato');
    expectProblem(await nurse.put('/api/admin/second-factor', { requiredFrom: '2027-01-01' }), 403);
    expectProblem(await admin.put('/api/admin/second-factor', { requiredFrom: '2027-02-30' }), 400, ['requiredFrom']);
    expectProblem(await admin.put('/api/admin/second-factor', { requiredFrom: 'tomorrow' }), 400, ['requiredFrom']);
    const r = await admin.put('/api/admin/second-factor', { requiredFrom: '2027-01-01' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ requiredFrom: '2027-01-01' });
    // Another organization's day is its own.
    expect(await secondFactorRequiredFrom(s.db, 'himawari')).toBe(PAST);
    await s.settle();
    const log = await admin.get<{ entityType: string; status: number }[]>('/api/admin/audit');
    expect(log.body).toContainEqual(expect.objectContaining({ entityType: 'admin.second-factor', status: 200 }));
  });

  it('the day starts at 00:00 Japan time', async () => {
    const jst = new Date(nowMs() + 9 * 3600 * 1000).toISOString().slice(0, 10);
    await requireFrom('sakura', jst);
    expect((await s.login('nurse.sato')).session.secondFactor?.state).toBe('register');
    const tomorrow = new Date(nowMs() + 33 * 3600 * 1000).toISOString().slice(0, 10);
    await requireFrom('sakura', tomorrow);
    expect((await s.login('nurse.sato')).session.secondFactor?.state).toBe('reminder');
  });
});
