// What `npm test` needs installed before it starts, checked in milliseconds so a missing
// package fails the run at once with the line to run (never a silent skip, never after minutes
// of type-checks): PostgreSQL's binaries, for the server tests' second pass on a throw-away
// cluster (tests/fixtures/postgres.ts looks them up the same way and fails with the same line).
//
//   node scripts/prerequisites.mjs     exits 1 naming what to install
//   POSTGRES_LIB_DIR                   where Debian keeps versioned binaries (/usr/lib/postgresql)
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const MISSING_POSTGRES = 'PostgreSQL binaries not found — run: sudo apt-get install -y postgresql';

/** `name` on PATH, else in the newest <POSTGRES_LIB_DIR>/<version>/bin; null when neither. */
export function findPostgresBinary(name, env = process.env) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  const base = env.POSTGRES_LIB_DIR ?? '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const p = join(base, v, 'bin', name);
    if (existsSync(p)) return p;
  }
  return null;
}

/** The lines to print for what is missing; empty when everything is there. */
export function missingPrerequisites(env = process.env) {
  return ['initdb', 'pg_ctl'].every((b) => findPostgresBinary(b, env)) ? [] : [MISSING_POSTGRES];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const missing = missingPrerequisites();
  for (const line of missing) console.error(line);
  process.exit(missing.length ? 1 : 0);
}
