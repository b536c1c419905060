import type { KizukiDb } from './db.js';

/** Forget everything of the signed-in account on this phone. */
export async function wipeLocalData(db: KizukiDb): Promise<void> {
  await db.transaction('rw', [db.meta, db.organizations, db.clients, db.observations, db.consultations, db.outbox, db.photos], async () => {
    await Promise.all([
      db.photos.clear(),
      db.meta.clear(),
      db.organizations.clear(),
      db.clients.clear(),
      db.observations.clear(),
      db.consultations.clear(),
      db.outbox.clear(),
    ]);
  });
}
