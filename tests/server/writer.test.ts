// Group commit (src/server/store/writer.ts): the ops of one turn share one transaction, each in
// its own savepoint; nothing resolves before the commit; a failing op rolls back only itself.
// Then the routes on it: concurrent PUTs of one id answer one 201 and 200s / 409s, and the
// status machine holds when messages race a close.
import Database from 'better-sqlite3';
import { copyFileSync, fstatSync, fsync as fsyncCb, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Consultation, Observation } from '../../src/shared/schemas.js';
import { openDatabase, type SqliteDb as Db } from '../../src/server/store/db.js';
import { createWriter } from '../../src/server/store/writer.js';
import { createCheckpointer, type CheckpointResult } from '../../src/server/store/checkpointer.js';
import {
  YAMADA,
  consultationBody,
  makeApp,
  newId,
  observationBody,
  type ApiClient,
  type Reply,
  type TestServer,
} from '../fixtures/server.js';

describe('createWriter', () => {
  let dir: string;
  let db: Db;
  /** A second connection to the same file: it sees only what is committed. */
  let other: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kizuki-writer-'));
    db = openDatabase(dir);
    db.raw.exec('CREATE TABLE t (id TEXT PRIMARY KEY, v INTEGER)');
    other = new Database(join(dir, 'kizuki.sqlite'), { readonly: true });
  });
  afterEach(() => {
    other.close();
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (id: string, v = 0) => db.raw.prepare('INSERT INTO t (id, v) VALUES (?, ?)').run(id, v);
  const committed = (id: string) => other.prepare('SELECT 1 FROM t WHERE id = ?').get(id) !== undefined;
  const ids = () => (db.raw.prepare('SELECT id FROM t ORDER BY id').all() as { id: string }[]).map((r) => r.id);

  it('runs the ops of one turn in one transaction and resolves each only after the commit', async () => {
    const writer = createWriter(db);
    const seen: string[] = [];
    const runs = ['a', 'b', 'c'].map((id) =>
      writer.run(() => {
        expect(db.raw.inTransaction).toBe(true);
        // The ops before this one are visible to it, but not yet committed.
        for (const earlier of seen) {
          expect(db.raw.prepare('SELECT 1 FROM t WHERE id = ?').get(earlier)).toBeDefined();
          expect(committed(earlier), `${earlier} is not committed while ${id} runs`).toBe(false);
        }
        seen.push(id);
        insert(id);
        return id.toUpperCase();
      }),
    );
    expect(ids(), 'nothing runs before the next turn').toEqual([]);
    const resolvedWith = await Promise.all(
      runs.map((p, i) =>
        p.then((value) => {
          // Resolved: the row is on disk, readable by another connection.
          expect(committed(['a', 'b', 'c'][i] ?? '')).toBe(true);
          return value;
        }),
      ),
    );
    expect(resolvedWith).toEqual(['A', 'B', 'C']);
  });

  it('rolls back only the op that throws and rejects only its promise', async () => {
    const writer = createWriter(db);
    const results = await Promise.allSettled([
      writer.run(() => insert('a')),
      writer.run(() => {
        insert('b');
        throw new Error('op b failed');
      }),
      writer.run(() => insert('a')), // duplicate primary key: a constraint error, this op only
      writer.run(() => insert('c')),
      writer.run(() => Promise.resolve(insert('d'))), // an async op is awaited inside its savepoint
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('op b failed'));
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(ids()).toEqual(['a', 'c', 'd']);
    expect(committed('a') && committed('c')).toBe(true);
  });

  it('fails the whole group, acknowledging nothing, when SQLite drops the transaction', async () => {
    const writer = createWriter(db);
    const results = await Promise.allSettled([
      writer.run(() => insert('a')),
      writer.run(() => db.raw.exec('ROLLBACK')), // what SQLITE_FULL or an I/O error does to it
      writer.run(() => insert('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(ids()).toEqual([]);
    // The writer still works afterwards.
    await writer.run(() => insert('d'));
    expect(committed('d')).toBe(true);
  });

  it('caps a group and commits the rest in the next one', async () => {
    const writer = createWriter(db, { maxGroup: 3 });
    const sawCommitted: boolean[] = [];
    await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        writer.run(() => {
          sawCommitted.push(i > 0 && committed(String(i - 1)));
          insert(String(i));
        }),
      ),
    );
    // Ops 3 and 6 start a new group: the op before them was committed by then.
    expect(sawCommitted).toEqual([false, false, false, true, false, false, true]);
    expect(ids()).toHaveLength(7);
  });

  it('flush() commits everything queued at once, and a closed database rejects', async () => {
    const writer = createWriter(db, { maxGroup: 2 });
    const runs = ['a', 'b', 'c'].map((id) => writer.run(() => insert(id)));
    await writer.flush();
    expect(['a', 'b', 'c'].map(committed)).toEqual([true, true, true]);
    await Promise.all(runs);
    // Not from inside an op: the group would be a savepoint and settle before its commit.
    await expect(writer.run(() => writer.flush())).rejects.toThrow(/inside a transaction/);

    const late = writer.run(() => insert('z'));
    void db.close();
    await expect(late).rejects.toThrow(/closed/);
  });
});

// The group's fsync runs on the thread pool (store/sqlite.ts, ADR 0014): the process goes on
// meanwhile, yet nothing of the group settles, and no other statement of this process reads
// it, before that fsync has returned; a failed fsync acknowledges nothing.
describe('group commit: the fsync off the event loop', () => {
  let dir: string;
  let db: Db;
  /** Each fsync the adapter asks for: the file it syncs and how to let it finish. */
  let syncs: { ino: number; done: () => void; fail: (e: Error) => void }[];
  let holding: boolean;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kizuki-wal-sync-'));
    syncs = [];
    holding = false;
    db = openDatabase(dir, {
      syncFile: (fd) =>
        new Promise<void>((resolve, reject) => {
          const ino = fstatSync(fd).ino;
          // Directory syncs and, unless a test holds them, the WAL's go straight through.
          if (!holding || ino !== walIno()) return fsyncCb(fd, (err) => (err ? reject(err) : resolve()));
          syncs.push({ ino, done: () => fsyncCb(fd, (err) => (err ? reject(err) : resolve())), fail: reject });
        }),
    });
    db.raw.exec('CREATE TABLE t (id TEXT PRIMARY KEY, v INTEGER)');
  });
  afterEach(async () => {
    for (const s of syncs.splice(0)) s.done();
    if (db.open) await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const walIno = () => statSync(join(dir, 'kizuki.sqlite-wal')).ino;
  const insert = (id: string) => db.raw.prepare('INSERT INTO t (id, v) VALUES (?, 0)').run(id);
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((r) => setImmediate(r));
  };

  it('settles the ops, and lets this process read them, only once the WAL is fsynced', async () => {
    const writer = createWriter(db);
    holding = true;
    let settled = false;
    const run = writer.run(() => insert('a')).then((v) => ((settled = true), v));
    await until(() => syncs.length === 1);
    // Committed into the WAL; its fsync is running: the event loop is free (this test runs) …
    expect(syncs[0]?.ino).toBe(walIno());
    expect(db.raw.inTransaction).toBe(false);
    // … commits outside groups sync inside SQLite, as configured …
    expect(db.raw.pragma('synchronous', { simple: true })).toBe(2);
    // … but nothing is acknowledged, and a read through the store waits for the fsync.
    let read: unknown = 'pending';
    const reading = db.get('SELECT id FROM t WHERE id = ?', ['a']).then((row) => (read = row));
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    expect(read).toBe('pending');
    syncs[0]?.done();
    await run;
    await reading;
    expect(read).toEqual({ id: 'a' });
  });

  it('writes that arrive while a group commits share the next group: one more commit, not one per turn', async () => {
    const sizes: number[] = [];
    const writer = createWriter(db, { onCommit: (n) => sizes.push(n) });
    holding = true;
    const runs = [writer.run(() => insert('a'))];
    await until(() => syncs.length === 1);
    // Group 1 waits for its fsync; three more writes come, each in a turn of its own.
    for (const id of ['b', 'c', 'd']) {
      runs.push(writer.run(() => insert(id)));
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    }
    holding = false;
    syncs.shift()?.done();
    await Promise.all(runs);
    expect(sizes).toEqual([1, 3]);
  });

  it('acknowledges no op of the group when the fsync fails', async () => {
    const writer = createWriter(db);
    holding = true;
    const runs = Promise.allSettled([writer.run(() => insert('a')), writer.run(() => insert('b'))]);
    await until(() => syncs.length === 1);
    syncs.shift()?.fail(new Error('EIO'));
    expect((await runs).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    // The writer goes on.
    holding = false;
    await expect(writer.run(() => insert('c'))).resolves.toBeDefined();
  });
});

describe('WAL checkpoints off the event loop', () => {
  it('the serving connection never checkpoints on commit; a worker does, after every `every` commits, into the database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kizuki-checkpoint-'));
    const results: CheckpointResult[] = [];
    let wake = () => {};
    const db = openDatabase(dir, {
      checkpoint: {
        every: 4,
        onCheckpoint: (r) => {
          results.push(r);
          wake();
        },
      },
    });
    try {
      expect(db.raw.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      db.raw.exec('CREATE TABLE t (id TEXT PRIMARY KEY, v INTEGER)');
      const writer = createWriter(db);
      for (let i = 0; i < 4; i++) await writer.run(() => db.raw.prepare('INSERT INTO t (id, v) VALUES (?, 0)').run(`r${i}`));
      while (results.length === 0) await new Promise<void>((r) => (wake = r));
      // Every frame of the WAL was copied, nothing was in the way …
      expect(results[0]).toMatchObject({ busy: 0 });
      expect(results[0]?.checkpointed).toBe(results[0]?.log);
      expect(results[0]?.log).toBeGreaterThan(0);
      // … so the database file alone (a copy, without its WAL) holds the rows.
      copyFileSync(join(dir, 'kizuki.sqlite'), join(dir, 'copy.sqlite'));
      const copy = new Database(join(dir, 'copy.sqlite'));
      expect(copy.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 4 });
      copy.close();
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a worker that cannot checkpoint hands checkpoints back to the serving connection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kizuki-checkpoint-'));
    const raw = new Database(join(dir, 'serving.sqlite'));
    raw.pragma('journal_mode = WAL');
    const checkpointer = createCheckpointer(raw, { every: 1 });
    const reported = new Promise<unknown[]>((resolve) => {
      vi.spyOn(console, 'error').mockImplementationOnce((...args: unknown[]) => resolve(args));
    });
    try {
      expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      // The worker opens the database by its name, which no longer leads to it.
      renameSync(join(dir, 'serving.sqlite'), join(dir, 'moved.sqlite'));
      checkpointer.committed();
      expect(String((await reported)[0])).toContain('WAL checkpoint worker failed');
      expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      vi.restoreAllMocks();
      await checkpointer.close();
      raw.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('concurrent PUTs through the routes', () => {
  let s: TestServer & { db: Db };
  let carer: ApiClient;
  let nurse: ApiClient;
  let other: Database.Database;
  beforeAll(async () => {
    s = (await makeApp()) as TestServer & { db: Db };
    carer = await s.login('carer.suzuki');
    nurse = await s.login('nurse.sato');
    other = new Database(join(s.dir, 'kizuki.sqlite'), { readonly: true });
  });
  afterAll(() => {
    other.close();
    s.close();
  });

  const onDisk = (table: string, id: string) => other.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
  const statuses = (replies: Reply[]) => replies.map((r) => r.status).sort();
  const earlier = () => new Date(s.clock.now().getTime() - 60_000);

  /** Sends all at once; checks that each answer's write is already visible to another connection. */
  const race = (table: string, id: string, sends: (() => Promise<Reply>)[]) =>
    Promise.all(
      sends.map((send) =>
        send().then((r) => {
          if (r.status < 300) expect(onDisk(table, id), `${table} ${id} is committed when ${r.status} arrives`).toBe(true);
          return r;
        }),
      ),
    );

  it('same observation body 20 times at once: one 201, nineteen 200, one row', async () => {
    const id = newId();
    const body = observationBody(YAMADA, earlier(), { note: 'race' });
    const replies = await race('observations', id, Array.from({ length: 20 }, () => () => carer.put(`/api/observations/${id}`, body)));
    expect(statuses(replies)).toEqual([...Array(19).fill(200), 201]);
    const created = replies.find((r) => r.status === 201)?.body as Observation;
    for (const r of replies) expect(r.body).toEqual(created);
    expect(s.db.raw.prepare('SELECT COUNT(*) AS n FROM observations WHERE id = ?').get(id)).toEqual({ n: 1 });
  });

  it('20 different observation bodies for one id at once: one 201, nineteen 409, the winner stored', async () => {
    const id = newId();
    const replies = await race(
      'observations',
      id,
      Array.from({ length: 20 }, (_, i) => () => carer.put(`/api/observations/${id}`, observationBody(YAMADA, earlier(), { note: `body ${i}` }))),
    );
    expect(statuses(replies)).toEqual([201, ...Array(19).fill(409)]);
    const winner = replies.find((r) => r.status === 201)?.body as Observation;
    expect(s.db.raw.prepare('SELECT note FROM observations WHERE id = ?').get(id)).toEqual({ note: winner.note });
  });

  it('same consultation 20 times at once: one 201, the rest 200; different bodies: 409', async () => {
    const id = newId();
    const body = consultationBody(YAMADA, 'sakura');
    const same = await race('consultations', id, Array.from({ length: 20 }, () => () => carer.put(`/api/consultations/${id}`, body)));
    expect(statuses(same)).toEqual([...Array(19).fill(200), 201]);

    const id2 = newId();
    const different = await race(
      'consultations',
      id2,
      Array.from({ length: 20 }, (_, i) => () => carer.put(`/api/consultations/${id2}`, consultationBody(YAMADA, 'sakura', { urgency: i % 2 ? 'today' : 'immediate' }))),
    );
    // Two distinct bodies: the winner's twins answer 200, the others 409.
    const won = different.find((r) => r.status === 201)?.body as Consultation;
    expect(different.filter((r) => r.status === 201)).toHaveLength(1);
    expect(different.filter((r) => r.status === 200)).toHaveLength(9);
    expect(different.filter((r) => r.status === 409)).toHaveLength(10);
    expect(s.db.raw.prepare('SELECT urgency FROM consultations WHERE id = ?').get(id2)).toEqual({ urgency: won.urgency });
  });

  it('same message 20 times at once: one 201, the rest 200, one row', async () => {
    const kId = newId();
    expect((await carer.put(`/api/consultations/${kId}`, consultationBody(YAMADA, 'sakura'))).status).toBe(201);
    const mId = newId();
    const body = { kind: 'message', body: '様子を見てください', replyKind: 'advice' };
    const replies = await race('messages', mId, Array.from({ length: 20 }, () => () => nurse.put(`/api/consultations/${kId}/messages/${mId}`, body)));
    expect(statuses(replies)).toEqual([...Array(19).fill(200), 201]);
    expect(s.db.raw.prepare('SELECT COUNT(*) AS n FROM messages WHERE consultation_id = ?').get(kId)).toEqual({ n: 1 });
  });

  it('messages racing a close: none is stored after the close, and every 409 came after it', async () => {
    const kId = newId();
    expect((await carer.put(`/api/consultations/${kId}`, consultationBody(YAMADA, 'sakura'))).status).toBe(201);
    const closeId = newId();
    const messageIds = Array.from({ length: 10 }, () => newId());
    const sends = [
      ...messageIds.slice(0, 5).map((m) => () => carer.put(`/api/consultations/${kId}/messages/${m}`, { kind: 'message', body: 'まだ熱があります' })),
      () => nurse.put(`/api/consultations/${kId}/messages/${closeId}`, { kind: 'close' }),
      ...messageIds.slice(5).map((m) => () => carer.put(`/api/consultations/${kId}/messages/${m}`, { kind: 'message', body: 'まだ熱があります' })),
    ];
    const replies = await Promise.all(sends.map((send) => send()));
    expect(replies.every((r) => r.status === 201 || r.status === 409)).toBe(true);

    const rows = s.db.raw.prepare('SELECT id, seq, kind FROM messages WHERE consultation_id = ? ORDER BY seq').all(kId) as { id: string; seq: number; kind: string }[];
    expect(rows.at(-1)).toMatchObject({ id: closeId, kind: 'close' });
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(rows.length);
    expect(s.db.raw.prepare('SELECT status FROM consultations WHERE id = ?').get(kId)).toEqual({ status: 'closed' });
  });
});
