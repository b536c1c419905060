// Signing out with no signal: the phone forgets the account at once and ends the session on the
// server at the next contact (sync/sign-out.ts).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { keepSignedInSession } from '../../src/client/db/wipe.js';
import { saveObservation } from '../../src/client/db/writes.js';
import { syncOnce } from '../../src/client/sync/engine.js';
import { refreshSession } from '../../src/client/sync/session-refresh.js';
import { endPendingSignOut, signOut, signOutPending, unsentSeen } from '../../src/client/sync/sign-out.js';
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

/**
 * A pass whose requests are on their way when the phone signs out: `during` runs (on another
 * tab of the phone, as the sign-out button would) after the server has answered `path` and
 * before the pass sees that answer.
 */
function signOutWhileAnswering(p: Awaited<ReturnType<typeof phoneFor>>, path: string, during: () => Promise<unknown>) {
  let done = false;
  return {
    ...p.deps,
    fetch: async (at: string, init?: RequestInit) => {
      const res = await p.deps.fetch(at, init);
      if (!done && at.startsWith(path)) {
        done = true;
        await during();
      }
      return res;
    },
  };
}

async function leftOnPhone(p: Awaited<ReturnType<typeof phoneFor>>) {
  return {
    session: await p.db.meta.get('session'),
    observations: await p.db.observations.count(),
    outbox: await p.db.outbox.count(),
    clients: await p.db.clients.count(),
    consultations: await p.db.consultations.count(),
  };
}
const WIPED = { session: undefined, observations: 0, outbox: 0, clients: 0, consultations: 0 };

it('a batch answered after the sign-out puts nothing of the account back on the phone', async () => {
  const p = await phoneFor(s, 'carer.suzuki');
  const id = newId();
  await saveObservation(p.db, {
    id,
    input: { clientId: YAMADA, observedAt: s.clock.now().toISOString(), vitals: { temperature: 36.8 }, softSigns: [] },
    session: p.session,
    spo2Scale: 1,
    now: s.clock.now(),
  });
  const deps = signOutWhileAnswering(p, '/api/batch', () => signOut(p.tab().deps));
  const outcome = await syncOnce(deps);
  expect(outcome).toEqual({ sent: 0, rejected: 0, pulled: 0, authRequired: false });
  expect(await leftOnPhone(p)).toEqual(WIPED);
  // The server has it: it was sent before the sign-out, with the account's own cookie.
  expect((await s.app.request(`/api/observations/${id}`, { headers: { cookie: (await s.login('carer.suzuki')).cookie } })).status).toBe(200);
});

it("a page of changes answered after the sign-out leaves none of the account's clients on the phone", async () => {
  const p = await phoneFor(s, 'carer.suzuki');
  const deps = signOutWhileAnswering(p, '/api/changes', () => signOut(p.tab().deps));
  await syncOnce(deps, { directory: true });
  expect(await leftOnPhone(p)).toEqual(WIPED);
  expect(await p.db.organizations.count()).toBe(0);
});

it("another account's sign-in during a pull gets none of the first account's clients", async () => {
  const p = await phoneFor(s, 'carer.suzuki');
  const ito = await s.login('carer.ito');
  const deps = signOutWhileAnswering(p, '/api/changes', async () => {
    // Nothing unsent: the sign-in wipes suzuki's data and keeps ito's session.
    expect(await keepSignedInSession(p.tab().db, ito.session)).toBeNull();
  });
  await syncOnce(deps);
  expect((await p.db.meta.get('session'))?.value).toEqual(ito.session);
  expect(await p.db.clients.count()).toBe(0);
  expect(await p.db.meta.get('cursor')).toBeUndefined();
});

it('the session read back from the server after a sign-out does not sign the phone in again', async () => {
  const p = await phoneFor(s, 'carer.suzuki');
  // The answer to GET /api/session is on its way (the session still valid) when the phone signs
  // out with no signal: the server still holds the session, the phone must not take it back.
  const deps = signOutWhileAnswering(p, '/api/session', async () => {
    p.net.online = false;
    await signOut(p.tab().deps);
    p.net.online = true;
  });
  expect(await refreshSession(deps)).toBeNull();
  expect(await p.db.meta.get('session')).toBeUndefined();
});

/** One observation saved on the phone (queued, unsent). */
const saveOne = (p: Awaited<ReturnType<typeof phoneFor>>) =>
  saveObservation(p.db, {
    id: newId(),
    input: { clientId: YAMADA, observedAt: s.clock.now().toISOString(), vitals: { temperature: 36.8 }, softSigns: [] },
    session: p.session,
    spo2Scale: 1,
    now: s.clock.now(),
  });

it('a record queued while the warning was read stops the wipe: nothing is lost unseen, and the next ログアウト counts it', async () => {
  const p = await phoneFor(s, 'carer.suzuki');
  const save = () => saveOne(p);
  await save();
  p.net.online = false;
  const seen = await unsentSeen(p.deps);
  expect(seen.count).toBe(1);
  // Another tab queues one more while the person reads 「まだ送信していない記録が 1件…」.
  await save();
  expect(await signOut(p.deps, seen)).toBe(false);
  expect(await p.db.outbox.count()).toBe(2);
  expect(await p.db.observations.count()).toBe(2);
  expect((await p.db.meta.get('session'))?.value).toEqual(p.session);
  // Asked again with both counted, the person agrees: now it goes.
  const again = await unsentSeen(p.deps);
  expect(again.count).toBe(2);
  expect(await signOut(p.deps, again)).toBe(true);
  expect(await leftOnPhone(p)).toEqual(WIPED);
});

it('with signal, a ログアウト refused for a record queued while the warning was read leaves the server session as it was', async () => {
  const p = await phoneFor(s, 'carer.suzuki');
  const save = () => saveOne(p);
  await save();
  const seen = await unsentSeen(p.deps);
  await save();
  p.net.log.length = 0;
  expect(await signOut(p.deps, seen)).toBe(false);
  // Refused before anything changed: the phone still signed in, and so is its session on the server.
  expect(p.net.log).not.toContain('DELETE /api/session');
  expect(await sessionStatus(p.cookie)).toBe(200);
  expect(await syncOnce(p.deps)).toMatchObject({ sent: 2, authRequired: false });
});
