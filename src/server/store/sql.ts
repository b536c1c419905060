// A statement bound to a Db, with better-sqlite3's call shape (variadic positional
// parameters, or one object of named ones) but async, so the store's functions read the same
// on every engine. The adapters cache what they prepare.
import type { Db, Params } from './db.js';

export interface Statement {
  get(...params: unknown[]): Promise<unknown>;
  all(...params: unknown[]): Promise<unknown[]>;
  run(...params: unknown[]): Promise<{ changes: number }>;
}

const isNamed = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

const toParams = (args: readonly unknown[]): Params => (args.length === 1 && isNamed(args[0]) ? args[0] : args);

export function sql(db: Db, text: string): Statement {
  return {
    get: (...args) => db.get(text, toParams(args)),
    all: (...args) => db.all(text, toParams(args)),
    run: (...args) => db.run(text, toParams(args)),
  };
}

/**
 * `column` is one of a list bound as a single parameter (`idList`): one statement text whatever
 * the list's length, so the adapters' statement caches (keyed by text) stay small, where
 * `IN (?, ?, …)` would prepare a statement per length. SQLite reads a JSON array, PostgreSQL
 * takes a text[] (node-postgres sends a JS array as one).
 */
export const inList = (db: Db, column: string): string =>
  db.engine === 'postgres' ? `${column} = ANY(?)` : `${column} IN (SELECT value FROM json_each(?))`;

export const idList = (db: Db, ids: readonly string[]): unknown => (db.engine === 'postgres' ? [...ids] : JSON.stringify(ids));

/** Rows grouped by `key`, each group in the order the rows came (the statement's ORDER BY). */
export function groupBy<R, V>(rows: readonly R[], key: (r: R) => string, value: (r: R) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const r of rows) {
    const k = key(r);
    const group = groups.get(k);
    if (group) group.push(value(r));
    else groups.set(k, [value(r)]);
  }
  return groups;
}
