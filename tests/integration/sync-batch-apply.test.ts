// A full batch's answers land on the phone in one transaction with bulk reads and writes (issue
// 14: 1,000 queued entries flushed in ≤ 1 s), and mean exactly what they meant one by one: each
// entry confirmed or rejected on its own, in order, each rule seeing what the entries before it
// changed (a photo after its observation, messages after their consultation).
import type { DBCore, DBCoreTable } from 'dexie';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { KizukiDb } from '../../src/client/db/db.js';
import { addMessage, saveConsultation, saveObservation, saveUsualValues } from '../../src/client/db/writes.js';
import { syncOnce } from '../../src/client/sync/engine.js';
import { FLUSH_BATCH, flushOutbox } from '../../src/client/sync/flush.js';
import { readStale } from '../../src/client/sync/reconcile.js';
import type { ConsultationInput, ObservationInput } from '../../src/shared/schemas.js';
import { consultationBody, makeApp, newId, YAMADA, type TestServer } from '../fixtures/server.js';
import { countOutboxRequests } from './idb-requests.js';
import { localCopy, phoneFor, serverShape, tinyJpeg, type Phone } from './phone.js';

let s: TestServer;
const restores: (() => void)[] = [];
beforeEach(async () => {
  s = await makeApp();
});
afterEach(() => {
  for (const restore of restores.splice(0)) restore();
  return s.close();
});

const observation = (note: string): ObservationInput => ({
  clientId: YAMADA,
  observedAt: s.clock.now().toISOString(),
  vitals: { temperature: 37.4, pulse: 88 },
  softSigns: [],
  note,
});

/** Wraps each table of a connection's DBCore (Dexie's layer just above IndexedDB). */
function intercept(db: KizukiDb, name: string, wrap: (table: string, t: DBCoreTable) => Partial<DBCoreTable>): void {
  db.use({
    stack: 'dbcore',
    name,
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (table: string): DBCoreTable => {
        const t = down.table(table);
        return { ...t, ...wrap(table, t) };
      },
    }),
  });
}

/**
 * Counts the IndexedDB requests a connection makes (reads and writes, each bulk call one), and
 * the cursors it opens: a cursor walks one step after the other, a round trip each.
 */
function countRequests(db: KizukiDb): { readonly n: number; readonly cursors: number } {
  const counter = { n: 0, cursors: 0 };
  intercept(db, 'count-requests', (_, t) => ({
    get: (req) => (counter.n++, t.get(req)),
    getMany: (req) => (counter.n++, t.getMany(req)),
    query: (req) => (counter.n++, t.query(req)),
    openCursor: (req) => (counter.n++, counter.cursors++, t.openCursor(req)),
    count: (req) => (counter.n++, t.count(req)),
    mutate: (req) => (counter.n++, t.mutate(req)),
  }));
  return counter;
}

/**
 * 100 entries, queued offline on a carer's phone: observations (some with a photo: two entries
 * of one entity), a consultation with messages behind it, a read receipt (a carer may not: 403)
 * and usual values (nurses only: 403) in the middle.
 */
async function queueHundred(p: Phone) {
  const at = () => s.clock.now();
  const observations: string[] = [];
  const withPhoto: string[] = [];
  let kId = '';
  const refused: string[] = [];
  let entries = 0;
  while (entries < FLUSH_BATCH) {
    const i = entries;
    if (i >= 10 && !kId) {
      kId = newId();
      const input = consultationBody(YAMADA, 'sakura', { observationIds: observations.slice(0, 2) }) as ConsultationInput;
      await saveConsultation(p.db, { id: kId, input, session: p.session, clientName: '山田 花子', now: at() });
      await addMessage(p.db, { consultationId: kId, messageId: newId(), input: { kind: 'message', body: '追加です' }, session: p.session, now: at() });
      await addMessage(p.db, { consultationId: kId, messageId: newId(), input: { kind: 'acknowledge' }, session: p.session, now: at() });
      await addMessage(p.db, { consultationId: kId, messageId: newId(), input: { kind: 'message', body: 'もう一つ' }, session: p.session, now: at() });
      await saveUsualValues(p.db, { clientId: YAMADA, input: { temperature: 35.9, spo2Scale: 1 }, session: p.session, now: at() });
      refused.push('acknowledge', 'usual');
      entries += 5;
      continue;
    }
    const id = newId();
    const photo = i % 9 === 0 && entries + 2 <= FLUSH_BATCH ? tinyJpeg(i + 1) : undefined;
    await saveObservation(p.db, { id, input: observation(`batch ${i}`), session: p.session, spo2Scale: 1, now: at(), ...(photo ? { photo } : {}) });
    observations.push(id);
    if (photo) withPhoto.push(id);
    entries += photo ? 2 : 1;
  }
  expect(await p.db.outbox.count()).toBe(FLUSH_BATCH);
  return { observations, withPhoto, kId, refused };
}

it('a batch of 100 answers: one transaction of a few bulk requests, each entry confirmed or rejected as it was one by one', async () => {
  const p = await phoneFor(s, 'carer.suzuki');
  await syncOnce(p.deps);
  const { observations, withPhoto, kId } = await queueHundred(p);
  const tab = p.tab();
  const requests = countRequests(tab.db);

  const outcome = await flushOutbox(tab.deps);

  expect(outcome).toEqual({ sent: FLUSH_BATCH - 2, rejected: 2, authRequired: false });
  // Reading the batch, the next one after it, the rows it touches; writing what changed: a few
  // bulk requests and one count per entity (it was ~4 requests per entry), all made at once —
  // no cursor stepping through the outbox one round trip after the other.
  expect(requests.n).toBeLessThanOrEqual(FLUSH_BATCH + 20);
  expect(requests.cursors).toBe(0);

  // Rejected entries stay for the user, each with its own reason; nothing else stays queued.
  const left = await p.db.outbox.toArray();
  expect(left.map((e) => [e.entityType, e.state, e.attempts, e.error?.status])).toEqual([
    ['message', 'rejected', 1, 403],
    ['usual', 'rejected', 1, 403],
  ]);
  expect(left[0]?.error?.detail).toBe('既読にできるのは看護師だけです。');
  expect(await readStale(p.db)).toEqual([
    { kind: 'consultation', id: kId },
    { kind: 'client', id: YAMADA },
  ]);

  // Every confirmed entity is the server's copy; a photo confirmed after its observation (same
  // batch) left its trace on the observation and its local copy is marked sent.
  for (const id of observations) {
    expect(await localCopy(p.db, 'observation', id)).toEqual(await serverShape(s, p, 'observation', id));
    expect((await p.db.observations.get(id))?.synced).toBe(true);
  }
  expect(withPhoto.length).toBeGreaterThan(5);
  for (const id of withPhoto) {
    expect((await p.db.observations.get(id))?.photo).toMatchObject({ contentType: 'image/jpeg' });
    expect((await p.db.photos.get(id))?.synced).toBe(true);
  }
  // The consultation: the server's, with both messages the server took (the read receipt refused).
  expect(await localCopy(p.db, 'consultation', kId)).toEqual(await serverShape(s, p, 'consultation', kId));
  expect((await p.db.consultations.get(kId))?.messages.map((m) => m.body)).toEqual(['追加です', 'もう一つ']);
});

it('an entry without an answer in the middle of a batch: the ones before it land, it and the ones behind it stay queued', async () => {
  const p = await phoneFor(s, 'carer.suzuki');
  const ids: string[] = [];
  for (let i = 0; i < 30; i++) {
    const id = newId();
    await saveObservation(p.db, { id, input: observation(`gap ${i}`), session: p.session, spo2Scale: 1, now: s.clock.now() });
    ids.push(id);
  }
  const seqs = (await p.db.outbox.toArray()).map((e) => String(e.seq));
  p.net.rewriteBatch = (responses) => responses.filter((r) => r.id !== seqs[12]);
  await expect(flushOutbox(p.deps)).rejects.toThrow();
  expect((await p.db.outbox.toArray()).map((e) => e.entityId)).toEqual(ids.slice(12));
  for (const id of ids.slice(0, 12)) expect((await p.db.observations.get(id))?.synced).toBe(true);
  for (const id of ids.slice(12)) expect((await p.db.observations.get(id))?.synced).toBe(false);

  p.net.rewriteBatch = undefined;
  await flushOutbox(p.deps);
  expect(await p.db.outbox.count()).toBe(0);
  for (const id of ids) expect(await localCopy(p.db, 'observation', id)).toEqual(await serverShape(s, p, 'observation', id));
});

/**
 * Counts the IndexedDB requests under Dexie's bulk calls: rows got (each key one get), rows
 * deleted by key or by range, and cursors opened.
 */
function countRowRequests(db: KizukiDb): { gets: Record<string, number>; deletedByKey: number; rangeDeletes: number; cursors: number } {
  const counter = { gets: {} as Record<string, number>, deletedByKey: 0, rangeDeletes: 0, cursors: 0 };
  intercept(db, 'count-row-requests', (table, t) => ({
    getMany: (req) => {
      counter.gets[table] = (counter.gets[table] ?? 0) + req.keys.length;
      return t.getMany(req);
    },
    openCursor: (req) => {
      counter.cursors++;
      return t.openCursor(req);
    },
    mutate: (req) => {
      if (req.type === 'delete') counter.deletedByKey += req.keys.length;
      if (req.type === 'deleteRange') counter.rangeDeletes++;
      return t.mutate(req);
    },
  }));
  return counter;
}

it('a batch of 100 observations reads each row once, in its own table, and leaves the outbox in one range delete', async () => {
  const p = await phoneFor(s, 'carer.suzuki');
  await syncOnce(p.deps);
  const ids: string[] = [];
  for (let i = 0; i < FLUSH_BATCH; i++) {
    const id = newId();
    await saveObservation(p.db, { id, input: observation(`rows ${i}`), session: p.session, spo2Scale: 1, now: s.clock.now() });
    ids.push(id);
  }
  const tab = p.tab();
  const requests = countRowRequests(tab.db);
  const { counts: outbox, restore } = countOutboxRequests(tab.db);
  restores.push(restore);

  expect(await flushOutbox(tab.deps)).toEqual({ sent: FLUSH_BATCH, rejected: 0, authRequired: false });

  // An observation's answer looks at its observation row only: not at consultations, clients
  // or photos under the same id (four gets per entry before, most for rows that cannot exist).
  expect(requests.gets).toEqual({ observations: FLUSH_BATCH });
  // Their outbox entries: the batch's range read as one, not an index walk (a cursor, a round
  // trip per step) nor a read per entity: the batch read before sending, the next batch's read
  // after the answer, the range in the answers' transaction, and the read that finds none left.
  // Nothing lies outside the batch: one count of the outbox says so, no count per entity (the
  // other count is Dexie's, of what its range delete removes).
  expect(requests.cursors).toBe(0);
  expect(outbox).toEqual({ 'index.getAll': 2, getAll: 2, count: 2 });
  // The confirmed entries are consecutive: one range, not one delete per entry.
  expect(requests.deletedByKey).toBe(0);
  expect(requests.rangeDeletes).toBe(1);
  expect(await p.db.outbox.count()).toBe(0);
  for (const id of ids) expect(await localCopy(p.db, 'observation', id)).toEqual(await serverShape(s, p, 'observation', id));
});

/**
 * A consultation last in a batch and its message `between` entries behind it, whose answer is
 * lost: when the first batch lands, the consultation takes the server's copy with the
 * still-queued message on top — its rules saw that entry although it lay outside the batch.
 */
async function consultationWithMessageBeyond(between: number) {
  const p = await phoneFor(s, 'carer.suzuki');
  await syncOnce(p.deps);
  for (let i = 0; i < FLUSH_BATCH - 1; i++) {
    await saveObservation(p.db, { id: newId(), input: observation(`fill ${i}`), session: p.session, spo2Scale: 1, now: s.clock.now() });
  }
  // The consultation is the batch's last entry; its message comes `between` entries later.
  const kId = newId();
  const input = consultationBody(YAMADA, 'sakura') as ConsultationInput;
  await saveConsultation(p.db, { id: kId, input, session: p.session, clientName: '山田 花子', now: s.clock.now() });
  for (let i = 0; i < between; i++) {
    await saveObservation(p.db, { id: newId(), input: observation(`between ${i}`), session: p.session, spo2Scale: 1, now: s.clock.now() });
  }
  const messageId = newId();
  await addMessage(p.db, { consultationId: kId, messageId, input: { kind: 'message', body: '次の便で' }, session: p.session, now: s.clock.now() });
  const seqs = (await p.db.outbox.toArray()).map((e) => e.seq);
  expect(seqs).toHaveLength(FLUSH_BATCH + between + 1);
  // The message's answer is lost: it stays queued, and the flush stops there.
  const messageSeq = String(seqs.at(-1));
  p.net.rewriteBatch = (responses) => responses.filter((r) => r.id !== messageSeq);
  const { counts, restore } = countOutboxRequests(p.db);
  restores.push(restore);

  await expect(flushOutbox(p.deps)).rejects.toThrow();

  const local = await p.db.consultations.get(kId);
  expect(local?.synced).toBe(true);
  expect(local?.messages.map((m) => [m.id, m.pending])).toEqual([[messageId, true]]);
  expect((await p.db.outbox.toArray()).map((e) => [e.entityType, e.state])).toEqual([['message', 'pending']]);
  return counts;
}

it("an entity with entries beyond the batch: the rules still see them (a consultation's answer keeps its queued message, sent in the next batch)", async () => {
  // One entry outside the first batch: it is read whole, no count per entity.
  const counts = await consultationWithMessageBeyond(0);
  expect(counts['index.count']).toBeUndefined();
});

it('an entity with an entry more than a batch behind it: the rules still see it (found by one count per entity of the batch)', async () => {
  // 121 entries outside the first batch, more than it has entities: one count each instead.
  const counts = await consultationWithMessageBeyond(FLUSH_BATCH + 20);
  expect(counts['index.count']).toBe(FLUSH_BATCH);
});
