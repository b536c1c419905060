// The floor of the storage for server.putObservationRps: a bare durable insert loop on
// better-sqlite3 with the server's pragmas (WAL, synchronous=FULL) and group commit — groups
// of `group` inserts (one per connection of the HTTP load) in one BEGIN IMMEDIATE … COMMIT,
// each insert an observation-sized row under a UUID primary key plus one index. No HTTP, no
// session, no validation, no audit: what the disk and SQLite allow on this machine.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { tempDir } from './util.mjs';

export function measureBareSqlite({ durationS = 5, group = 10 } = {}) {
  const tmp = tempDir('kizuki-bare-sqlite-');
  const db = new Database(join(tmp.dir, 'bare.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(`CREATE TABLE observations (id TEXT PRIMARY KEY, client_id TEXT NOT NULL, created_at TEXT NOT NULL, input_json TEXT NOT NULL);
             CREATE INDEX observations_client ON observations (client_id, created_at)`);
    const insert = db.prepare('INSERT INTO observations (id, client_id, created_at, input_json) VALUES (?, ?, ?, ?)');
    const body = JSON.stringify({
      clientId: '00000000-0000-4000-8000-000000000201',
      observedAt: new Date().toISOString(),
      vitals: { temperature: 36.8, pulse: 76, systolic: 128, diastolic: 78, spo2: 97, respiratoryRate: 16 },
      softSigns: ['eating_less'],
      note: 'bare sqlite',
    });
    const commitGroup = db.transaction((n) => {
      const at = new Date().toISOString();
      for (let i = 0; i < n; i++) insert.run(randomUUID(), '00000000-0000-4000-8000-000000000201', at, body);
    });
    const run = (ms) => {
      let rows = 0;
      const end = performance.now() + ms;
      while (performance.now() < end) {
        commitGroup.immediate(group);
        rows += group;
      }
      return rows;
    };
    run(500); // warm-up
    const t0 = performance.now();
    const rows = run(durationS * 1000);
    const seconds = (performance.now() - t0) / 1000;
    return { rps: Math.round(rows / seconds), group, rows };
  } finally {
    db.close();
    tmp.cleanup();
  }
}
