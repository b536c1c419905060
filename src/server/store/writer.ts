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
  /** Commits everything queued now, synchronously (shutdown). */
  flush(): void;
}

interface Pending {
  op: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** At most this many ops share one transaction; the rest go in the next group. */
export const MAX_GROUP = 200;

export function createWriter(db: Db, { maxGroup = MAX_GROUP }: { maxGroup?: number } = {}): Writer {
  let queue: Pending[] = [];
  let scheduled = false;

  const commitGroup = (group: Pending[]) => {
    if (!db.open) {
      const closed = new Error('The database is closed.');
      for (const p of group) p.reject(closed);
      return;
    }
    let outcomes: Outcome[];
    try {
      outcomes = db.transaction(() => {
        const results: Outcome[] = [];
        for (const p of group) {
          try {
            results.push({ ok: true, value: db.transaction(p.op)() });
          } catch (error) {
            results.push({ ok: false, error });
          }
          // Some errors (SQLITE_FULL, I/O errors) make SQLite roll back the whole transaction.
          // Then the ops before this one are gone, and the ones after would autocommit one by
          // one: fail the whole group instead (no op is acknowledged).
          const last = results.at(-1);
          if (!db.inTransaction) throw new Error('The group transaction was rolled back.', { cause: last?.ok ? undefined : last?.error });
        }
        return results;
      }).immediate();
    } catch (error) {
      // BEGIN or COMMIT failed, or the group was rolled back: nothing of it is stored.
      for (const p of group) p.reject(error);
      return;
    }
    group.forEach((p, i) => {
      const o = outcomes[i];
      if (o?.ok) p.resolve(o.value);
      else p.reject(o ? o.error : new Error('No outcome for this write.'));
    });
  };

  const flushOne = () => {
    const group = queue.length > maxGroup ? queue.splice(0, maxGroup) : queue;
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

  const schedule = () => {
    if (scheduled || queue.length === 0) return;
    scheduled = true;
    setImmediate(onImmediate);
  };

  return {
    run<T>(op: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ op, resolve: resolve as (value: unknown) => void, reject });
        schedule();
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
