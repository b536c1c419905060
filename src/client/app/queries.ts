// What the shell shows on every screen: the session, the network, what is still on the phone.
import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../db/db.js';
import { readSession, readSyncState, type SyncState } from '../db/meta.js';

export function useStoredSession() {
  return useLiveQuery(() => readSession(getDb()), [], undefined);
}

export function useOutboxCounts() {
  return useLiveQuery(
    async () => {
      const db = getDb();
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
  return useLiveQuery((): Promise<SyncState> => readSyncState(getDb()), [], {} as SyncState);
}
