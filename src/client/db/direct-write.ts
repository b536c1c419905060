// A save's few writes in one strict IndexedDB transaction of its own, made without Dexie's
// layers (issue 14: ≤ 50 ms from 保存 to the card). Through Dexie the same writes cost the tap's
// task its middlewares and promise zones, and the commit's task, before anything could be shown,
// Dexie's query-cache check, its live queries asking again and its promise chain to the caller.
// Here the transaction's only listener at `complete` runs `onCommitted` (the card is rendered
// there), and Dexie is told what changed, as its own commit would have, after the card's frame.
//
// The transaction is the same as Dexie's: every request made at once, strict durability, and a
// request that fails (not prevented) aborts the whole transaction — nothing of it is stored.
import type { IndexableType, ObservabilitySet } from 'dexie';
import type { KizukiDb } from './db.js';
import { afterNextPaint } from '../hooks/use-after-first-paint.js';
import { dexieOf } from './dexie-of.js';

type Store = 'observations' | 'outbox' | 'photos' | 'meta';

/** One request: a row added (its key from the store's keyPath or generated), or a key deleted. */
export type DirectWrite = { store: Store; add: object } | { store: Store; delete: string };

/**
 * Dexie's name for "a transaction committed", shared by every copy of Dexie: in this window a DOM
 * event (its live queries ask again, its query cache drops what the change touches), in other
 * tabs and workers a BroadcastChannel message. Pinned by tests/integration/save-observation.test.ts.
 */
const STORAGE_MUTATED = 'x-storagemutated-1';
let channel: BroadcastChannel | undefined;

/**
 * Runs `writes` in one readwrite transaction with strict durability. `onCommitted` runs in the
 * transaction's `complete` event, before anything else sees the change; the promise resolves
 * then too, and rejects with the transaction's error when it aborts.
 */
export async function writeDirect(db: KizukiDb, writes: readonly DirectWrite[], onCommitted: () => void): Promise<void> {
  // As Dexie does for its own requests: a database not opened yet (or closed since) is opened.
  if (!db.isOpen()) await db.open();
  const stores = [...new Set(writes.map((w) => w.store))];
  const tx = db.backendDB().transaction(stores, 'readwrite', { durability: 'strict' });
  const keys: IndexableType[] = [];
  const settled = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => {
      const tell = () => tellDexie(mutatedParts(db, writes, keys));
      // Dexie's live queries asking again would hold back the card's frame: after it. Asked for
      // before `onCommitted` renders anything that waits for that frame too (the client page's
      // queries, the navigation), so that it runs first: no query of the page is answered from
      // Dexie's cache with what the commit changed. Without frames (Node), right after.
      const framed = typeof requestAnimationFrame === 'function';
      if (framed) afterNextPaint(tell);
      resolve();
      try {
        onCommitted();
      } finally {
        if (!framed) tell();
      }
    };
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted', 'AbortError'));
  });
  try {
    writes.forEach((w, i) => {
      const store = tx.objectStore(w.store);
      if ('add' in w) {
        store.add(w.add).onsuccess = (e) => (keys[i] = (e.target as IDBRequest<IndexableType>).result);
      } else {
        store.delete(w.delete);
        keys[i] = w.delete;
      }
    });
  } catch (err) {
    // A request refused outright (a value that cannot be stored): the ones already made must
    // not commit without it.
    tx.abort();
    settled.catch(() => undefined);
    throw err;
  }
  await settled;
}

/** What Dexie's observability middleware would have recorded for these writes. */
function mutatedParts(db: KizukiDb, writes: readonly DirectWrite[], keys: readonly IndexableType[]): ObservabilitySet {
  const parts: ObservabilitySet = {};
  // One key as an interval tree of one node, merged by Dexie's own function.
  const add = (store: string, index: string, key: IndexableType) =>
    dexieOf(db).extendObservabilitySet(parts, { [`idb://${db.name}/${store}/${index}`]: { from: key, to: key, d: 1 } });
  writes.forEach((w, i) => {
    const key = keys[i];
    if (key !== undefined) add(w.store, '', key);
    if (!('add' in w)) {
      add(w.store, ':dels', w.delete);
      return;
    }
    for (const index of db.core.table(w.store).schema.indexes) {
      const value: unknown = index.extractKey?.(w.add);
      if (value == null) continue;
      for (const k of index.multiEntry && Array.isArray(value) ? value : [value]) add(w.store, index.name ?? '', k as IndexableType);
    }
  });
  return parts;
}

function tellDexie(parts: ObservabilitySet): void {
  // This window's Dexie: synchronously, so that no live query started after this answers from
  // Dexie's cache what the commit changed.
  if (typeof dispatchEvent === 'function' && typeof CustomEvent === 'function') {
    dispatchEvent(new CustomEvent(STORAGE_MUTATED, { detail: parts }));
  }
  // Other tabs and workers (and, a task later, this window's Dexie once more: harmless, its
  // queries then find nothing changed). Without window events (tests in Node) this is the only way.
  if (typeof BroadcastChannel === 'function') {
    if (!channel) {
      channel = new BroadcastChannel(STORAGE_MUTATED);
      // Node's channels keep the process alive; Dexie's own is unref'd too.
      (channel as BroadcastChannel & { unref?: () => void }).unref?.();
    }
    channel.postMessage(parts);
  }
}
