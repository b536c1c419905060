// The phone's database for the page, with Dexie loaded on first use: the first screen paints
// without it (it is ~31 KB gzip of the first download; docs/decisions/0015-first-load.md).
// main.tsx starts loading it as soon as the first screen has painted; live queries wait for that.
//
// Everything the first screen's modules read from IndexedDB goes through this module (and the
// hook over it, hooks/use-live-query.ts); modules that load later (pages behind import(), the
// sync engine, the service worker) may use db.ts itself.
import type { liveQuery as dexieLiveQuery } from 'dexie';
import type { KizukiDb } from './db.js';

interface Loaded {
  db: KizukiDb;
  liveQuery: typeof dexieLiveQuery;
}

let loading: Promise<Loaded> | undefined;
/** Resolves once someone asked for the database itself (openDb, preloadDb): live queries wait for it. */
let wanted!: () => void;
const whenWanted = new Promise<void>((resolve) => (wanted = resolve));
let onUpgradeElsewhere: () => void = () => undefined;
/** Set once loading has finished: later subscriptions start synchronously, as Dexie's own hook does. */
let loaded: Loaded | undefined;

function load(): Promise<Loaded> {
  wanted();
  loading ??= Promise.all([import('./db.js'), import('dexie')]).then(
    ([m, dexie]) => {
      m.setOnUpgradeElsewhere(() => onUpgradeElsewhere());
      loaded = { db: m.getDb(), liveQuery: dexie.liveQuery };
      return loaded;
    },
    (err: unknown) => {
      // The chunk could not be fetched (a first visit that lost the network before the service
      // worker precached it): the next call tries again instead of failing until a reload.
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

/** What to do when another tab upgrades the schema (db.ts's setOnUpgradeElsewhere, before Dexie loads). */
export function setOnUpgradeElsewhere(fn: () => void): void {
  onUpgradeElsewhere = fn;
}

/** Has Dexie loaded (so that a live query can answer from its cache synchronously)? */
export function isDbLoaded(): boolean {
  return loaded !== undefined;
}

/** The one database of this page, once Dexie has loaded. */
export function openDb(): Promise<KizukiDb> {
  return load().then((l) => l.db);
}

export interface Subscription {
  unsubscribe(): void;
}
export interface Source<T> {
  subscribe(next: (value: T) => void, error: (err: unknown) => void): Subscription;
}

/** Dexie's liveQuery of `querier`, subscribed as soon as Dexie has loaded. */
export function liveSource<T>(querier: (db: KizukiDb) => Promise<T> | T): Source<T> {
  if (loaded) {
    const { db, liveQuery } = loaded;
    return liveQuery(() => querier(db));
  }
  return {
    subscribe(next, error) {
      let inner: Subscription | undefined;
      let closed = false;
      // A live query alone does not start loading Dexie: the page does once its first screen has
      // painted (main.tsx), and so does anything that needs the database itself (openDb).
      whenWanted
        .then(load)
        .then(({ db, liveQuery }) => {
          if (!closed) inner = liveQuery(() => querier(db)).subscribe(next, error);
        }, error);
      return {
        unsubscribe() {
          closed = true;
          inner?.unsubscribe();
        },
      };
    },
  };
}

/** Starts loading Dexie now (main.tsx: once the first screen has painted). */
export function preloadDb(): void {
  void load();
}
