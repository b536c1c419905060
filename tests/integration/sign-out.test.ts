// Signing out with no signal: the phone forgets the account at once and ends the session on the
// server at the next contact (sync/sign-out.ts).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { saveObservation } from '../../src/client/db/writes.js';
import { endPendingSignOut, signOut, signOutPending } from '../../src/client/sync/sign-out.js';
import { makeApp, newId, YAMADA, type TestServer } from '../fixtures/server.js';
import { phoneFor } from './phone.js';

let s: TestServer;
beforeEach(async () => {
  s = await makeApp();
});
afterEach(() => s.close());

const sessionStatus = async (cookie: string) => (await s.app.request('/api/session', { headers: { cookie } })).status;

it('with no signal the phone is wiped at once and the server session ends at the next contact', async () => {
  const p = await phoneFor(s, 'carer.suzuki');
  await saveObservation(p.db, {
    id: newId(),
    input: { clientId: YAMADA, observedAt: s.clock.now().toISOString(), vitals: { temperature: 36.8 }, softSigns: [] },
    session: p.session,
    spo2Scale: 1,
    now: s.clock.now(),
  });
  p.net.online = false;
  await signOut(p.deps);
  expect(await p.db.meta.get('session')).toBeUndefined();
  expect(await p.db.observations.count()).toBe(0);
  expect(await signOutPending(p.deps)).toBe(true);
  expect(await sessionStatus(p.cookie)).toBe(200); // the server still holds it…

  expect(await endPendingSignOut(p.deps)).toBe(false); // …still no signal: kept for later
  expect(await signOutPending(p.deps)).toBe(true);

  p.net.online = true;
  expect(await endPendingSignOut(p.deps)).toBe(true);
  expect(p.net.log).toContain('DELETE /api/session');
  expect(await sessionStatus(p.cookie)).toBe(401);
  expect(await signOutPending(p.deps)).toBe(false);
  // Nothing more to do at the contact after.
  p.net.log.length = 0;
  expect(await endPendingSignOut(p.deps)).toBe(true);
  expect(p.net.log).toEqual([]);
});

it('with signal the session ends at once and nothing is left to do', async () => {
  const p = await phoneFor(s, 'carer.suzuki');
  await signOut(p.deps);
  expect(await sessionStatus(p.cookie)).toBe(401);
  expect(await signOutPending(p.deps)).toBe(false);
});
