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
