// The SQLite adapter of the store port (db.ts): the embedded database, WAL, synchronous=FULL
// (a 2xx means on disk), and the forward-only migrations of migrations.ts.
//
// better-sqlite3 is synchronous and has one connection; the port is async. A transaction (or
// a writer group) holds the connection from BEGIN to COMMIT while its async body runs, so
// statements issued outside it — another request's read, say — wait until it has committed:
// nobody reads a write that may still be rolled back, and no stray statement lands inside
// someone else's transaction. Statements inside it are recognised by async context.
//
// A writer group's fsync runs off the event loop (ADR 0014): the group commits with
// synchronous=NORMAL (the WAL frames are written, not yet flushed), then the WAL file is
// fsynced on libuv's thread pool while requests keep being parsed and checked. The group
// still holds the connection until that fsync has returned, so nobody — no other request's
// read, no later group — sees its writes before they are on disk, and its ops settle only
// then: exactly what synchronous=FULL gave, without blocking the process during the fsync.
import Database, { type Statement } from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, fdatasync, fstatSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { createCheckpointer, type CheckpointerOptions } from './checkpointer.js';
import type { Db, Params } from './db.js';
import { MIGRATIONS } from './migrations.js';

export interface SqliteDb extends Db {
  readonly engine: 'sqlite';
  /** The better-sqlite3 connection (backups, migrations, SQLite-only tests). */
  readonly raw: Database.Database;
}

interface TxContext {
  owner: SqliteDb;
  done: boolean;
  depth: number;
}

const tx = new AsyncLocalStorage<TxContext>();

export interface SqliteOptions {
  /**
   * Flushes a file to disk on the thread pool: fdatasync(2), as SQLite itself syncs the WAL on
   * Linux (the file's size is included; its times need not be). Tests hold it back or fail it.
   */
  syncFile?: (fd: number) => Promise<void>;
  /** The WAL's checkpoints on a worker thread (checkpointer.ts); false: SQLite's own, on commit. */
  checkpoint?: CheckpointerOptions | false;
}

export function openSqlite(dataDir: string, options: SqliteOptions = {}): SqliteDb {
  mkdirSync(dataDir, { recursive: true });
  const raw = new Database(join(dataDir, 'kizuki.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  migrate(raw);
  return wrapSqlite(raw, options);
}

/** The SQLite store of `dataDir` (kizuki.sqlite), migrated. */
export const openDatabase = openSqlite;

export function migrate(raw: Database.Database): void {
  const current = raw.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`Database schema ${current} is newer than this server (${MIGRATIONS.length}).`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    const text = MIGRATIONS[v] ?? '';
    raw.transaction(() => {
      raw.exec(text);
      raw.pragma(`user_version = ${v + 1}`);
    })();
  }
}

const bind = (params: Params | undefined): unknown[] => (params === undefined ? [] : Array.isArray(params) ? params : [params]);

/** The port over an open better-sqlite3 connection. */
export function wrapSqlite(raw: Database.Database, options: SqliteOptions = {}): SqliteDb {
  const wal = walSyncer(raw, options.syncFile ?? promisify(fdatasync));
  // A file database in WAL mode: its checkpoints leave the event loop.
  const checkpointer =
    options.checkpoint !== false && !raw.memory && raw.pragma('journal_mode', { simple: true }) === 'wal'
      ? createCheckpointer(raw, options.checkpoint)
      : null;
  const cache = new Map<string, Statement>();
  const prepare = (text: string): Statement => {
    let s = cache.get(text);
    if (!s) {
      s = raw.prepare(text);
      cache.set(text, s);
    }
    return s;
  };

  // Held by the transaction or group that owns the connection; resolves when it ends.
  let busy: Promise<void> | null = null;
  const mine = () => {
    const c = tx.getStore();
    return c !== undefined && !c.done && c.owner === self;
  };
  const exec = async <T>(f: () => T): Promise<T> => {
    if (!mine()) while (busy) await busy;
    return f();
  };
  const exclusive = async <T>(body: () => Promise<T>): Promise<T> => {
    while (busy) await busy;
    let release = () => {};
    busy = new Promise<void>((resolve) => (release = resolve));
    try {
      return await body();
    } finally {
      busy = null;
      release();
    }
  };
  // Transaction control runs as statements prepared once (each op of a group takes a savepoint):
  // exec() would parse its SQL again on every call.
  const control = (text: string) => {
    const s = prepare(text);
    return () => {
      s.run();
    };
  };
  const begin = control('BEGIN IMMEDIATE');
  const commit = control('COMMIT');
  const rollback = control('ROLLBACK');
  const savepoints: { open: () => void; release: () => void; undo: () => void }[] = [];
  const savepointAt = (depth: number) =>
    (savepoints[depth] ??= {
      open: control(`SAVEPOINT sp${depth}`),
      release: control(`RELEASE sp${depth}`),
      undo: control(`ROLLBACK TO sp${depth}`),
    });
  const savepoint = async <T>(c: TxContext, fn: () => T | Promise<T>): Promise<T> => {
    const sp = savepointAt(++c.depth);
    sp.open();
    try {
      const value = await fn();
      sp.release();
      return value;
    } catch (error) {
      if (raw.inTransaction) {
        sp.undo();
        sp.release();
      }
      throw error;
    }
  };

  const self: SqliteDb = {
    engine: 'sqlite',
    raw,
    get open() {
      return raw.open;
    },
    get: <T>(text: string, params?: Params) => exec(() => prepare(text).get(...bind(params)) as T | undefined),
    all: <T>(text: string, params?: Params) => exec(() => prepare(text).all(...bind(params)) as T[]),
    run: (text: string, params?: Params) => exec(() => ({ changes: prepare(text).run(...bind(params)).changes })),
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      const current = tx.getStore();
      if (current && !current.done && current.owner === self) return savepoint(current, fn);
      return exclusive(async () => {
        const c: TxContext = { owner: self, done: false, depth: 0 };
        begin();
        try {
          const value = await tx.run(c, fn);
          commit();
          checkpointer?.committed();
          return value;
        } catch (error) {
          if (raw.inTransaction) rollback();
          throw error;
        } finally {
          c.done = true;
        }
      });
    },
    group(ops) {
      return exclusive(async () => {
        if (!raw.open) throw new Error('The database is closed.');
        const c: TxContext = { owner: self, done: false, depth: 0 };
        wal.defer();
        begin();
        try {
          const outcomes: PromiseSettledResult<unknown>[] = [];
          for (const op of ops) {
            let outcome: PromiseSettledResult<unknown>;
            try {
              outcome = { status: 'fulfilled', value: await tx.run(c, () => savepoint(c, op)) };
            } catch (reason) {
              outcome = { status: 'rejected', reason };
            }
            // Some errors (SQLITE_FULL, I/O errors) make SQLite roll back the whole transaction.
            // Then the ops before this one are gone, and the ones after would autocommit one by
            // one: fail the whole group instead (no op is acknowledged).
            if (!raw.inTransaction) {
              throw new Error('The group transaction was rolled back.', {
                cause: outcome.status === 'rejected' ? outcome.reason : undefined,
              });
            }
            outcomes.push(outcome);
          }
          commit();
          wal.restore();
          // Still holding the connection: settled, and visible to others, once on disk.
          await wal.sync();
          checkpointer?.committed();
          return outcomes;
        } catch (error) {
          if (raw.inTransaction) rollback();
          wal.restore();
          throw error;
        } finally {
          c.done = true;
        }
      });
    },
    lock: () => Promise.resolve(),
    inTransaction: mine,
    feedTouched: () => Promise.resolve(),
    async close() {
      while (busy) await busy;
      const stopping = checkpointer?.close();
      if (stopping) await stopping;
      wal.close();
      if (raw.open) raw.close();
    },
  };
  return self;
}

/**
 * The group's fsync, taken off the event loop. Only for a file database in WAL mode whose
 * commits are synced (synchronous FULL or EXTRA); otherwise every call does nothing and SQLite
 * syncs (or not) as it is configured.
 */
function walSyncer(raw: Database.Database, syncFile: (fd: number) => Promise<void>) {
  // The level, and its two PRAGMAs prepared once.
  let mode: { level: number; defer?: Statement; restore?: Statement } | null | undefined;
  let fd: number | null = null;
  let ino = -1;
  const walPath = `${raw.name}-wal`;
  const enabled = () => {
    if (mode === undefined) {
      const level = raw.pragma('synchronous', { simple: true }) as number;
      const journal = raw.pragma('journal_mode', { simple: true }) as string;
      mode = !raw.memory && journal === 'wal' && level >= 2 ? { level } : null;
    }
    return mode;
  };
  return {
    /** Before BEGIN: the commit writes the WAL without flushing it; `sync` flushes it. */
    defer() {
      const m = enabled();
      if (m) (m.defer ??= raw.prepare('PRAGMA synchronous = NORMAL')).run();
    },
    /** After COMMIT or ROLLBACK: every other transaction syncs inside SQLite, as configured. */
    restore() {
      const m = enabled();
      if (m) (m.restore ??= raw.prepare(`PRAGMA synchronous = ${m.level}`)).run();
    },
    /** Resolves once everything the WAL holds is on disk. */
    async sync() {
      if (!enabled()) return;
      let current: number;
      try {
        current = statSync(walPath).ino;
      } catch {
        // No WAL file (it cannot be, with the connection open in WAL mode): let SQLite sync it all.
        raw.pragma('wal_checkpoint(FULL)');
        return;
      }
      if (fd === null || current !== ino) {
        // A WAL file we have not synced yet: its directory entry must reach the disk too.
        if (fd !== null) closeSync(fd);
        fd = openSync(walPath, 'r');
        ino = fstatSync(fd).ino;
        const dir = openSync(dirname(walPath), 'r');
        try {
          await syncFile(dir);
        } finally {
          closeSync(dir);
        }
      }
      await syncFile(fd);
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
