// Health, the session gate in front of every other /api route, sign-in / sign-out and the
// sign-in throttle (PRODUCT.md "REST API": POST/GET/DELETE /api/session).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/shared/schemas.js';
import {
  PASSWORD,
  YAMADA,
  expectProblem,
  makeApp,
  newId,
  observationBody,
  sessionCookie,
  toReply,
  type TestServer,
} from '../fixtures/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await makeApp();
});
afterAll(() => s.close());

const signIn = (app: TestServer, loginId: string, password: string, url = '/api/session') =>
  app.app.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginId, password }),
  });

describe('public routes', () => {
  it('GET /api/health answers {status:"ok"} without a session', async () => {
    const r = await s.request('/api/health');
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(r.body).toEqual({ status: 'ok' });
  });
});

describe('without a session', () => {
  const id = '11111111-1111-4111-8111-111111111111';
  const routes: [string, string, unknown?][] = [
    ['GET', '/api/session'],
    ['DELETE', '/api/session'],
    ['GET', '/api/organizations'],
    ['GET', '/api/clients'],
    ['GET', `/api/observations/${id}`],
    ['PUT', `/api/observations/${id}`, observationBody(YAMADA, new Date())],
    ['GET', `/api/consultations/${id}`],
    ['PUT', `/api/consultations/${id}`, {}],
    ['PUT', `/api/consultations/${id}/messages/${id}`, { kind: 'close' }],
    ['GET', '/api/changes'],
    ['GET', '/api/changes?after=0&limit=10'],
    ['POST', '/api/batch', { requests: [{ id: '1', method: 'GET', url: '/api/clients' }] }],
    ['GET', '/api/no-such-route'],
  ];
  it.each(routes)('%s %s answers 401 problem+json', async (method, path, body) => {
    const r = await s.request(path, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    expectProblem(r, 401);
  });

  it('a made-up session cookie answers 401', async () => {
    const r = await s.request('/api/clients', { headers: { cookie: 'kizuki_session=not-a-real-token' } });
    expectProblem(r, 401);
  });
});

describe('POST /api/session', () => {
  it('signs in: 200 {user, org} and an HttpOnly SameSite=Strict session cookie', async () => {
    const res = await signIn(s, 'carer.suzuki', PASSWORD);
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^kizuki_session=[^;]+/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Strict/i);
    expect(setCookie).not.toMatch(/;\s*Secure/i);
    const body = (await res.json()) as Session;
    expect(body).toEqual({
      user: { id: expect.any(String), name: '鈴木 ヘルパー', role: 'carer', orgId: 'himawari' },
      org: { id: 'himawari', name: 'ひまわり訪問介護', kind: 'home_care' },
    });
  });

  it('marks the cookie Secure behind HTTPS', async () => {
    const res = await signIn(s, 'carer.takahashi', PASSWORD, 'https://kizuki.example/api/session');
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie') ?? '').toMatch(/;\s*Secure/i);
  });

  it('answers 401 problem+json to a wrong password, and sets no cookie', async () => {
    const r = await toReply(await signIn(s, 'nurse.sato', 'wrong-password'));
    expectProblem(r, 401);
    expect(r.headers.get('set-cookie')).toBeNull();
  });

  it('answers 401 to an unknown account', async () => {
    expectProblem(await toReply(await signIn(s, 'nobody.here', PASSWORD)), 401);
  });

  it('answers 400 naming the field when loginId is missing', async () => {
    const r = await s.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expectProblem(r, 400, ['loginId']);
  });

  it('after 10 failures for one account, the next attempt answers 429 with Retry-After, even with the right password', async () => {
    const t = await makeApp();
    try {
      for (let i = 0; i < 10; i++) {
        expectProblem(await toReply(await signIn(t, 'admin.himawari', `wrong-${i}`)), 401);
      }
      const blocked = await toReply(await signIn(t, 'admin.himawari', PASSWORD));
      expectProblem(blocked, 429);
      const retryAfter = Number(blocked.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(blocked.headers.get('set-cookie')).toBeNull();
      // Another account is not affected.
      expect((await signIn(t, 'carer.suzuki', PASSWORD)).status).toBe(200);
      // Once the 15-minute window has passed, the right password works again.
      t.clock.advance(15 * 60 * 1000 + 1000);
      expect((await signIn(t, 'admin.himawari', PASSWORD)).status).toBe(200);
    } finally {
      t.close();
    }
  });

  it('does not throttle ordinary use: 60 quick requests from one session all succeed', async () => {
    const nurse = await s.login('nurse.sato');
    const replies = await Promise.all(Array.from({ length: 60 }, () => nurse.get('/api/clients')));
    expect(replies.map((r) => r.status)).toEqual(Array.from({ length: 60 }, () => 200));
  });
});

describe('GET /api/session', () => {
  it('answers the same body as sign-in for the current session', async () => {
    const nurse = await s.login('nurse.sato');
    const r = await nurse.get<Session>('/api/session');
    expect(r.status).toBe(200);
    expect(r.body).toEqual(nurse.session);
    expect(r.body).toEqual({
      user: { id: expect.any(String), name: '佐藤 看護師', role: 'nurse', orgId: 'sakura' },
      org: { id: 'sakura', name: 'さくら訪問看護ステーション', kind: 'visiting_nursing' },
      // The demo region requires passkeys a year from now: a nurse without one is reminded.
      secondFactor: { state: 'reminder', requiredFrom: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    });
  });
});

describe('the idle timeout (12 hours by default) and the persistent, sliding cookie', () => {
  const HOUR = 3600 * 1000;
  const maxAgeOf = (setCookie: string | null) => Number(/;\s*Max-Age=(\d+)/i.exec(setCookie ?? '')?.[1] ?? NaN);

  it('the session cookie lasts as long as the idle period (Max-Age), so a relaunched browser keeps it', async () => {
    const res = await signIn(s, 'carer.takahashi', PASSWORD);
    expect(res.status).toBe(200);
    expect(maxAgeOf(res.headers.get('set-cookie'))).toBe(12 * 3600);
  });

  it('used within 12 hours, a session goes on and its cookie is renewed; 12 hours unused, it ends with 401', async () => {
    const t = await makeApp();
    try {
      const carer = await t.login('carer.suzuki');
      t.clock.advance(12 * HOUR - 60 * 1000);
      const used = await t.app.request('/api/clients', { headers: { cookie: carer.cookie } });
      expect(used.status).toBe(200);
      // The idle clock restarted: the cookie is sent again with a fresh Max-Age.
      expect(used.headers.get('set-cookie') ?? '').toMatch(/^kizuki_session=/);
      expect(maxAgeOf(used.headers.get('set-cookie'))).toBe(12 * 3600);

      // Another 12 hours less a minute after that use: still signed in.
      t.clock.advance(12 * HOUR - 60 * 1000);
      expect((await carer.get('/api/session')).status).toBe(200);

      // 12 hours and a second without a request: ended, with a message saying why.
      t.clock.advance(12 * HOUR + 1000);
      const expired = expectProblem(await carer.get('/api/clients'), 401);
      expect(expired.detail).toMatch(/操作がなかった|使われなかった/);
      // Ended for good, not just refused: moving the clock back does not revive it.
      t.clock.advance(-13 * HOUR);
      expectProblem(await carer.get('/api/session'), 401);
    } finally {
      t.close();
    }
  });

  it('a request within a minute of the last does not rewrite the cookie', async () => {
    const nurse = await s.login('nurse.sato');
    const res = await s.app.request('/api/session', { headers: { cookie: nurse.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('DELETE /api/session', () => {
  it('logs out with 204, and the old cookie then answers 401 everywhere', async () => {
    const carer = await s.login('carer.suzuki');
    expect((await carer.get('/api/session')).status).toBe(200);
    const out = await carer.del('/api/session');
    expect(out.status).toBe(204);
    expect(out.body).toBeNull();
    expectProblem(await carer.get('/api/session'), 401);
    expectProblem(await carer.get('/api/clients'), 401);
    expectProblem(await carer.put(`/api/observations/${newId()}`, observationBody(YAMADA, new Date())), 401);
  });

  it('a session ended or an account disabled by another process is refused on the very next request (sessions are not cached, ADR 0016)', async () => {
    const carer = await s.login('carer.takahashi');
    const put = () => carer.put(`/api/observations/${newId()}`, observationBody(YAMADA, new Date()));
    expect((await put()).status).toBe(201);
    // What another server process (or an admin's tool) does to the shared database, not through this app:
    await s.db.run('UPDATE users SET disabled = 1 WHERE id = ?', [carer.session.user.id]);
    expectProblem(await put(), 401);
    await s.db.run('UPDATE users SET disabled = 0 WHERE id = ?', [carer.session.user.id]);
    expect((await put()).status).toBe(201);
    await s.db.run('DELETE FROM sessions WHERE user_id = ?', [carer.session.user.id]);
    expectProblem(await put(), 401);
    expectProblem(await carer.get('/api/session'), 401);
  });

  it('ends only that session: another sign-in of the same account stays valid', async () => {
    const first = await s.login('carer.takahashi');
    const second = await s.login('carer.takahashi');
    expect(first.cookie).not.toBe(second.cookie);
    expect((await first.del('/api/session')).status).toBe(204);
    expectProblem(await first.get('/api/session'), 401);
    expect((await second.get('/api/session')).status).toBe(200);
  });

  it('a fresh sign-in sets a new cookie value', async () => {
    const res = await signIn(s, 'nurse.tanaka', PASSWORD);
    const again = await signIn(s, 'nurse.tanaka', PASSWORD);
    expect(sessionCookie(res)).not.toBe(sessionCookie(again));
  });
});
