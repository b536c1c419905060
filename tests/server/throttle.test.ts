// Sign-in throttling: per account (10 failures in 15 minutes), decided atomically so parallel
// attempts cannot slip past the limit, and per address (many failures from one address, spread
// over accounts, end in 429 for everyone signing in from there; another address is not affected).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/server/app.js';
import type * as passwords from '../../src/server/passwords.js';
import { hashPassword, verifyPassword } from '../../src/server/passwords.js';
import { PASSWORD, expectProblem, makeApp, toReply, type TestServer } from '../fixtures/server.js';

// Every password check goes through this spy (it calls the real scrypt), so the test counts
// checks rather than guessing from timings.
vi.mock('../../src/server/passwords.js', async (importOriginal) => {
  const real = await importOriginal<typeof passwords>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword), hashPassword: vi.fn(real.hashPassword) };
});
const checks = vi.mocked(verifyPassword);
const hashes = vi.mocked(hashPassword);

let s: TestServer;
let viaProxy: ReturnType<typeof createApp>;
beforeAll(async () => {
  s = await makeApp();
  // Behind a trusted proxy the address comes from X-Forwarded-For, so two addresses can be told apart.
  viaProxy = createApp({ db: s.db, trustProxy: true });
});
afterAll(() => s.close());

/** 100 sign-ins, each a scrypt check: 18 s at load 10, over 60 s at load 16. Only ends a test early. */
const LIMIT_MS = 240_000;

const signIn = (loginId: string, password: string, address: string) =>
  viaProxy.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ loginId, password }),
  });

it('100 failures from one address within 15 minutes → 429 with Retry-After for that address only', async () => {
  for (let i = 0; i < 100; i++) {
    expect((await signIn(`nobody.${i}`, 'wrong-password', '203.0.113.7')).status).toBe(401);
  }
  const blocked = await signIn('carer.suzuki', 'kizuki-demo', '203.0.113.7');
  expect(blocked.status).toBe(429);
  expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(blocked.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect((await signIn('carer.suzuki', 'kizuki-demo', '198.51.100.20')).status).toBe(200);
}, LIMIT_MS);

it('behind the proxy, the address is the one the proxy appended, not one the caller wrote in X-Forwarded-For', async () => {
  // A proxy that appends (nginx's $proxy_add_x_forwarded_for) passes on whatever the caller sent
  // in front of the real address: taking the first entry let every attempt choose its own address.
  const real = '203.0.113.9';
  const at = Date.now();
  for (let i = 0; i < 100; i++) await s.db.run('INSERT INTO login_failures (key, at) VALUES (?, ?)', [`address:${real}`, at - i]);
  const forged = await signIn('carer.suzuki', 'kizuki-demo', `198.18.0.1, ${real}`);
  expect(forged.status).toBe(429);
  // A proxy that replaces the header sends the real address alone: the same address.
  expect((await signIn('carer.suzuki', 'kizuki-demo', real)).status).toBe(429);
  expect((await signIn('carer.suzuki', 'kizuki-demo', `${real}, 198.51.100.21`)).status).toBe(200);
});

it('a setup request with a wrong token costs no scrypt (the route is public and not throttled)', async () => {
  // The region is set up (demo): every token is wrong. Hashing the new admin's password first
  // let anyone keep the hashing threads busy, in front of every sign-in.
  hashes.mockClear();
  const r = await s.request('/api/setup', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token: 'this-is-not-the-token-0123456789',
      organization: { name: '誰か', kind: 'other' },
      admin: { name: '誰か', loginId: 'admin.someone', password: 'a-long-enough-password' },
    }),
  });
  expectProblem(r, 403);
  expect(hashes).not.toHaveBeenCalled();
});

describe('per account', () => {
  const signInOn = (t: TestServer, loginId: string, password: string) =>
    t.app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginId, password }),
    });

  it('30 wrong passwords in parallel for one account: at most 10 are checked, the rest answer 429', async () => {
    const t = await makeApp();
    try {
      checks.mockClear();
      const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => signInOn(t, 'nurse.sato', `wrong-${i}`)));
      const statuses = replies.map((r) => r.status).sort();
      expect(checks.mock.calls.length).toBeLessThanOrEqual(10);
      expect(statuses.filter((x) => x === 401)).toHaveLength(10);
      expect(statuses.filter((x) => x === 429)).toHaveLength(20);
      // And the right password is refused too until the window has passed.
      checks.mockClear();
      expectProblem(await toReply(await signInOn(t, 'nurse.sato', PASSWORD)), 429);
      expect(checks).not.toHaveBeenCalled();
    } finally {
      t.close();
    }
  }, LIMIT_MS);

  it('a right password in parallel with wrong ones does not count as a failure', async () => {
    const t = await makeApp();
    // "In parallel" means every attempt has reserved its failure before the right one is
    // decided. On SQLite the six reservations share one group commit; on PostgreSQL each is a
    // transaction of its own, and on a busy machine a wrong attempt could reserve after the
    // success had cleared the count (then it rightly counts). So the right password's check
    // waits until all six checks have begun — a check begins only after its reservation.
    const real = (await vi.importActual<typeof passwords>('../../src/server/passwords.js')).verifyPassword;
    let begun = 0;
    let allBegun = () => {};
    const everyoneReserved = new Promise<void>((resolve) => (allBegun = resolve));
    checks.mockImplementation(async (password, hash) => {
      if (++begun === 6) allBegun();
      if (password === PASSWORD) await everyoneReserved;
      return real(password, hash);
    });
    try {
      const replies = await Promise.all([
        ...Array.from({ length: 5 }, (_, i) => signInOn(t, 'nurse.sato', `wrong-${i}`)),
        signInOn(t, 'nurse.sato', PASSWORD),
      ]);
      expect(replies.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401, 401]);
      // The success cleared the account's count: 10 more failures are allowed before a 429.
      for (let i = 0; i < 10; i++) expect((await signInOn(t, 'nurse.sato', `again-${i}`)).status).toBe(401);
      expect((await signInOn(t, 'nurse.sato', 'again-10')).status).toBe(429);
    } finally {
      checks.mockImplementation(real);
      t.close();
    }
  }, LIMIT_MS);

  it('the window is 15 minutes: still 429 just before, failures older than 15 minutes no longer count', async () => {
    const t = await makeApp();
    try {
      for (let i = 0; i < 10; i++) expect((await signInOn(t, 'carer.ito', `wrong-${i}`)).status).toBe(401);
      t.clock.advance(14 * 60 * 1000 + 50 * 1000);
      const blocked = await signInOn(t, 'carer.ito', PASSWORD);
      expect(blocked.status).toBe(429);
      // Retry-After says when the oldest counted failure leaves the window (≈ 10 s from here).
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(11);
      t.clock.advance(11 * 1000);
      // 15 minutes and 1 second after the failures: none of them counts any more.
      for (let i = 0; i < 9; i++) expect((await signInOn(t, 'carer.ito', `later-${i}`)).status).toBe(401);
      expect((await signInOn(t, 'carer.ito', PASSWORD)).status).toBe(200);
    } finally {
      t.close();
    }
  }, LIMIT_MS);
});
