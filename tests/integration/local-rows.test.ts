// The rows a batch's answers are decided on (sync/local-rows.ts): every outbox entry of the
// batch's entities, wherever it lies — in the batch's seq range, before it (an entry sent again
// while the batch travelled) or behind it (queued later) — whether few or many other entries
// lie outside the range, with a range or without one.
import 'fake-indexeddb/auto';
import { afterEach, expect, it } from 'vitest';
import { KizukiDb, type OutboxEntry } from '../../src/client/db/db.js';
import type { SeqRange } from '../../src/client/sync/local-rows.js';
import { readRows, reconcileTables } from '../../src/client/sync/reconcile.js';
import { newId } from '../fixtures/server.js';
import { countOutboxRequests } from './idb-requests.js';

const restores: (() => void)[] = [];
afterEach(() => {
  for (const restore of restores.splice(0)) restore();
});

function entry(entityId: string, state: OutboxEntry['state'] = 'pending'): OutboxEntry {
  const url = `/api/observations/${entityId}`;
  return { entityType: 'observation', entityId, method: 'PUT', url, body: {}, createdAt: new Date(0).toISOString(), state, attempts: 0 };
}

/**
 * A batch of four entities A, B, C, D (seqs 3–6). Before it: A again (pending: sent again) and
 * another entity's rejected entry. Behind it: `others` entries of other entities, then B again
 * (pending) and C again (rejected).
 */
async function outboxAround(others: number) {
  const db = new KizukiDb(`local-rows-${newId()}`);
  const [a, b, c, d] = [newId(), newId(), newId(), newId()];
  const add = (e: OutboxEntry) => db.outbox.add(e) as Promise<number>;
  const aBefore = await add(entry(a));
  await add(entry(newId(), 'rejected'));
  const batch = [await add(entry(a)), await add(entry(b)), await add(entry(c)), await add(entry(d))];
  for (let i = 0; i < others; i++) await add(entry(newId()));
  const bAfter = await add(entry(b));
  await add(entry(c, 'rejected'));
  const range: SeqRange = { from: batch[0] ?? 0, to: batch.at(-1) ?? 0 };
  return { db, range, ids: [a, b, c, d] as const, expected: [[aBefore, batch[0]], [batch[1], bAfter], [batch[2]], [batch[3]]] };
}

/** The pending entries (seqs) the rules see for each entity, read as a batch's answers read them. */
async function pendingSeen(db: KizukiDb, ids: readonly string[], within?: SeqRange) {
  return db.transaction('rw', reconcileTables(db), async () => {
    const rows = await readRows(db, ids.map((id) => ({ kind: 'observation' as const, id })), within);
    return ids.map((id) => rows.outbox.pendingFor(id).map((e) => e.seq));
  });
}

it.each([
  { others: 0, path: 'a few entries outside the range (no more than its entities): read whole, no count per entity', perEntity: 0 },
  { others: 10, path: 'more entries outside the range than its entities: one count per entity', perEntity: 4 },
])('a batch sees its entities’ entries before and behind its range — $path', async ({ others, perEntity }) => {
  const { db, range, ids, expected } = await outboxAround(others);
  const { counts, restore } = countOutboxRequests(db);
  restores.push(restore);
  expect(await pendingSeen(db, ids, range)).toEqual(expected);
  expect(counts['index.count'] ?? 0).toBe(perEntity);
  expect(counts['openCursor'] ?? 0).toBe(0);
  db.close();
});

it('a batch with nothing outside its range reads the range and one count of the outbox', async () => {
  const db = new KizukiDb(`local-rows-${newId()}`);
  const ids = [newId(), newId(), newId()];
  const seqs = [];
  for (const id of [...ids, ids[0] ?? '']) seqs.push(await db.outbox.add(entry(id)));
  const { counts, restore } = countOutboxRequests(db);
  restores.push(restore);
  const range = { from: seqs[0] ?? 0, to: seqs.at(-1) ?? 0 };
  expect(await pendingSeen(db, ids, range)).toEqual([[seqs[0], seqs[3]], [seqs[1]], [seqs[2]]]);
  expect(counts).toEqual({ count: 1, getAll: 1 });
  db.close();
});

it.each([0, 10])('without a range, every entry of each entity is seen (%i other entries)', async (others) => {
  const { db, ids, expected } = await outboxAround(others);
  expect(await pendingSeen(db, ids)).toEqual(expected);
  db.close();
});
