// The PostgreSQL adapter of the store port (db.ts): DATABASE_URL=postgres://…, a pool of
// connections, and several server processes on one database. ADR 0012 explains the choices:
//
//   - Statements are the store's own (`?` / `@name` parameters are numbered here).
//   - A writer op (Db.group) is a READ COMMITTED transaction; a same-id race surfaces as a
//     unique violation and a status race as StaleReadError (records.ts), and either sends the
//     whole transaction round again, which then answers 200/409 as on SQLite.
//   - Db.transaction is SERIALIZABLE (admin checks, the feed's read snapshot) and is re-run
//     after a serialization failure.
//   - The changes feed is numbered at commit: just before COMMIT a transaction that touched it
//     takes a transaction-level advisory lock, gives its rows the next numbers of changes_seq
//     and commits; the lock is released only after the commit is visible. Numbers are
//     therefore handed out in commit order, and a reader's cursor never passes a number that
//     is still to commit.
//   - Migrations run at start under an advisory lock (processes may start together).
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Db, Params } from './db.js';
import { PG_MIGRATIONS } from './migrations-postgres.js';

// COUNT(*), BIGINT ids, milliseconds and feed positions: all far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

export interface PostgresOptions {
  /** Connections in this process's pool (default 10). */
  max?: number;
  /**
   * 'at-commit' (the design) or 'naive': a plain sequence number taken when the row is
   * written — kept only so the feed's property test can show that it skips late commits.
   */
  feedNumbering?: 'at-commit' | 'naive';
  /** Runs just before a write transaction numbers the feed and commits (tests widen races with it). */
  beforeCommit?: () => Promise<void>;
}

export interface PostgresDb extends Db {
  readonly engine: 'postgres';
  readonly pool: pg.Pool;
}

interface TxContext {
  owner: PostgresDb;
  client: pg.PoolClient;
  done: boolean;
  depth: number;
  /** The transaction touched the changes feed. */
  feed: boolean;
}

const tx = new AsyncLocalStorage<TxContext>();

/** Lock keys: the advisory lock space is shared with whatever else uses the database. */
const lockKey = (name: string): string =>
  BigInt.asIntN(64, BigInt(`0x${createHash('sha256').update(`kizuki:${name}`).digest('hex').slice(0, 16)}`)).toString();
const FEED_LOCK = lockKey('changes-feed');
const MIGRATION_LOCK = lockKey('migrations');

/** The channel a commit that moved the feed notifies (listenForChanges). */
export const CHANGES_CHANNEL = 'kizuki_changes';

/** SQLSTATEs after which the whole transaction is run again. */
const RETRY = new Set(['40001', '40P01', '23505', 'KIZUKI_STALE_READ']);
const MAX_ATTEMPTS = 12;
const codeOf = (e: unknown): unknown => (e as { code?: unknown } | null)?.code;
const retryable = (e: unknown) => RETRY.has(codeOf(e) as string);
const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)));

interface Translated {
  text: string;
  names: string[] | null;
}

/** `?` → $1, $2 …; `@name` → $n (the same name, the same number). */
export function translate(text: string): Translated {
  if (/@\w/.test(text)) {
    const names: string[] = [];
    const out = text.replace(/@(\w+)/g, (_m, name: string) => {
      let i = names.indexOf(name);
      if (i < 0) i = names.push(name) - 1;
      return `$${i + 1}`;
    });
    return { text: out, names };
  }
  let n = 0;
  return { text: text.replace(/\?/g, () => `$${++n}`), names: null };
}

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresDb> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle connection's error (the server restarted) must not end the process.
  pool.on('error', (err) => console.error('PostgreSQL pool:', err.message));
  const naive = options.feedNumbering === 'naive';
  const cache = new Map<string, Translated>();
  let open = true;

  const prepared = (text: string, params: Params | undefined): { text: string; values: unknown[] } => {
    let t = cache.get(text);
    if (!t) {
      t = translate(text);
      cache.set(text, t);
    }
    if (params === undefined) return { text: t.text, values: [] };
    if (Array.isArray(params)) return { text: t.text, values: params };
    const named = params as Readonly<Record<string, unknown>>;
    return { text: t.text, values: (t.names ?? []).map((n) => named[n] ?? null) };
  };

  const current = (): TxContext | undefined => {
    const c = tx.getStore();
    return c && !c.done && c.owner === self ? c : undefined;
  };
  const query = async (text: string, params?: Params) => {
    const q = prepared(text, params);
    const c = current();
    return c ? c.client.query(q.text, q.values) : pool.query(q.text, q.values);
  };

  const numberFeed = async (c: TxContext) => {
    await c.client.query('SELECT pg_advisory_xact_lock($1)', [FEED_LOCK]);
    await c.client.query("UPDATE changes SET seq = nextval('changes_seq') WHERE seq IS NULL");
  };
  const commit = async (c: TxContext) => {
    if (c.feed) {
      await options.beforeCommit?.();
      if (!naive) await numberFeed(c);
      // Delivered only if and when this transaction commits: every process's live streams look.
      await c.client.query(`NOTIFY ${CHANGES_CHANNEL}`);
    }
    await c.client.query('COMMIT');
  };

  const savepoint = async <T>(c: TxContext, fn: () => T | Promise<T>): Promise<T> => {
    const name = `sp${++c.depth}`;
    await c.client.query(`SAVEPOINT ${name}`);
    try {
      const value = await fn();
      await c.client.query(`RELEASE SAVEPOINT ${name}`);
      return value;
    } catch (error) {
      await c.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await c.client.query(`RELEASE SAVEPOINT ${name}`);
      throw error;
    }
  };

  /** One attempt after another until `body` commits or fails for good. */
  const attempts = async <T>(begin: string, body: (c: TxContext, lastAttempt: boolean) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      const c: TxContext = { owner: self, client, done: false, depth: 0, feed: false };
      try {
        await client.query(begin);
        const value = await tx.run(c, () => body(c, attempt === MAX_ATTEMPTS));
        await commit(c);
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (attempt < MAX_ATTEMPTS && retryable(error)) {
          c.done = true;
          client.release();
          await backoff(attempt);
          continue;
        }
        throw error;
      } finally {
        if (!c.done) {
          c.done = true;
          client.release();
        }
      }
    }
  };

  const self: PostgresDb = {
    engine: 'postgres',
    pool,
    get open() {
      return open;
    },
    async get<T>(text: string, params?: Params) {
      return (await query(text, params)).rows[0] as T | undefined;
    },
    async all<T>(text: string, params?: Params) {
      return (await query(text, params)).rows as T[];
    },
    async run(text: string, params?: Params) {
      return { changes: (await query(text, params)).rowCount ?? 0 };
    },
    transaction<T>(fn: () => Promise<T>): Promise<T> {
      const c = current();
      if (c) return savepoint(c, fn);
      return attempts('BEGIN ISOLATION LEVEL SERIALIZABLE', () => fn());
    },
    group(ops) {
      return attempts('BEGIN', async (c, lastAttempt) => {
        const outcomes: PromiseSettledResult<unknown>[] = [];
        for (const op of ops) {
          try {
            outcomes.push({ status: 'fulfilled', value: await savepoint(c, op) });
          } catch (reason) {
            // A race with another writer: run the whole group again, it will see the winner.
            if (!lastAttempt && retryable(reason)) throw reason;
            outcomes.push({ status: 'rejected', reason });
          }
        }
        return outcomes;
      });
    },
    async lock(name: string) {
      if (!current()) throw new Error('Db.lock() needs a transaction.');
      await query('SELECT pg_advisory_xact_lock(?)', [lockKey(name)]);
    },
    inTransaction: () => current() !== undefined,
    feedTouched() {
      const c = current();
      // A touch that autocommitted (a script, a test): number it in a transaction of its own.
      if (!c) return self.transaction(() => self.feedTouched());
      c.feed = true;
      // The naive numbering, for the property test only: a number taken now, long before commit.
      if (naive) return c.client.query("UPDATE changes SET seq = nextval('changes_seq') WHERE seq IS NULL").then(() => undefined);
      return Promise.resolve();
    },
    async close() {
      if (!open) return;
      open = false;
      await pool.end();
    },
  };

  await migratePostgres(pool);
  return self;
}

/** Applies the migrations this database has not seen, one transaction each, under a lock. */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS kizuki_schema (version INTEGER NOT NULL)');
    const row = (await client.query<{ version: number }>('SELECT version FROM kizuki_schema')).rows[0];
    if (!row) await client.query('INSERT INTO kizuki_schema (version) VALUES (0)');
    const current = row?.version ?? 0;
    if (current > PG_MIGRATIONS.length) {
      throw new Error(`Database schema ${current} is newer than this server (${PG_MIGRATIONS.length}).`);
    }
    for (let v = current; v < PG_MIGRATIONS.length; v++) {
      await client.query(PG_MIGRATIONS[v] ?? '');
      await client.query('UPDATE kizuki_schema SET version = $1', [v + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Calls `onChange` whenever any process commits a change to the feed (LISTEN on one connection
 * of its own, reconnecting after an error). The live streams' bus publishes on it (ADR 0012).
 * Returns stop(). Behind pgbouncer this connection needs session mode or a direct address.
 */
export function listenForChanges(url: string, onChange: () => void, log: (m: string) => void = console.error): () => Promise<void> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    client = c;
    c.on('notification', () => onChange());
    c.on('error', (err) => {
      log(`PostgreSQL LISTEN: ${err.message}`);
      void c.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(() => void connect(), 1000);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGES_CHANNEL}`);
      // Whatever was committed while not listening: the streams look once.
      onChange();
    } catch (err) {
      c.emit('error', err);
    }
  };
  void connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}
