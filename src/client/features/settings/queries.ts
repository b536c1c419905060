// The sync panel: where everything on this phone stands, and what to do with rejected items.
import { useMutation } from '@tanstack/react-query';
import { useLiveQuery } from '../../hooks/use-live-query.js';
import { getDb, type OutboxEntry } from '../../db/db.js';
import { readSyncState } from '../../db/meta.js';
import { syncAfterChange, syncNow } from '../../pwa/sync-triggers.js';
import { discard, resend } from '../../sync/reconcile.js';

export function useSyncOverviewQuery() {
  return useLiveQuery(
    async () => {
      const db = getDb();
      const [state, pending, rejected, persisted] = await Promise.all([
        readSyncState(db),
        db.outbox.where('state').equals('pending').count(),
        db.outbox.where('state').equals('rejected').sortBy('seq'),
        db.meta.get('storagePersisted'),
      ]);
      return { state, pending, rejected, persisted: persisted?.value as boolean | undefined };
    },
    [],
    undefined,
  );
}

export function useSyncNowMutation() {
  return useMutation({ networkMode: 'always', mutationFn: () => syncNow() });
}

/** Send a rejected item again (e.g. after a station was linked to the client). */
export async function retryEntry(e: OutboxEntry): Promise<void> {
  await resend(getDb(), e.seq ?? -1);
  syncAfterChange();
}

/**
 * Give up a rejected item: it and anything that exists only on this phone because of it go,
 * and the record takes the server's copy back at the next contact (sync/reconcile.ts).
 */
export async function discardEntry(e: OutboxEntry): Promise<void> {
  await discard(getDb(), e.seq ?? -1);
  syncAfterChange();
}
