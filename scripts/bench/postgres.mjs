// A throw-away PostgreSQL cluster for `npm run bench` (the server's PostgreSQL figures), from
// the installed binaries, durable as in production (fsync and synchronous_commit on), as an
// unprivileged user when run as root. The tests' twin is tests/fixtures/postgres.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './util.mjs';

export const MISSING_POSTGRES = 'PostgreSQL binaries not found — run: sudo apt-get install -y postgresql';

function find(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && existsSync(join(dir, name))) return join(dir, name);
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  for (const v of readdirSync(base).sort((a, b) => Number(b) - Number(a))) {
    if (existsSync(join(base, v, 'bin', name))) return join(base, v, 'bin', name);
  }
  return null;
}

const userExists = (u) => {
  try {
    execFileSync('id', ['-u', u], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Starts a cluster with one database `kizuki`; returns its URL and stop(). */
export async function startPostgres() {
  const initdb = find('initdb');
  const pgCtl = find('pg_ctl');
  const createdb = find('createdb');
  if (!initdb || !pgCtl || !createdb) throw new Error(MISSING_POSTGRES);
  const user = process.getuid?.() === 0 ? (userExists('postgres') ? 'postgres' : 'nobody') : null;
  const dir = mkdtempSync(join(tmpdir(), 'kizuki-bench-pg-'));
  const data = join(dir, 'data');
  const run = (cmd, args) => (user ? execFileSync('runuser', ['-u', user, '--', cmd, ...args], { stdio: 'pipe' }) : execFileSync(cmd, args, { stdio: 'pipe' }));
  if (user) execFileSync('chown', [user, dir]);
  const port = await freePort();
  try {
    run(initdb, ['-D', data, '-U', 'kizuki', '-A', 'trust', '--no-locale', '-E', 'UTF8']);
    run(pgCtl, ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
    run(createdb, ['-h', '127.0.0.1', '-p', String(port), '-U', 'kizuki', 'kizuki']);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Could not start PostgreSQL: ${err.stderr?.toString() ?? err}`, { cause: err });
  }
  return {
    url: `postgres://kizuki@127.0.0.1:${port}/kizuki`,
    stop() {
      try {
        run(pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
