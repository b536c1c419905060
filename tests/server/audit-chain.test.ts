// The tamper-evident audit log: every entry carries the hash of the one before it, and
// `npm run audit:verify` (auditVerify) names the first entry where the chain breaks — an entry
// edited or removed with raw SQL, even after dropping the append-only triggers.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog, entryHash, verifyAuditChain } from '../../src/server/audit.js';
import { migrate, wrapSqlite, type SqliteDb } from '../../src/server/store/db.js';
import { MIGRATIONS } from '../../src/server/store/migrations.js';
import { auditVerify } from '../../src/server/cli/audit-verify.js';
import { YAMADA, makeApp, newId, observationBody, type TestServer } from '../fixtures/server.js';

// The SQLite file's chain (its triggers, the CLI that reads the file); PostgreSQL's chain is in audit-chain-postgres.test.ts.
let s: TestServer & { db: SqliteDb };
const flushAudit = () => new Promise<void>((resolve) => setImmediate(resolve));
const ids = () => (s.db.raw.prepare('SELECT id FROM audit_log ORDER BY id').all() as { id: number }[]).map((r) => r.id);
const dropTriggers = () => s.db.raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
const verify = () => {
  const lines: string[] = [];
  const code = auditVerify(s.dir, (l) => lines.push(l));
  return { code, out: lines.join('\n') };
};

beforeEach(async () => {
  s = (await makeApp()) as TestServer & { db: SqliteDb };
  const carer = await s.login('carer.suzuki');
  for (let i = 0; i < 4; i++) {
    const id = newId();
    expect((await carer.put(`/api/observations/${id}`, observationBody(YAMADA, s.clock.now()))).status).toBe(201);
    expect((await carer.get(`/api/observations/${id}`)).status).toBe(200);
  }
  await flushAudit();
});
afterEach(() => s.close());

describe('the audit hash chain', () => {
  it('links every entry to the one before it; the verifier passes an untouched log and prints its head', async () => {
    const rows = s.db.raw.prepare('SELECT id, prev_hash, hash FROM audit_log ORDER BY id').all() as { id: number; prev_hash: string; hash: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    const report = await verifyAuditChain(s.db);
    expect(report).toMatchObject({ ok: true, entries: rows.length, unchained: 0 });
    const { code, out } = verify();
    expect(code).toBe(0);
    expect(out).toContain(`Head: #${rows.at(-1)?.id} ${rows.at(-1)?.hash}`);
  });

  it('an entry edited with raw SQL: the verifier fails and names that entry', async () => {
    const target = ids()[3];
    dropTriggers();
    s.db.raw.prepare("UPDATE audit_log SET entity_id = 'someone-elses-record', status = 404 WHERE id = ?").run(target);
    const report = await verifyAuditChain(s.db);
    expect(report).toMatchObject({ ok: false, firstBroken: { id: target } });
    const { code, out } = verify();
    expect(code).toBe(1);
    expect(out).toMatch(new RegExp(`entry #${target} .*altered`));
  });

  it('an entry edited with its own hash recomputed: the next entry no longer points to it', async () => {
    const [, , target, next] = ids();
    dropTriggers();
    // Whoever edits the row may recompute its hash, but not every later one without being noticed.
    const row = s.db.raw.prepare('SELECT * FROM audit_log WHERE id = ?').get(target) as Record<string, unknown>;
    const prev = row.prev_hash as string;
    const edited = { ...row, user_id: 'someone-else' };
    s.db.raw.prepare('UPDATE audit_log SET user_id = ?, hash = ? WHERE id = ?').run('someone-else', entryHash(prev, edited as never), target);
    expect(await verifyAuditChain(s.db)).toMatchObject({ ok: false, firstBroken: { id: next } });
  });

  it('an entry removed from the middle: the verifier names the entry after the gap', async () => {
    const [, , , target, next] = ids();
    dropTriggers();
    s.db.raw.prepare('DELETE FROM audit_log WHERE id = ?').run(target);
    expect(await verifyAuditChain(s.db)).toMatchObject({ ok: false, firstBroken: { id: next } });
    expect(verify().code).toBe(1);
  });

  it("an entry's hash removed: the chain had begun, so that entry is named", async () => {
    const target = ids()[1];
    dropTriggers();
    s.db.raw.prepare('UPDATE audit_log SET hash = NULL, prev_hash = NULL WHERE id = ?').run(target);
    expect(await verifyAuditChain(s.db)).toMatchObject({ ok: false, firstBroken: { id: target } });
  });
});

describe('a database that already had an audit log', () => {
  it('keeps its older entries as unchained and chains every entry written after the migration', async () => {
    const db = wrapSqlite(new Database(':memory:'));
    try {
      // The schema as it was before the chain (migrations 1–6), with two entries.
      const before = MIGRATIONS.findIndex((m) => m.includes('ADD COLUMN prev_hash'));
      for (const m of MIGRATIONS.slice(0, before)) db.raw.exec(m);
      db.raw.pragma(`user_version = ${before}`);
      const old = db.raw.prepare("INSERT INTO audit_log (at, action, entity_type, status) VALUES ('2026-01-01T00:00:00Z', 'read', 'clients', 200)");
      old.run();
      old.run();
      migrate(db.raw);
      const log = createAuditLog(db);
      log.record({ at: new Date().toISOString(), userId: null, orgId: null, action: 'read', entityType: 'clients', entityId: null, status: 200 });
      await log.flush();
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 3, unchained: 2, head: { id: 3 } });
      // A chained entry cannot be passed off as an old, unchained one.
      db.raw.exec('DROP TRIGGER audit_log_no_update');
      db.raw.prepare('UPDATE audit_log SET hash = NULL, prev_hash = NULL WHERE id = 3').run();
      expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBroken: { id: 3 } });
    } finally {
      await db.close();
    }
  });
});
