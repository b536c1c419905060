// The audit hash chain on PostgreSQL, with two app instances (two processes' pools) appending at
// once: the head is read and the entry inserted under a lock held until commit (Db.lock), so
// the chain stays one line in id order; the log is append-only (UPDATE, DELETE and TRUNCATE
// refused by triggers), and an entry edited behind the triggers' back breaks the chain there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { createAuditLog, verifyAuditChain } from '../../src/server/audit.js';
import { seedDemo } from '../../src/server/demo.js';
import { createWriter } from '../../src/server/store/writer.js';
import { openPostgres, type PostgresDb } from '../../src/server/store/postgres.js';
import { PASSWORD, YAMADA, newId, observationBody, sessionCookie } from '../fixtures/server.js';
import { createTestDatabase } from '../fixtures/test-db.js';

describe('the audit chain on PostgreSQL, two instances appending at once', () => {
  let dbs: PostgresDb[];
  let logs: ReturnType<typeof createAuditLog>[];
  let apps: ReturnType<typeof createApp>[];
  beforeAll(async () => {
    const url = await createTestDatabase();
    dbs = [await openPostgres(url, { max: 6 }), await openPostgres(url, { max: 6 })];
    await seedDemo(dbs[0] as PostgresDb, new Date());
    logs = dbs.map((db) => createAuditLog(db, createWriter(db)));
    apps = dbs.map((db, i) => createApp({ db, audit: logs[i] }));
  });
  afterAll(async () => {
    for (const db of dbs) await db.close();
  });

  it('chains every entry to the one before it, in id order, whichever instance wrote it', async () => {
    const cookies = await Promise.all(
      apps.map(async (app) => {
        const res = await app.request('/api/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ loginId: 'carer.suzuki', password: PASSWORD }),
        });
        return sessionCookie(res);
      }),
    );
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const app = apps[i % 2] as ReturnType<typeof createApp>;
        const id = newId();
        const res = await app.request(`/api/observations/${id}`, {
          method: 'PUT',
          headers: { cookie: cookies[i % 2] as string, 'content-type': 'application/json' },
          body: JSON.stringify(observationBody(YAMADA, new Date(Date.now() - 60_000))),
        });
        expect(res.status).toBe(201);
        await app.request(`/api/observations/${id}`, { headers: { cookie: cookies[(i + 1) % 2] as string } });
      }),
    );
    for (const log of logs) await log.flush();
    const db = dbs[0] as PostgresDb;
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: true, unchained: 0 });
    expect(report.ok && report.entries).toBeGreaterThanOrEqual(80);
  });

  it('is append-only, and an entry edited behind the triggers breaks the chain at that entry', async () => {
    const db = dbs[0] as PostgresDb;
    await expect(db.run("UPDATE audit_log SET action = 'read'")).rejects.toThrow(/append-only/);
    await expect(db.run('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(db.run('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    const target = (await db.get<{ id: number }>('SELECT id FROM audit_log ORDER BY id OFFSET 5 LIMIT 1'))?.id;
    await db.run('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await db.run("UPDATE audit_log SET entity_id = 'someone-elses-record' WHERE id = ?", [target]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBroken: { id: target } });
  });
});
