// Group commit: every write of one event-loop turn shares one transaction, so one fsync
// (SQLite synchronous=FULL) acknowledges them all instead of one each. Each op runs in its
// own SAVEPOINT (Db.group): an op that throws rolls back only itself and rejects only its own
// promise. Every promise settles after the COMMIT has returned, that is after the fsync: a 2xx
// built from an op's result is on disk.
//
// An op must do its read-check-write inside the op (existence, replay, status): ops of one
// group run one after another, each seeing the ones before it, so two concurrent requests for
// the same id still answer 201 then 200/409.
//
// On PostgreSQL (several connections, several processes) there is no turn to share: each
// run/runAll is its own transaction straight away, and the database's own group commit
// batches the WAL flushes of concurrent commits (postgres.ts, ADR 0012).
import type { Db } from './db.js';

export type Op<T> = () => T | Promise<T>;

export interface Writer {
  /** Queues `op` for the next group; resolves with its result once the group is committed. */
  run<T>(op: Op<T>): Promise<T>;
  /**
   * Queues `ops` together: they run one after another in the same group (never split by the
   * cap), each in its own savepoint, and settle each on its own once that group is committed.
   * Rejects as a whole only when the group is not committed.
   */
  runAll<T>(ops: readonly Op<T>[]): Promise<PromiseSettledResult<T>[]>;
  /** Commits everything queued now (shutdown); resolves once it has. */
  flush(): Promise<void>;
}

interface Pending {
  ops: readonly Op<unknown>[];
  resolve: (outcomes: PromiseSettledResult<unknown>[]) => void;
  reject: (reason: unknown) => void;
}

/** At most this many ops share one transaction (a larger runAll goes alone); the rest go in the next group. */
export const MAX_GROUP = 200;

export interface WriterOptions {
  maxGroup?: number;
  /** Called after each committed group with its number of ops (tests and measurements). */
  onCommit?: (ops: number) => void;
}

export function createWriter(db: Db, { maxGroup = MAX_GROUP, onCommit }: WriterOptions = {}): Writer {
  let queue: Pending[] = [];
  let scheduled = false;
  const inFlight = new Set<Promise<void>>();

  const commitGroup = async (group: Pending[]): Promise<void> => {
    if (!db.open) {
      const closed = new Error('The database is closed.');
      for (const p of group) p.reject(closed);
      return;
    }
    let flat: PromiseSettledResult<unknown>[];
    try {
      flat = await db.group(group.flatMap((p) => p.ops));
    } catch (error) {
      // BEGIN or COMMIT failed, or the group was rolled back: nothing of it is stored.
      for (const p of group) p.reject(error);
      return;
    }
    onCommit?.(flat.length);
    let at = 0;
    for (const p of group) {
      p.resolve(flat.slice(at, at + p.ops.length));
      at += p.ops.length;
    }
  };

  const track = (job: Promise<void>) => {
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
  };

  // SQLite: one group at a time. While a group commits (its fsync on the thread pool), the writes
  // that arrive wait in the queue and the next group takes them all when it ends — one commit and
  // one fsync for them, instead of one per event-loop turn queued behind the connection.
  let committing = 0;

  const flushOne = () => {
    // Whole entries only: the ops of one runAll share a group.
    let ops = 0;
    let n = 0;
    while (n < queue.length && (n === 0 || ops + (queue[n]?.ops.length ?? 0) <= maxGroup)) {
      ops += queue[n]?.ops.length ?? 0;
      n++;
    }
    const group = n === queue.length ? queue : queue.splice(0, n);
    if (group === queue) queue = [];
    if (!grouping) return track(commitGroup(group));
    committing++;
    track(
      commitGroup(group).finally(() => {
        committing--;
        schedule();
      }),
    );
  };

  const onImmediate = () => {
    scheduled = false;
    if (queue.length === 0 || committing > 0) return;
    flushOne();
    // A full group leaves the rest for the next turn, so I/O in between is not starved.
    schedule();
  };

  // PostgreSQL: no grouping across requests (see the top of this file).
  const grouping = db.engine === 'sqlite';
  const enqueue = (p: Pending) => {
    if (!grouping) return track(commitGroup([p]));
    queue.push(p);
    schedule();
  };

  const schedule = () => {
    if (scheduled || queue.length === 0) return;
    scheduled = true;
    setImmediate(onImmediate);
  };

  return {
    run<T>(op: Op<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        enqueue({
          ops: [op],
          resolve: ([outcome]) => {
            if (outcome?.status === 'fulfilled') resolve(outcome.value as T);
            else reject(outcome ? outcome.reason : new Error('No outcome for this write.'));
          },
          reject,
        });
      });
    },
    runAll<T>(ops: readonly Op<T>[]): Promise<PromiseSettledResult<T>[]> {
      if (ops.length === 0) return Promise.resolve([]);
      return new Promise<PromiseSettledResult<T>[]>((resolve, reject) => {
        enqueue({ ops, resolve: resolve as (outcomes: PromiseSettledResult<unknown>[]) => void, reject });
      });
    },
    async flush() {
      // From inside an op it would wait for its own group forever. The store's own async context
      // says so (a second AsyncLocalStorage here added its propagation to every promise made).
      if (db.inTransaction()) throw new Error('writer.flush() cannot run inside a transaction.');
      while (queue.length > 0 || inFlight.size > 0) {
        while (queue.length > 0) flushOne();
        await Promise.all([...inFlight]);
      }
    },
  };
}
