// The store port: what the routes, the access rules and the audit log use to reach the
// database, whichever engine it is. Statements are written once, in the SQL both engines
// accept (`?` or `@name` parameters; the PostgreSQL adapter numbers them), and run through
// this interface; everything that differs between the engines — connections, transactions,
// the group writer, locks, the changes feed's numbering — lives in an adapter:
//   - sqlite.ts: the embedded database (the default): one connection, one writer;
//   - postgres.ts: DATABASE_URL=postgres://…, several server processes on one database.
// A 2xx is built only from a result whose transaction has committed (an autocommit statement
// has committed when its promise resolves; a transaction when `transaction` resolves).
import { openSqlite } from './sqlite.js';

export type Engine = 'sqlite' | 'postgres';

/** Positional (`?`) or named (`@name`) parameters. */
export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface Db {
  readonly engine: Engine;
  /** False once closed. */
  readonly open: boolean;
  get<T = Record<string, unknown>>(text: string, params?: Params): Promise<T | undefined>;
  all<T = Record<string, unknown>>(text: string, params?: Params): Promise<T[]>;
  run(text: string, params?: Params): Promise<{ changes: number }>;
  /**
   * Runs `fn` as one transaction: every statement it issues through this Db (however deep,
   * found by async context) is part of it; nested calls are savepoints. Resolves after COMMIT.
   * On PostgreSQL it is SERIALIZABLE and re-run from the start after a serialization failure,
   * a deadlock or a unique violation, so `fn` must only read and write the database.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * The group writer's primitive: `ops` in one transaction, each in its own savepoint (an op
   * that throws rolls back only itself), committed together; each op sees the ones before it.
   * Rejects as a whole only when the transaction did not commit. An op may return a value or a
   * promise, and may throw.
   */
  group(ops: readonly (() => unknown)[]): Promise<PromiseSettledResult<unknown>[]>;
  /**
   * An exclusive lock on `name` until the current transaction ends (audit chain head, sign-in
   * throttle keys). SQLite has one writer: nothing to do.
   */
  lock(name: string): Promise<void>;
  /** The caller runs inside a transaction or a group of this Db (found by async context). */
  inTransaction(): boolean;
  /** The current transaction touched the changes feed (PostgreSQL numbers its rows at commit). */
  feedTouched(): Promise<void>;
  close(): Promise<void>;
}

export { openDatabase, migrate, wrapSqlite, type SqliteDb } from './sqlite.js';

/**
 * The store the environment asks for: PostgreSQL when `databaseUrl` is set, otherwise the
 * SQLite file in `dataDir`. Migrations run before it is returned.
 */
export async function openStore(opts: { dataDir: string; databaseUrl?: string | undefined }): Promise<Db> {
  if (opts.databaseUrl) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(opts.databaseUrl);
  }
  return openSqlite(opts.dataDir);
}
