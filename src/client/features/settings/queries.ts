// The sync panel: where everything on this phone stands, and what to do with rejected items.
import { useMutation } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import { getDb, type OutboxEntry } from '../../db/db.js';
import { readSyncState } from '../../db/meta.js';
import { syncNow } from '../../pwa/sync-triggers.js';

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
  await getDb().outbox.update(e.seq ?? -1, { state: 'pending' });
  void syncNow();
}

/** Give up a rejected item: it and anything that exists only on this phone because of it go. */
export async function discardEntry(e: OutboxEntry): Promise<void> {
  const db = getDb();
  await db.transaction('rw', [db.outbox, db.observations, db.consultations, db.photos], async () => {
    await db.outbox.delete(e.seq ?? -1);
    if (e.entityType === 'observation') {
      const o = await db.observations.get(e.entityId);
      if (o && !o.synced) await db.observations.delete(e.entityId);
    } else if (e.entityType === 'consultation') {
      const k = await db.consultations.get(e.entityId);
      if (k && !k.synced) await db.consultations.delete(e.entityId);
    } else if (e.entityType === 'photo') {
      await db.photos.delete(e.entityId);
    } else if (e.entityType === 'message') {
      const messageId = e.url.split('/').pop();
      const k = await db.consultations.get(e.entityId);
      if (k) await db.consultations.update(e.entityId, { messages: k.messages.filter((m) => m.id !== messageId) });
    }
  });
}
