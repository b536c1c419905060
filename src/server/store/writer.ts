// Group commit: every write of one event-loop turn shares one SQLite transaction, so one fsync
// (synchronous=FULL) acknowledges them all instead of one each. Each op runs synchronously in
// its own SAVEPOINT (better-sqlite3 nests db.transaction that way): an op that throws rolls back
// only itself and rejects only its own promise. Every promise settles after the outer COMMIT
// has returned, that is after the fsync: a 2xx built from an op's result is on disk.
//
// An op must do its read-check-write synchronously inside the op (existence, replay, status):
// ops of one group run one after another, each seeing the ones before it, so two concurrent
// requests for the same id still answer 201 then 200/409.
import type { Db } from './db.js';

export interface Writer {
  /** Queues `op` for the next group; resolves with its result once the group is committed. */
  run<T>(op: () => T): Promise<T>;
  /**
   * Queues `ops` together: they run one after another in the same group (never split by the
   * cap), each in its own savepoint, and settle each on its own once that group is committed.
   * Rejects as a whole only when the group is not committed.
   */
  runAll<T>(ops: readonly (() => T)[]): Promise<PromiseSettledResult<T>[]>;
  /** Commits everything queued now, synchronously (shutdown). */
  flush(): void;
}

interface Pending {
  ops: readonly (() => unknown)[];
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

  const commitGroup = (group: Pending[]) => {
    if (!db.open) {
      const closed = new Error('The database is closed.');
      for (const p of group) p.reject(closed);
      return;
    }
    let outcomes: PromiseSettledResult<unknown>[][];
    try {
      outcomes = db.transaction(() =>
        group.map((p) =>
          p.ops.map((op): PromiseSettledResult<unknown> => {
            let outcome: PromiseSettledResult<unknown>;
            try {
              outcome = { status: 'fulfilled', value: db.transaction(op)() };
            } catch (reason) {
              outcome = { status: 'rejected', reason };
            }
            // Some errors (SQLITE_FULL, I/O errors) make SQLite roll back the whole transaction.
            // Then the ops before this one are gone, and the ones after would autocommit one by
            // one: fail the whole group instead (no op is acknowledged).
            if (!db.inTransaction) {
              throw new Error('The group transaction was rolled back.', {
                cause: outcome.status === 'rejected' ? outcome.reason : undefined,
              });
            }
            return outcome;
          }),
        ),
      ).immediate();
    } catch (error) {
      // BEGIN or COMMIT failed, or the group was rolled back: nothing of it is stored.
      for (const p of group) p.reject(error);
      return;
    }
    onCommit?.(outcomes.reduce((n, o) => n + o.length, 0));
    group.forEach((p, i) => p.resolve(outcomes[i] ?? []));
  };

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
    commitGroup(group);
  };

  const onImmediate = () => {
    scheduled = false;
    if (queue.length === 0) return;
    flushOne();
    // A full group leaves the rest for the next turn, so I/O in between is not starved.
    schedule();
  };

  const enqueue = (p: Pending) => {
    queue.push(p);
    schedule();
  };

  const schedule = () => {
    if (scheduled || queue.length === 0) return;
    scheduled = true;
    setImmediate(onImmediate);
  };

  return {
    run<T>(op: () => T): Promise<T> {
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
    runAll<T>(ops: readonly (() => T)[]): Promise<PromiseSettledResult<T>[]> {
      if (ops.length === 0) return Promise.resolve([]);
      return new Promise<PromiseSettledResult<T>[]>((resolve, reject) => {
        enqueue({ ops, resolve: resolve as (outcomes: PromiseSettledResult<unknown>[]) => void, reject });
      });
    },
    flush() {
      // Inside another transaction (an op, say) the group would only be a savepoint, and its
      // promises would settle before anything is on disk.
      if (db.open && db.inTransaction) throw new Error('writer.flush() cannot run inside a transaction.');
      while (queue.length > 0) flushOne();
    },
  };
}
