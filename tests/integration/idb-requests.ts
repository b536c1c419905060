// Counts the requests a connection makes to the outbox store and its indexes, by kind
// (`getAll`, `index.count` …), at IndexedDB itself (fake-indexeddb's prototypes): local-rows.ts
// reads outbox entries with requests of its own, below Dexie's layers, where a DBCore
// middleware does not see them.
import type { KizukiDb } from '../../src/client/db/db.js';

const READS = ['get', 'getAll', 'getAllKeys', 'count', 'openCursor', 'openKeyCursor'] as const;

/** The counts, and a function that puts the prototypes back (call it after the test). */
export function countOutboxRequests(db: KizukiDb): { counts: Record<string, number>; restore: () => void } {
  const counts: Record<string, number> = {};
  const restores: (() => void)[] = [];
  const patch = <P extends IDBObjectStore | IDBIndex>(proto: P, prefix: string, storeOf: (self: P) => IDBObjectStore) => {
    for (const name of READS) {
      const original = proto[name] as (...args: unknown[]) => unknown;
      Object.defineProperty(proto, name, {
        configurable: true,
        writable: true,
        value(this: P, ...args: unknown[]) {
          const store = storeOf(this);
          // backendDB() at call time: a connection opens at its first request.
          if (store.name === 'outbox' && store.transaction.db === db.backendDB()) counts[prefix + name] = (counts[prefix + name] ?? 0) + 1;
          return original.apply(this, args);
        },
      });
      restores.push(() => Object.defineProperty(proto, name, { configurable: true, writable: true, value: original }));
    }
  };
  patch(IDBObjectStore.prototype, '', (store) => store);
  patch(IDBIndex.prototype, 'index.', (index) => index.objectStore);
  return { counts, restore: () => restores.splice(0).forEach((r) => r()) };
}
