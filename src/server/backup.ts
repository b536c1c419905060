// Backups of the database while the server runs, and restoring one into an empty DATA_DIR.
// The copy is made with SQLite's online backup API (better-sqlite3's db.backup) from a separate
// read-only connection: it is a consistent snapshot of committed transactions, whatever the
// server writes meanwhile (WAL readers never block the writer). The newest BACKUP_KEEP
// generations are kept; one of them should also be copied off the machine (README).
import Database from 'better-sqlite3';
import { chmodSync, closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { verifyAuditChainOf } from './audit.js';
import { MIGRATIONS } from './store/migrations.js';

export const DB_FILE = 'kizuki.sqlite';
const NAME = /^kizuki-(\d{8}T\d{6}(?:\d{3})?Z)\.sqlite$/;

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.(\d{3})Z$/, '$1Z');

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The backup files in `dir`, oldest first. */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => NAME.test(n))
    .sort()
    .map((n) => join(dir, n));
}

/**
 * Writes `kizuki-<UTC time>.sqlite` into `backupDir` and deletes the oldest backups beyond
 * `keep`. The file appears under its final name only once complete and on disk.
 */
export async function backupDatabase(opts: { dataDir: string; backupDir: string; keep: number; now?: Date }): Promise<{ file: string; removed: string[] }> {
  const source = join(resolve(opts.dataDir), DB_FILE);
  if (!existsSync(source)) throw new Error(`No database at ${source}.`);
  const dir = resolve(opts.backupDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `kizuki-${stamp(opts.now ?? new Date())}.sqlite`);
  if (existsSync(file)) throw new Error(`${file} already exists.`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // After the first step, copy everything that remains in one step: a step is atomic, and
    // SQLite restarts the copy if another connection commits between steps.
    await db.backup(partial, { progress: () => 0x7fffffff });
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    db.close();
  }
  // The copy is a plain rollback-journal database file, readable on its own.
  const check = new Database(partial, { fileMustExist: true });
  try {
    check.pragma('journal_mode = DELETE');
    const result = check.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`The backup failed its integrity check: ${String(result)}`);
  } finally {
    check.close();
  }
  chmodSync(partial, 0o600);
  fsyncPath(partial);
  renameSync(partial, file);
  fsyncPath(dir);
  const all = listBackups(dir);
  const removed = all.slice(0, Math.max(0, all.length - Math.max(1, opts.keep)));
  for (const old of removed) rmSync(old);
  return { file, removed };
}

/**
 * Restores a backup into `dataDir`, which must be empty or missing: a restore never overwrites
 * a database (move the damaged one aside first). The backup is checked before it is copied.
 */
export function restoreDatabase(opts: { file: string; dataDir: string }): { auditEntries: number | null } {
  const file = resolve(opts.file);
  if (!existsSync(file)) throw new Error(`No backup at ${file}.`);
  const dir = resolve(opts.dataDir);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new Error(`${dir} is not empty. Restore only into an empty DATA_DIR (move the current one aside first).`);
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  let auditEntries: number | null = null;
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`The backup failed its integrity check: ${String(result)}`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) throw new Error(`The backup's schema (${version}) is newer than this server (${MIGRATIONS.length}).`);
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'audit_chain'").get()) {
      const report = verifyAuditChainOf(db);
      if (!report.ok) throw new Error(`The backup's audit log is broken at entry #${report.firstBroken.id}: ${report.firstBroken.reason}.`);
      auditEntries = report.entries;
    }
  } finally {
    db.close();
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = join(dir, DB_FILE);
  copyFileSync(file, `${target}.partial`);
  chmodSync(`${target}.partial`, 0o600);
  fsyncPath(`${target}.partial`);
  renameSync(`${target}.partial`, target);
  fsyncPath(dir);
  return { auditEntries };
}
