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

/** Dexie's liveQuery of `querier`, subscribed as soon as Dexie has loaded; answers never arrive older than one already given. */
export function liveSource<T>(querier: (db: KizukiDb) => Promise<T> | T): Source<T> {
  if (loaded) {
    const { db, liveQuery } = loaded;
    return newestFirst((run) => liveQuery(async () => ({ run: run(), value: await querier(db) })));
  }
  return newestFirst((run) => ({
    subscribe(next, error) {
      let inner: Subscription | undefined;
      let closed = false;
      // A live query alone does not start loading Dexie: the page does once its first screen has
      // painted (main.tsx), and so does anything that needs the database itself (openDb).
      whenWanted
        .then(load)
        .then(({ db, liveQuery }) => {
          if (!closed) inner = liveQuery(async () => ({ run: run(), value: await querier(db) })).subscribe(next, error);
        }, error);
      return {
        unsubscribe() {
          closed = true;
          inner?.unsubscribe();
        },
      };
    },
  }));
}

/**
 * Each run of a query numbered as it starts, and an answer passed on only if no later run has
 * answered before it. Dexie's liveQuery can deliver a run's answer a task late (from inside its
 * promise zone it hands the answer over with setTimeout) — after a later run, started for a write
 * that came meanwhile, has already answered: the older answer would then stay on screen, e.g. a
 * card still 「送信待ち」 after its record was sent, with no write left to ask again (seen in faults.spec under load).
 */
export function newestFirst<T>(make: (run: () => number) => Source<{ run: number; value: T }>): Source<T> {
  let runs = 0;
  const inner = make(() => ++runs);
  return {
    subscribe(next, error) {
      let newest = 0;
      return inner.subscribe(({ run, value }) => {
        if (run < newest) return;
        newest = run;
        next(value);
      }, error);
    },
  };
}

/** Starts loading Dexie now (main.tsx: once the first screen has painted). */
export function preloadDb(): void {
  void load();
}
