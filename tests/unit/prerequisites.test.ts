// Without PostgreSQL's binaries `npm test` must fail at once, saying what to install — never
// skip the PostgreSQL pass silently (issue 13 item 4). Checked with the lookup pointed at
// places where nothing is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MISSING_POSTGRES, startCluster } from '../fixtures/postgres.js';

const empty = mkdtempSync(join(tmpdir(), 'kizuki-no-pg-'));
/** A PATH with nothing on it, and no /usr/lib/postgresql. */
const noPostgres = { ...process.env, PATH: empty, POSTGRES_LIB_DIR: join(empty, 'missing') };
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('without PostgreSQL binaries', () => {
  it('names the apt-get line to run', () => {
    expect(MISSING_POSTGRES).toMatch(/apt-get install -y postgresql/);
  });

  it("npm test's first step (scripts/check.mjs runs it before anything else) exits 1 with that line", () => {
    const run = spawnSync(process.execPath, ['scripts/prerequisites.mjs'], { env: noPostgres, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(MISSING_POSTGRES);
    // check.mjs: the same, before any type-check starts.
    // No time limit: with nothing on PATH a check.mjs that went on past the missing binaries
    // would fail to start its tasks at once and print them (stdout not empty), not hang.
    const check = spawnSync(process.execPath, ['scripts/check.mjs'], { env: noPostgres, encoding: 'utf8' });
    expect(check.status).toBe(1);
    expect(check.stderr.trim()).toBe(MISSING_POSTGRES);
    expect(check.stdout).toBe('');
  });

  it("the tests' cluster harness (the postgres project's globalSetup) fails with it instead of skipping", async () => {
    await expect(startCluster(noPostgres)).rejects.toThrow(MISSING_POSTGRES);
  });

  it('with the binaries installed (as here), the check passes', () => {
    expect(() => execFileSync(process.execPath, ['scripts/prerequisites.mjs'], { stdio: 'pipe' })).not.toThrow();
  });
});
