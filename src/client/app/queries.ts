// What the shell shows on every screen: the session, the network, what is still on the phone.
import { useLiveQuery } from '../hooks/use-live-query.js';
import { readSession, readSyncState, type SyncState } from '../db/meta.js';

/** The session kept on the phone; undefined while IndexedDB has not answered yet. */
export function useStoredSession() {
  return useLiveQuery(readSession, [], undefined);
}

export function useOutboxCounts() {
  return useLiveQuery(
    async (db) => {
      const [pending, rejected] = await Promise.all([
        db.outbox.where('state').equals('pending').count(),
        db.outbox.where('state').equals('rejected').count(),
      ]);
      return { pending, rejected };
    },
    [],
    { pending: 0, rejected: 0 },
  );
}

export function useSyncState() {
  return useLiveQuery((db): Promise<SyncState> => readSyncState(db), [], {} as SyncState);
}
