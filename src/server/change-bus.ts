// The change bus: writers say "something was committed, the changes feed may have moved"; the
// live streams (routes/events.ts) listen and each asks the feed whether its caller may see
// anything new. The notice carries nothing (no ids, no organization): what a listener may learn
// is decided by the feed's own visibility rule, read after the commit.
//
// A port with one implementation here, in memory, for one process on SQLite. On PostgreSQL
// (several processes) a transaction that moved the changes feed runs `NOTIFY kizuki_changes` —
// delivered only when it commits — and each process `LISTEN`s on one connection
// (store/postgres.ts listenForChanges) and calls publish() of its own in-memory bus for every
// notification: the streams do not change.

export interface ChangeBus {
  /** Something was committed that may have touched the changes feed. Cheap; never throws. */
  publish(): void;
  /**
   * Calls `listener` after publishes (at most once a turn however many); returns unsubscribe.
   * `onClose` runs once if the bus is closed while subscribed (at once, on the next turn, when
   * it already is).
   */
  subscribe(listener: () => void, onClose?: () => void): () => void;
  /** How many listeners are subscribed (open streams). */
  size(): number;
  /**
   * The process is stopping: every subscriber's `onClose` runs (its stream ends cleanly, and the
   * browser reconnects, after the stream's retry time, to whichever process serves next), and so
   * does that of any later subscriber. Without it an open stream holds its connection, and the
   * process's exit, until the stop's time bound cuts it (src/server/index.ts).
   */
  close(): void;
}

export function createLocalChangeBus(): ChangeBus {
  const listeners = new Set<() => void>();
  const closers = new Map<() => void, () => void>();
  let scheduled = false;
  let closed = false;

  const deliver = () => {
    scheduled = false;
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (error) {
        // One broken stream must not keep the others from hearing.
        console.error('change listener failed:', error);
      }
    }
  };

  return {
    publish() {
      // A turn's commits (a group, a batch, the audit entries) wake each listener once.
      if (scheduled || listeners.size === 0) return;
      scheduled = true;
      setImmediate(deliver);
    },
    subscribe(listener, onClose) {
      if (closed) {
        // After the caller has finished setting up (it may still be assigning what onClose calls).
        if (onClose) setImmediate(onClose);
        return () => {};
      }
      listeners.add(listener);
      if (onClose) closers.set(listener, onClose);
      return () => {
        listeners.delete(listener);
        closers.delete(listener);
      };
    },
    size: () => listeners.size,
    close() {
      closed = true;
      const ending = [...closers.values()];
      listeners.clear();
      closers.clear();
      for (const onClose of ending) {
        try {
          onClose();
        } catch (error) {
          console.error('change listener close failed:', error);
        }
      }
    },
  };
}
