// Sign-in throttling per address: many failures from one address, spread over accounts, end in
// 429 with Retry-After for everyone signing in from there; another address is not affected.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { makeApp, type TestServer } from '../fixtures/server.js';

let s: TestServer;
let viaProxy: ReturnType<typeof createApp>;
beforeAll(async () => {
  s = await makeApp();
  // Behind a trusted proxy the address comes from X-Forwarded-For, so two addresses can be told apart.
  viaProxy = createApp({ db: s.db, trustProxy: true });
});
afterAll(() => s.close());

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
}, 60_000);
