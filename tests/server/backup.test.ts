// Backups while the server writes (SQLite's online backup), N generations, and restoring into an
// empty DATA_DIR: every write acknowledged before a backup began is in it, and in its restore.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { backupDatabase, listBackups } from '../../src/server/backup.js';
import { backupCli } from '../../src/server/cli/backup.js';
import { restoreCli } from '../../src/server/cli/restore.js';
import { seedDemo } from '../../src/server/demo.js';
import { openDatabase, type SqliteDb as Db } from '../../src/server/store/db.js';
import { PASSWORD, YAMADA, newId, observationBody, sessionCookie } from '../fixtures/server.js';

let root: string;
let dataDir: string;
let backupDir: string;
let db: Db;
let app: ReturnType<typeof createApp>;
let cookie: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kizuki-backup-'));
  dataDir = join(root, 'data');
  backupDir = join(root, 'backups');
  db = openDatabase(dataDir);
  await seedDemo(db, new Date());
  app = createApp({ db });
  const res = await app.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginId: 'carer.suzuki', password: PASSWORD }),
  });
  cookie = sessionCookie(res);
});
afterAll(() => {
  if (db.open) db.close();
  rmSync(root, { recursive: true, force: true });
});

const put = async (id: string) =>
  (
    await app.request(`/api/observations/${id}`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(observationBody(YAMADA, new Date(), { note: `backup test ${id}` })),
    })
  ).status;

const idsIn = (file: string): Set<string> => {
  const copy = openDatabase(file);
  try {
    return new Set((copy.raw.prepare('SELECT id FROM observations').all() as { id: string }[]).map((r) => r.id));
  } finally {
    copy.raw.close();
  }
};

describe('npm run backup / npm run restore', () => {
  it('backs up under concurrent writes, keeps BACKUP_KEEP generations, and a restore holds every acknowledged write', async () => {
    const acked: string[] = [];
    let stop = false;
    // Four writers keep writing through the whole test, as phones would.
    const writers = Array.from({ length: 4 }, async () => {
      while (!stop) {
        const id = newId();
        const status = await put(id);
        expect(status).toBe(201);
        acked.push(id);
      }
    });
    const backups: { file: string; ackedBefore: string[] }[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        // Let some writes land first.
        const target = acked.length + 20;
        while (acked.length < target) await new Promise((r) => setImmediate(r));
        const ackedBefore = [...acked];
        const { file } = await backupDatabase({ dataDir, backupDir, keep: 2, now: new Date(Date.UTC(2026, 10, 30, 12, 0, i)) });
        backups.push({ file, ackedBefore });
      }
    } finally {
      stop = true;
      await Promise.all(writers);
    }
    expect(acked.length).toBeGreaterThan(60);

    // Two generations kept: the oldest was removed.
    const kept = listBackups(backupDir);
    expect(kept).toEqual(backups.slice(1).map((b) => b.file));
    expect(existsSync(backups[0]?.file ?? '')).toBe(false);

    for (const b of backups.slice(1)) {
      const restoredDir = join(root, `restored-${b.file.slice(-20, -7)}`);
      const lines: string[] = [];
      expect(restoreCli([b.file], { DATA_DIR: restoredDir }, (l) => lines.push(l)), lines.join('\n')).toBe(0);
      const restored = idsIn(restoredDir);
      const missing = b.ackedBefore.filter((id) => !restored.has(id));
      expect(missing, 'acknowledged before the backup began, missing from its restore').toEqual([]);
      // Nothing half-written: every observation in the copy was acknowledged.
      const everAcked = new Set(acked);
      const seeded = idsIn(dataDir);
      for (const id of restored) expect(everAcked.has(id) || seeded.has(id)).toBe(true);
    }
  }, 120_000);

  it('restore refuses a DATA_DIR that is not empty and leaves it alone', () => {
    const [file] = listBackups(backupDir);
    const lines: string[] = [];
    const before = readdirSync(dataDir).sort();
    expect(restoreCli([file ?? ''], { DATA_DIR: dataDir }, (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).toMatch(/not empty/);
    expect(readdirSync(dataDir).sort()).toEqual(before);
    expect(restoreCli([], { DATA_DIR: join(root, 'nowhere') }, (l) => lines.push(l))).toBe(2);
  });

  it('the backup command honours BACKUP_KEEP and refuses a nonsense value', async () => {
    const dir = join(root, 'cli-backups');
    const lines: string[] = [];
    expect(await backupCli({ DATA_DIR: dataDir, BACKUP_DIR: dir, BACKUP_KEEP: '1' }, (l) => lines.push(l))).toBe(0);
    await new Promise((r) => setTimeout(r, 5));
    expect(await backupCli({ DATA_DIR: dataDir, BACKUP_DIR: dir, BACKUP_KEEP: '1' }, (l) => lines.push(l))).toBe(0);
    expect(listBackups(dir)).toHaveLength(1);
    expect(await backupCli({ DATA_DIR: dataDir, BACKUP_DIR: dir, BACKUP_KEEP: '0' }, (l) => lines.push(l))).toBe(2);
  });
});
