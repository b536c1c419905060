// The rows reconcile.ts decides about, read in a few bulk reads, changed in memory, written back
// in a few bulk writes — all inside the caller's transaction over reconcileTables. Applying a
// batch of 100 answers one entry at a time cost ~4 IndexedDB requests per entry (issue 14: 1,000
// queued entries flushed in ≤ 1 s); through these rows it costs the same ~10 requests whatever
// the batch's size, and every rule still sees the state left by the entries before it.
import type { Transaction } from 'dexie';
import type { Client } from '../../shared/schemas.js';
import type { KizukiDb, LocalConsultation, LocalObservation, LocalPhoto, OutboxEntry } from '../db/db.js';
import { dexieOf } from '../db/dexie-of.js';

const STALE_KEY = 'stale';

/** What writing back needs of a Dexie table. */
interface BulkWritable<T, K> {
  bulkDelete(keys: K[]): PromiseLike<unknown>;
  bulkPut(rows: T[]): PromiseLike<unknown>;
}

/** One table's rows by key: what was read, then what the rules changed. */
export class StagedTable<T> {
  private readonly rows = new Map<string, T | undefined>();
  private readonly dirty = new Set<string>();

  constructor(ids: readonly string[], found: readonly (T | undefined)[]) {
    ids.forEach((id, i) => this.rows.set(id, found[i]));
  }

  get(id: string): T | undefined {
    if (!this.rows.has(id)) throw new Error(`row ${id} was not read before the rules looked at it`);
    return this.rows.get(id);
  }

  put(id: string, row: T): void {
    this.get(id);
    this.rows.set(id, row);
    this.dirty.add(id);
  }

  /** Like Dexie's update: changes an existing row's top-level fields; nothing when there is none. */
  update(id: string, patch: Partial<T>): void {
    const row = this.get(id);
    if (row !== undefined) this.put(id, { ...row, ...patch });
  }

  delete(id: string): void {
    this.get(id);
    this.rows.set(id, undefined);
    this.dirty.add(id);
  }

  async write(table: BulkWritable<T, string>): Promise<void> {
    const puts: T[] = [];
    const deletes: string[] = [];
    for (const id of this.dirty) {
      const row = this.rows.get(id);
      if (row === undefined) deletes.push(id);
      else puts.push(row);
    }
    if (deletes.length > 0) await table.bulkDelete(deletes);
    if (puts.length > 0) await table.bulkPut(puts);
  }
}

/** The outbox entries of the entities read, by seq. */
class StagedOutbox {
  private readonly rows = new Map<number, OutboxEntry | undefined>();
  /** The seqs read for each entity (an entry never changes entity: update() cannot patch it). */
  private readonly seqsOf = new Map<string, number[]>();
  private readonly dirty = new Set<number>();

  constructor(entries: readonly OutboxEntry[]) {
    for (const e of entries) {
      if (e.seq === undefined || this.rows.has(e.seq)) continue;
      this.rows.set(e.seq, e);
      const seqs = this.seqsOf.get(e.entityId);
      if (seqs) seqs.push(e.seq);
      else this.seqsOf.set(e.entityId, [e.seq]);
    }
  }

  /**
   * Writes still waiting to be sent (queued or in flight) for this entity, oldest first. By
   * entity, not a walk over every entry read: a batch of 100 asks once per confirmed entry.
   */
  pendingFor(entityId: string): OutboxEntry[] {
    return (this.seqsOf.get(entityId) ?? [])
      .map((seq) => this.rows.get(seq))
      .filter((e): e is OutboxEntry => e !== undefined && e.state === 'pending')
      .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  }

  /** Nothing happens to an entry no longer stored (as with Dexie's delete and update). */
  delete(seq: number | undefined): void {
    if (seq === undefined || this.rows.get(seq) === undefined) return;
    this.rows.set(seq, undefined);
    this.dirty.add(seq);
  }

  update(seq: number | undefined, patch: Partial<Omit<OutboxEntry, 'seq' | 'entityId'>>): void {
    const row = seq === undefined ? undefined : this.rows.get(seq);
    if (seq === undefined || row === undefined) return;
    this.rows.set(seq, { ...row, ...patch });
    this.dirty.add(seq);
  }

  async write(table: KizukiDb['outbox']): Promise<void> {
    const puts: OutboxEntry[] = [];
    const deletes: number[] = [];
    for (const seq of this.dirty) {
      const row = this.rows.get(seq);
      if (row === undefined) deletes.push(seq);
      else puts.push(row);
    }
    // A confirmed batch is a run of consecutive seqs: one range delete (no other key can lie
    // between consecutive integers) instead of one IndexedDB request per entry.
    await Promise.all(
      runsOf(deletes).map(([from, to]) => (from === to ? table.delete(from) : table.where('seq').between(from, to, true, true).delete())),
    );
    if (puts.length > 0) await table.bulkPut(puts);
  }
}

/** Integers as runs of consecutive values, [first, last] each. */
export function runsOf(keys: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const k of [...keys].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last && k === last[1] + 1) last[1] = k;
    else if (!last || k !== last[1]) runs.push([k, k]);
  }
  return runs;
}

/** An entity the rules look at: a photo is its observation's id (and reads both rows). */
export interface RowRef {
  kind: 'observation' | 'consultation' | 'client' | 'photo';
  id: string;
}

/** The ids to read in each table for these entities. */
function idsByTable(refs: Iterable<RowRef>) {
  const by = { observations: new Set<string>(), consultations: new Set<string>(), clients: new Set<string>(), photos: new Set<string>() };
  for (const { kind, id } of refs) {
    if (kind === 'observation' || kind === 'photo') by.observations.add(id);
    if (kind === 'photo') by.photos.add(id);
    if (kind === 'consultation') by.consultations.add(id);
    if (kind === 'client') by.clients.add(id);
  }
  return { observations: [...by.observations], consultations: [...by.consultations], clients: [...by.clients], photos: [...by.photos] };
}

/** Dexie's bulkGet, without a request when there is nothing to get. */
function getAll<T>(table: { bulkGet(keys: string[]): PromiseLike<(T | undefined)[]> }, ids: string[]): PromiseLike<(T | undefined)[]> {
  return ids.length > 0 ? table.bulkGet(ids) : Promise.resolve([]);
}

/** Outbox entries known to lie between these seqs (a batch being answered): read as one range. */
export interface SeqRange {
  from: number;
  to: number;
}

/** An IndexedDB request as a Dexie promise: awaited, it keeps the transaction's zone like Dexie's own. */
function asked<T>(db: KizukiDb, req: IDBRequest<T>): Promise<T> {
  return new (dexieOf(db).Promise)<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * The outbox store of the transaction in progress, for requests made without Dexie's layers:
 * a batch's answers may make ~100 small outbox requests, and Dexie's way to each (a collection,
 * its middlewares, a key range, a promise zone) added about half again to each (27 vs 15–21 ms per
 * 100 counts in Chromium, ADR 0017).
 */
function outboxStore(db: KizukiDb): IDBObjectStore {
  const trans = dexieOf(db).currentTransaction as Transaction | null;
  if (!trans || trans.db !== db || !trans.storeNames.includes('outbox')) {
    throw new Error('outbox entries are read inside a transaction over the outbox');
  }
  return trans.idbtrans.objectStore('outbox');
}

/**
 * Every outbox entry of these entities (in no particular order), read inside the caller's
 * transaction with requests all made at once and none walking the outbox (`anyOf` stepped a
 * cursor through the entityId index, one round trip after the other). First: how many entries
 * the outbox holds and, as one range, the entries of `within` (a batch). The entries outside
 * the range (all of them, without one) are then the only ones that can belong to these entities
 * elsewhere, so
 *  - none outside: the range is all there is (a short queue, the last batch, a pull after the
 *    flush: one count instead of one per entity);
 *  - a few (no more than the entities): read them whole, two ranges, rather than ask per entity;
 *  - more: one count per entity (the cheapest request), and an entity's entries through the
 *    index only when its count says some lie outside the range (without a range: each entity's
 *    entries through the index).
 * IndexedDB has no request over a set of index keys, so the counts cannot be one request: the
 * ids are random, and what is outside the batch is mostly the queue behind it.
 */
async function entriesOf(db: KizukiDb, ids: readonly string[], within?: SeqRange): Promise<OutboxEntry[]> {
  if (ids.length === 0) return [];
  const store = outboxStore(db);
  const wanted = new Set(ids);
  const mine = (entries: readonly OutboxEntry[]) => entries.filter((e) => wanted.has(e.entityId));
  const range = within ? IDBKeyRange.bound(within.from, within.to) : undefined;
  const [total, inRange] = await Promise.all([asked(db, store.count()), range ? asked<OutboxEntry[]>(db, store.getAll(range)) : []]);
  const outside = total - inRange.length;
  if (outside === 0) return mine(inRange);
  if (outside <= ids.length) {
    const rest = within
      ? await Promise.all([IDBKeyRange.upperBound(within.from, true), IDBKeyRange.lowerBound(within.to, true)].map((r) => asked<OutboxEntry[]>(db, store.getAll(r))))
      : [await asked<OutboxEntry[]>(db, store.getAll())];
    return mine([...inRange, ...rest.flat()]);
  }
  const index = store.index('entityId');
  const found = mine(inRange);
  let elsewhere: readonly string[] = ids;
  if (within) {
    const counts = await Promise.all(ids.map((id) => asked(db, index.count(id))));
    const foundBy = new Map<string, number>();
    for (const e of found) foundBy.set(e.entityId, (foundBy.get(e.entityId) ?? 0) + 1);
    elsewhere = ids.filter((id, i) => (counts[i] ?? 0) > (foundBy.get(id) ?? 0));
  }
  const rest = await Promise.all(elsewhere.map((id) => asked<OutboxEntry[]>(db, index.getAll(id))));
  // An entity read whole replaces what the range gave of it.
  const whole = new Set(elsewhere);
  return [...found.filter((e) => !whole.has(e.entityId)), ...rest.flat()];
}

/**
 * Everything the rules may look at for some entities (an observation, a consultation, a client —
 * by id; a photo by its observation's id): their rows, in the tables of their kind, and all their
 * outbox entries. Read with read() inside a transaction over reconcileTables, and written with
 * write() before it ends.
 */
export class LocalRows {
  private constructor(
    readonly outbox: StagedOutbox,
    readonly observations: StagedTable<LocalObservation>,
    readonly consultations: StagedTable<LocalConsultation>,
    readonly clients: StagedTable<Client>,
    readonly photos: StagedTable<LocalPhoto>,
    /** The stale marks ("kind:id") as read; the rules change `stale`. */
    private readonly staleAtRead: readonly string[],
    public stale: string[] = [...staleAtRead],
  ) {}

  /** `within`: a seq range that holds most of these entities' entries (a batch), read as one. */
  static async read(db: KizukiDb, refs: Iterable<RowRef>, within?: SeqRange): Promise<LocalRows> {
    const list = [...refs];
    const ids = [...new Set(list.map((r) => r.id))];
    const t = idsByTable(list);
    const [entries, observations, consultations, clients, photos, staleRow] = await Promise.all([
      entriesOf(db, ids, within),
      getAll(db.observations, t.observations),
      getAll(db.consultations, t.consultations),
      getAll(db.clients, t.clients),
      getAll(db.photos, t.photos),
      db.meta.get(STALE_KEY),
    ]);
    return new LocalRows(
      new StagedOutbox(entries),
      new StagedTable(t.observations, observations),
      new StagedTable(t.consultations, consultations),
      new StagedTable(t.clients, clients),
      new StagedTable(t.photos, photos),
      parseStale(staleRow?.value),
    );
  }

  async write(db: KizukiDb): Promise<void> {
    const same = this.stale.length === this.staleAtRead.length && this.stale.every((k, i) => k === this.staleAtRead[i]);
    // Requests of one transaction run in the order made: no need to wait for each.
    await Promise.all([
      this.outbox.write(db.outbox),
      this.observations.write(db.observations),
      this.consultations.write(db.consultations),
      this.clients.write(db.clients),
      this.photos.write(db.photos),
      same ? undefined : db.meta.put({ key: STALE_KEY, value: this.stale }),
    ]);
  }
}

/** The stored stale marks ("kind:id"); anything else in the row is ignored. */
export function parseStale(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((s): s is string => {
    if (typeof s !== 'string') return false;
    const [kind, id] = s.split(':');
    return (kind === 'observation' || kind === 'consultation' || kind === 'client' || kind === 'photo') && !!id;
  });
}
