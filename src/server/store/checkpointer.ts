// The WAL's checkpoints, off the event loop (ADR 0016). SQLite's automatic checkpoint runs inside
// the COMMIT that crosses 1,000 WAL pages: on the event loop, it copies those pages into the
// database file and fsyncs the WAL and the database file — milliseconds during which no request
// moves. Here the serving connection's automatic checkpoint is off and a second connection, on a
// worker thread, runs `PRAGMA wal_checkpoint(PASSIVE)` after a number of commits: SQLite's
// own concurrent checkpoint (it never blocks the writer, copies only committed frames, syncs as
// the connection's synchronous=FULL asks), about as often as SQLite's own (every ~1,000 WAL
// pages), so what is on disk after a 2xx does not change — the
// WAL holds it until the checkpoint has copied and synced it. The worker starts at the first
// checkpoint (a database written a little never starts one). If it fails, the serving
// connection checkpoints automatically again, as before.
import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** What `PRAGMA wal_checkpoint` answers: busy (0/1), frames in the WAL, frames checkpointed. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export interface CheckpointerOptions {
  /**
   * Commits before the first checkpoint (default 16). After each checkpoint the count is scaled
   * so that the next one finds about `pages` WAL frames, like SQLite's own automatic checkpoint:
   * checkpointing more often than that would copy the same hot pages and pay the two fsyncs
   * more often.
   */
  every?: number;
  /** The WAL frames a checkpoint aims at (default 1,000, SQLite's wal_autocheckpoint). */
  pages?: number;
  /** Each finished checkpoint (tests, measurements). */
  onCheckpoint?: (result: CheckpointResult) => void;
}

export interface Checkpointer {
  /** The serving connection committed a transaction. */
  committed(): void;
  /**
   * Stops the worker (its connection closes) and resolves once it has; nothing to wait for (no
   * promise) when none was started. The serving connection checkpoints at its own close.
   */
  close(): Promise<void> | undefined;
}

const AUTOCHECKPOINT_PAGES = 1000;
/** However small the commits, a checkpoint at least every this many. */
const MAX_EVERY = 4096;

// CommonJS in the worker (eval): better-sqlite3 is loaded from the path the server resolved.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = FULL');
db.pragma('wal_autocheckpoint = 0');
parentPort.on('message', (m) => {
  if (m === 'close') {
    db.close();
    process.exit(0);
  }
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, result: r });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error) });
  }
});
`;

export function createCheckpointer(
  raw: Database.Database,
  { every: first = 16, pages = AUTOCHECKPOINT_PAGES, onCheckpoint }: CheckpointerOptions = {},
): Checkpointer {
  let every = first;
  raw.pragma('wal_autocheckpoint = 0');
  let worker: Worker | null = null;
  let failed = false;
  let running = false;
  let since = 0;
  let closed = false;

  const giveUp = (why: unknown) => {
    if (failed) return;
    failed = true;
    worker = null;
    console.error('WAL checkpoint worker failed; checkpointing on the serving connection again:', why);
    if (raw.open) raw.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };

  const start = (): Worker => {
    const w = new Worker(WORKER, {
      eval: true,
      workerData: { file: raw.name, module: createRequire(import.meta.url).resolve('better-sqlite3') },
    });
    // A checkpoint never keeps the process alive.
    w.unref();
    w.on('message', (m: { ok: true; result: CheckpointResult } | { ok: false; error: string }) => {
      running = false;
      if (!m.ok) return giveUp(m.error);
      onCheckpoint?.(m.result);
      // Frames found ≈ frames written since the last checkpoint (the WAL restarts after a full one).
      if (m.result.log > 0) every = Math.min(MAX_EVERY, Math.max(1, Math.round((every * pages) / m.result.log)));
      if (since >= every) request();
    });
    w.on('error', giveUp);
    w.on('exit', (code) => {
      if (worker === w) giveUp(new Error(`the worker exited (${code})`));
    });
    return w;
  };

  const request = () => {
    if (failed || running || closed) return;
    running = true;
    since = 0;
    worker ??= start();
    worker.postMessage('checkpoint');
  };

  return {
    committed() {
      since++;
      if (since >= every) request();
    },
    close() {
      closed = true;
      const w = worker;
      worker = null;
      if (!w) return undefined;
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      w.postMessage('close');
      return exited;
    },
  };
}
