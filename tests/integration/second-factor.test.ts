// The phone when the organization's second-factor day comes while a nurse is signed in with a
// password alone (issue 12): the server refuses the sync pass (403), nothing in the outbox is
// lost or marked rejected, the refreshed session says which step is owed (the app then shows
// only that step), and once the session is completed the waiting record goes out.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { owesSecondFactor, readSession } from '../../src/client/db/meta.js';
import { saveObservation } from '../../src/client/db/writes.js';
import { syncOnce } from '../../src/client/sync/engine.js';
import { RetryableSyncError } from '../../src/client/sync/ports.js';
import { refreshSession } from '../../src/client/sync/session-refresh.js';
import { markSessionSecondFactor, setSecondFactorRequiredFrom } from '../../src/server/store/second-factor.js';
import { tokenHash } from '../../src/server/store/sessions.js';
import { HIMAWARI_CLIENTS, makeApp, type TestServer } from '../fixtures/server.js';
import { phoneFor } from './phone.js';

let s: TestServer;
beforeAll(async () => {
  s = await makeApp();
});
afterAll(() => s.close());

describe('the second-factor day comes while signed in', () => {
  it('sync is refused without losing the outbox; the refreshed session owes a passkey; completed, it sends', async () => {
    const phone = await phoneFor(s, 'nurse.sato');
    expect(owesSecondFactor(await readSession(phone.db))).toBe(false);
    const id = crypto.randomUUID();
    await saveObservation(phone.db, {
      id,
      input: { clientId: HIMAWARI_CLIENTS[0], observedAt: new Date().toISOString(), vitals: { temperature: 37.9 }, softSigns: [], note: '2FA' },
      session: phone.session,
      spo2Scale: 1,
      now: new Date(),
    });

    await setSecondFactorRequiredFrom(s.db, 'sakura', '2020-01-01', null, new Date().toISOString());
    const refused = await syncOnce(phone.deps).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RetryableSyncError);
    expect((refused as RetryableSyncError).status).toBe(403);
    expect(await phone.db.outbox.where('state').equals('pending').count()).toBe(1);

    await refreshSession(phone.deps);
    const session = await readSession(phone.db);
    expect(session?.secondFactor).toEqual({ state: 'register', requiredFrom: '2020-01-01' });
    expect(owesSecondFactor(session)).toBe(true);

    // As a passkey registration or confirmation would (tests/server/second-factor.test.ts).
    await markSessionSecondFactor(s.db, tokenHash(phone.cookie.replace(/^kizuki_session=/, '')), new Date().toISOString());
    await refreshSession(phone.deps);
    expect(owesSecondFactor(await readSession(phone.db))).toBe(false);
    const outcome = await syncOnce(phone.deps);
    expect(outcome.sent).toBe(1);
    expect((await s.app.request(`/api/observations/${id}`, { headers: { cookie: phone.cookie } })).status).toBe(200);
  });
});

describe('a session held back meets an entity waiting for the server\'s copy', () => {
  it('keeps the copy on the phone (a 403 is not "gone") and refreshes it once the step is paid', async () => {
    const t = await makeApp();
    try {
      const phone = await phoneFor(t, 'nurse.sato');
      const id = crypto.randomUUID();
      await saveObservation(phone.db, {
        id,
        input: { clientId: HIMAWARI_CLIENTS[0], observedAt: new Date().toISOString(), vitals: { pulse: 88 }, softSigns: [], note: '待つ' },
        session: phone.session,
        spo2Scale: 1,
        now: new Date(),
      });
      expect((await syncOnce(phone.deps)).sent).toBe(1);
      // As a rejection or a discard leaves it: the entity waits for the server's copy (reconcile.ts).
      await phone.db.meta.put({ key: 'stale', value: [`observation:${id}`] });

      await setSecondFactorRequiredFrom(t.db, 'sakura', '2020-01-01', null, new Date().toISOString());
      const refused = await syncOnce(phone.deps).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RetryableSyncError);
      expect((refused as RetryableSyncError).status).toBe(403);
      expect(await phone.db.observations.get(id), 'the record is still on the phone').toBeDefined();

      await markSessionSecondFactor(t.db, tokenHash(phone.cookie.replace(/^kizuki_session=/, '')), new Date().toISOString());
      await syncOnce(phone.deps);
      expect((await phone.db.observations.get(id))?.note).toBe('待つ');
      expect(await phone.db.meta.get('stale').then((r) => r?.value ?? [])).toEqual([]);
    } finally {
      t.close();
    }
  });
});

