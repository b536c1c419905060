// The client's sync engine (the code the page and the service worker run) against the real
// server app in-process: Dexie on fake-indexeddb at one end, the server's database at the other
// (SQLite in a temp dir, or PostgreSQL in the postgres project: tests/fixtures/test-db.ts).
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KizukiDb } from '../../src/client/db/db.js';
import { addMessage, saveConsultation, saveObservation } from '../../src/client/db/writes.js';
import { bumpAuthEpoch, readSyncState } from '../../src/client/db/meta.js';
import { syncOnce } from '../../src/client/sync/engine.js';
import { FLUSH_BATCH } from '../../src/client/sync/flush.js';
import { RetryableSyncError, type SyncDeps } from '../../src/client/sync/ports.js';
import { pullChanges } from '../../src/client/sync/pull.js';
import type { Session } from '../../src/shared/schemas.js';
import { createApp } from '../../src/server/app.js';
import { createAuditLog, type AuditLog } from '../../src/server/audit.js';
import { DEMO_CLIENTS, seedDemo } from '../../src/server/demo.js';
import type { Db } from '../../src/server/store/db.js';
import { createWriter, type Writer } from '../../src/server/store/writer.js';
import { openTestDb } from '../fixtures/test-db.js';

const YAMADA = DEMO_CLIENTS[0]?.id ?? '';
let dir: string;
let sdb: Db;
let app: ReturnType<typeof createApp>;
let writer: Writer;
let audit: AuditLog;
let n = 0;
let seeded: Record<string, number> = {};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kizuki-int-'));
  sdb = await openTestDb(dir);
  await seedDemo(sdb, new Date());
  writer = createWriter(sdb);
  audit = createAuditLog(sdb, writer);
  app = createApp({ db: sdb, writer, audit });
  seeded = {};
  seeded = { observations: await count('observations'), consultations: await count('consultations'), messages: await count('messages') };
});
afterEach(async () => {
  await audit.flush();
  await writer.flush();
  await sdb.close();
  rmSync(dir, { recursive: true, force: true });
});

async function phone(loginId: string) {
  const res = await app.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginId, password: 'kizuki-demo' }),
  });
  expect(res.status).toBe(200);
  const session = (await res.json()) as Session;
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const db = new KizukiDb(`phone-${loginId}-${n++}`);
  await db.meta.put({ key: 'session', value: session });
  const calls: string[] = [];
  const deps: SyncDeps = {
    db,
    now: () => new Date(),
    fetch: async (path, init) => {
      calls.push(path);
      return app.request(path, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } });
    },
  };
  return { db, session, deps, calls, cookie };
}

const observationInput = (note: string, extra: Record<string, unknown> = {}) => ({
  clientId: YAMADA,
  observedAt: new Date().toISOString(),
  vitals: { temperature: 38.2, pulse: 104 },
  softSigns: ['eating_less' as const],
  note,
  ...extra,
});

/** Rows the test made (the demo region comes with two weeks of history). */
async function count(table: 'observations' | 'consultations' | 'messages'): Promise<number> {
  return ((await sdb.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n ?? 0) - (seeded[table] ?? 0);
}

describe('flush', () => {
  it('sends queued observations once and marks them synced', async () => {
    const p = await phone('carer.suzuki');
    for (let i = 0; i < 3; i++) {
      await saveObservation(p.db, { id: crypto.randomUUID(), input: observationInput(`n${i}`), session: p.session, spo2Scale: 1, now: new Date() });
    }
    expect(await p.db.outbox.count()).toBe(3);
    const outcome = await syncOnce(p.deps);
    expect(outcome.sent).toBe(3);
    expect(await p.db.outbox.count()).toBe(0);
    expect(await count('observations')).toBe(3);
    expect((await p.db.observations.toArray()).every((o) => o.synced)).toBe(true);
    await syncOnce(p.deps);
    expect(await count('observations')).toBe(3);
  });

  it('a response lost after the server committed is retried without a duplicate', async () => {
    const p = await phone('carer.suzuki');
    const id = crypto.randomUUID();
    await saveObservation(p.db, { id, input: observationInput('lost answer'), session: p.session, spo2Scale: 1, now: new Date() });
    const real = p.deps.fetch;
    const dying: SyncDeps = {
      ...p.deps,
      fetch: async (path, init) => {
        await real(path, init); // the server commits…
        throw new TypeError('Failed to fetch'); // …and the answer never arrives
      },
    };
    await expect(syncOnce(dying)).rejects.toBeInstanceOf(RetryableSyncError);
    expect(await p.db.outbox.count()).toBe(1);
    expect(await count('observations')).toBe(1);
    await syncOnce(p.deps);
    expect(await p.db.outbox.count()).toBe(0);
    expect(await count('observations')).toBe(1);
    expect((await p.db.observations.get(id))?.synced).toBe(true);
  });

  it('a 503 keeps everything queued for a retry', async () => {
    const p = await phone('carer.suzuki');
    await saveObservation(p.db, { id: crypto.randomUUID(), input: observationInput('busy'), session: p.session, spo2Scale: 1, now: new Date() });
    const failing: SyncDeps = { ...p.deps, fetch: async () => new Response('busy', { status: 503 }) };
    await expect(syncOnce(failing)).rejects.toBeInstanceOf(RetryableSyncError);
    expect(await p.db.outbox.where('state').equals('pending').count()).toBe(1);
    expect(await count('observations')).toBe(0);
  });

  it('a rejected entry is kept with the reason; the rest still goes', async () => {
    const p = await phone('carer.suzuki');
    await saveObservation(p.db, { id: crypto.randomUUID(), input: observationInput('ok 1'), session: p.session, spo2Scale: 1, now: new Date() });
    // A body the server refuses (written around the form's own checks).
    const badId = crypto.randomUUID();
    await p.db.outbox.add({
      entityType: 'observation',
      entityId: badId,
      method: 'PUT',
      url: `/api/observations/${badId}`,
      body: observationInput('bad', { vitals: { temperature: 365 } }),
      createdAt: new Date().toISOString(),
      state: 'pending',
      attempts: 0,
    });
    await saveObservation(p.db, { id: crypto.randomUUID(), input: observationInput('ok 2'), session: p.session, spo2Scale: 1, now: new Date() });
    const outcome = await syncOnce(p.deps);
    expect(outcome).toMatchObject({ sent: 2, rejected: 1 });
    const rejected = await p.db.outbox.where('state').equals('rejected').toArray();
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.error?.status).toBe(400);
    expect(rejected[0]?.error?.errors?.[0]?.path).toBe('vitals.temperature');
    expect(await count('observations')).toBe(2);
  });

  it('401 pauses the flush, drops nothing and asks for sign-in', async () => {
    const p = await phone('carer.suzuki');
    await saveObservation(p.db, { id: crypto.randomUUID(), input: observationInput('expired'), session: p.session, spo2Scale: 1, now: new Date() });
    const signedOut: SyncDeps = { ...p.deps, fetch: async (path, init) => app.request(path, init) };
    const outcome = await syncOnce(signedOut);
    expect(outcome.authRequired).toBe(true);
    expect((await readSyncState(p.db)).authRequired).toBe(true);
    expect(await p.db.outbox.count()).toBe(1);
    await syncOnce(p.deps);
    expect(await p.db.outbox.count()).toBe(0);
    expect(await count('observations')).toBe(1);
  });

  it('a 401 of a pass that began before a new sign-in does not ask for sign-in again', async () => {
    const p = await phone('carer.suzuki');
    await saveObservation(p.db, { id: crypto.randomUUID(), input: observationInput('race'), session: p.session, spo2Scale: 1, now: new Date() });
    const stale: SyncDeps = {
      ...p.deps,
      fetch: async (path, init) => {
        await bumpAuthEpoch(p.db); // the user signs in again while this request is on its way
        return app.request(path, init); // …and it carries the old (missing) cookie: 401
      },
    };
    const outcome = await syncOnce(stale);
    expect(outcome.authRequired).toBe(true);
    expect((await readSyncState(p.db)).authRequired).not.toBe(true);
    expect(await p.db.outbox.count()).toBe(1);
  });

  it('the next batch travels while the answers of the one before land on the phone, only once they are all final', async () => {
    const p = await phone('carer.suzuki');
    const n = FLUSH_BATCH * 2 + 5;
    for (let i = 0; i < n; i++) {
      await saveObservation(p.db, { id: crypto.randomUUID(), input: observationInput(`pipe ${i}`), session: p.session, spo2Scale: 1, now: new Date() });
    }
    // In order: each batch's send, and each entry's removal from the outbox as its batch lands.
    const events: string[] = [];
    p.db.outbox.hook('deleting', (seq) => {
      events.push(`landed ${String(seq)}`);
    });
    const sent: number[][] = [];
    const fetch = p.deps.fetch;
    const outcome = await syncOnce({
      ...p.deps,
      fetch: async (path, init) => {
        if (path === '/api/batch') {
          sent.push((JSON.parse(String(init?.body)) as { requests: { id: string }[] }).requests.map((r) => Number(r.id)));
          events.push(`sent ${sent.length}`);
        }
        return fetch(path, init);
      },
    });
    expect(outcome).toMatchObject({ sent: n, rejected: 0 });
    expect(await count('observations')).toBe(n);
    // Oldest first, each entry once.
    expect(sent.flat()).toEqual([...sent.flat()].sort((a, b) => a - b));
    expect(new Set(sent.flat()).size).toBe(n);
    expect(sent.map((b) => b.length)).toEqual([FLUSH_BATCH, FLUSH_BATCH, 5]);
    // Batch k + 1 left before anything of batch k had landed on the phone.
    for (const k of [1, 2]) {
      expect(events.indexOf(`sent ${k + 1}`)).toBeLessThan(events.indexOf(`landed ${sent[k - 1]?.[0]}`));
    }
  });

  it('the next batch is read while the one before travels: an entry saved meanwhile leaves in the same pass, once', async () => {
    const p = await phone('carer.suzuki');
    const n = FLUSH_BATCH + 50;
    for (let i = 0; i < n; i++) {
      await saveObservation(p.db, { id: crypto.randomUUID(), input: observationInput(`read ahead ${i}`), session: p.session, spo2Scale: 1, now: new Date() });
    }
    const sizes: number[] = [];
    const fetch = p.deps.fetch;
    const outcome = await syncOnce({
      ...p.deps,
      fetch: async (path, init) => {
        if (path !== '/api/batch') return fetch(path, init);
        sizes.push((JSON.parse(String(init?.body)) as { requests: unknown[] }).requests.length);
        const res = await fetch(path, init);
        // The carer saves another record while the first batch is on its way.
        if (sizes.length === 1) {
          await saveObservation(p.db, { id: crypto.randomUUID(), input: observationInput('meanwhile'), session: p.session, spo2Scale: 1, now: new Date() });
        }
        return res;
      },
    });
    // The second batch was read before the answer (50, not 51); the new entry went next.
    expect(sizes).toEqual([FLUSH_BATCH, 50, 1]);
    expect(outcome).toMatchObject({ sent: n + 1, rejected: 0 });
    expect(await count('observations')).toBe(n + 1);
    expect(await p.db.outbox.count()).toBe(0);
  });

  it('a batch read for one account is refused if someone else has signed in before it leaves: nothing is stored as theirs', async () => {
    const p = await phone('carer.suzuki');
    const other = await phone('carer.takahashi');
    const n = FLUSH_BATCH + 10;
    for (let i = 0; i < n; i++) {
      await saveObservation(p.db, { id: crypto.randomUUID(), input: observationInput(`account ${i}`), session: p.session, spo2Scale: 1, now: new Date() });
    }
    const theirs = async () =>
      (await sdb.get<{ n: number }>('SELECT COUNT(*) AS n FROM observations WHERE author_id = ?', [other.session.user.id]))?.n ?? 0;
    const theirsBefore = await theirs();
    let cookie = p.cookie;
    let batches = 0;
    const outcome = await syncOnce({
      ...p.deps,
      fetch: async (path, init) => {
        const res = await app.request(path, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } });
        if (path === '/api/batch' && ++batches === 1) {
          // While the first batch was answered, this phone was signed out and 高橋 signed in: the
          // browser now holds their cookie, and the phone their session.
          cookie = other.cookie;
          await p.db.meta.put({ key: 'session', value: other.session });
        }
        return res;
      },
    });
    expect(outcome).toEqual({ sent: 0, rejected: 0, pulled: 0, authRequired: false });
    // The second batch (read before the switch) went out with 高橋's cookie and was refused whole.
    expect(batches).toBe(2);
    expect(await theirs()).toBe(theirsBefore);
    expect(await count('observations')).toBe(FLUSH_BATCH);
  });

  it('an entry to retry stops the flush before the next batch is sent', async () => {
    const p = await phone('carer.suzuki');
    const n = FLUSH_BATCH + 5;
    for (let i = 0; i < n; i++) {
      await saveObservation(p.db, { id: crypto.randomUUID(), input: observationInput(`retry ${i}`), session: p.session, spo2Scale: 1, now: new Date() });
    }
    const fetch = p.deps.fetch;
    let batches = 0;
    const deps: SyncDeps = {
      ...p.deps,
      fetch: async (path, init) => {
        const res = await fetch(path, init);
        if (path !== '/api/batch' || batches++ > 0) return res;
        // The server could not take the third entry (503): it and everything after stay queued.
        const body = (await res.json()) as { responses: { id: string; status: number; body: unknown }[] };
        body.responses = body.responses.map((r, i) => (i === 2 ? { ...r, status: 503, body: null } : r));
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    };
    await expect(syncOnce(deps)).rejects.toThrow(/could not take every entry/);
    expect(batches).toBe(1);
    expect(await p.db.outbox.count()).toBe(n - 2);
  });

  it('more than one batch keeps the order: an observation arrives before the consultation citing it', async () => {
    const p = await phone('carer.suzuki');
    const ids: string[] = [];
    // A full batch of observations, then ten more and the consultation in a second batch.
    const n = FLUSH_BATCH + 10;
    for (let i = 0; i < n; i++) {
      const id = crypto.randomUUID();
      ids.push(id);
      await saveObservation(p.db, { id, input: observationInput(`bulk ${i}`), session: p.session, spo2Scale: 1, now: new Date() });
    }
    await saveConsultation(p.db, {
      id: crypto.randomUUID(),
      input: {
        clientId: YAMADA,
        toOrgId: 'sakura',
        observationIds: [ids[n - 1] ?? ''],
        category: 'change',
        urgency: 'today',
        sbar: { situation: 's', background: '', assessment: 'わからない', request: 'r' },
      },
      session: p.session,
      clientName: '山田 花子',
      now: new Date(),
    });
    const outcome = await syncOnce(p.deps);
    expect(outcome).toMatchObject({ sent: n + 1, rejected: 0 });
    expect(p.calls.filter((c) => c === '/api/batch')).toHaveLength(2);
    expect(await count('observations')).toBe(n);
    expect(await count('consultations')).toBe(1);
  });
});

describe('pull', () => {
  it('observations another system sent with an offset land as the instant in UTC: the phone orders a client’s timeline by time, not by text', async () => {
    const carer = await phone('carer.suzuki');
    // 09:30+09:00 is 00:30Z, half an hour before 01:00Z; as text it sorts after it.
    const put = (id: string, observedAt: string) =>
      app.request(`/api/observations/${id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie: carer.cookie },
        body: JSON.stringify({ ...observationInput(`他のシステムから ${observedAt}`), observedAt }),
      });
    const early = crypto.randomUUID();
    const late = crypto.randomUUID();
    expect((await put(late, '2025-04-02T01:00:00Z')).status).toBe(201);
    expect((await put(early, '2025-04-02T09:30:00+09:00')).status).toBe(201);
    await pullChanges(carer.deps);
    expect((await carer.db.observations.get(early))?.observedAt).toBe('2025-04-02T00:30:00.000Z');
    const timeline = await carer.db.observations.where('[clientId+observedAt]').between([YAMADA, '2025-04-02'], [YAMADA, '2025-04-03']).primaryKeys();
    expect(timeline).toEqual([early, late]);
  });

  it('brings the nurse reply to the carer and keeps pending local messages on top of it', async () => {
    const carer = await phone('carer.suzuki');
    const nurse = await phone('nurse.sato');
    const obsId = crypto.randomUUID();
    const kId = crypto.randomUUID();
    await saveObservation(carer.db, { id: obsId, input: observationInput('reply please'), session: carer.session, spo2Scale: 1, now: new Date() });
    await saveConsultation(carer.db, {
      id: kId,
      input: {
        clientId: YAMADA,
        toOrgId: 'sakura',
        observationIds: [obsId],
        category: 'change',
        urgency: 'today',
        sbar: { situation: '食事量が減った', background: '', assessment: 'わからない', request: '助言を' },
      },
      session: carer.session,
      clientName: '山田 花子',
      now: new Date(),
    });
    await syncOnce(carer.deps);

    await syncOnce(nurse.deps);
    expect((await nurse.db.consultations.get(kId))?.status).toBe('open');
    expect(await nurse.db.observations.get(obsId)).toBeDefined();
    await addMessage(nurse.db, { consultationId: kId, messageId: crypto.randomUUID(), input: { kind: 'message', body: '伺います', replyKind: 'visit' }, session: nurse.session, now: new Date() });
    await syncOnce(nurse.deps);
    expect(await count('messages')).toBe(1);

    // The carer has a follow-up queued: the pull brings the reply and keeps the follow-up on top.
    await addMessage(carer.db, { consultationId: kId, messageId: crypto.randomUUID(), input: { kind: 'message', body: 'お願いします' }, session: carer.session, now: new Date() });
    await pullChanges(carer.deps);
    const local = await carer.db.consultations.get(kId);
    expect(local?.messages.map((m) => m.body)).toEqual(['伺います', 'お願いします']);
    expect(local?.messages.map((m) => m.pending === true)).toEqual([false, true]);
    expect(await carer.db.outbox.count()).toBe(1);

    await syncOnce(carer.deps);
    const after = await carer.db.consultations.get(kId);
    expect(after?.messages.map((m) => m.body)).toEqual(['伺います', 'お願いします']);
    expect(after?.status).toBe('open');
    expect(after?.messages.every((m) => !m.pending)).toBe(true);
  });
});
