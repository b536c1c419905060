import type { Session } from '../../shared/schemas.js';
import type { KizukiDb } from './db.js';
import { readSession } from './meta.js';

const everyTable = (db: KizukiDb) => [db.meta, db.organizations, db.clients, db.observations, db.consultations, db.outbox, db.photos];

/** Forget everything of the signed-in account on this phone. */
export async function wipeLocalData(db: KizukiDb): Promise<void> {
  await db.transaction('rw', everyTable(db), async () => {
    await Promise.all(everyTable(db).map((table) => table.clear()));
  });
}

/** Another account's work still waiting to be sent: this sign-in must not replace it. */
export interface UnsentElsewhere {
  name: string;
  unsent: number;
}

/**
 * Keeps the session of a sign-in. Another account's data is wiped first, unless that account
 * still has unsent entries (then nothing changes and the caller undoes the sign-in). The check
 * and the wipe are one transaction: an entry another tab queues meanwhile waits for it and is
 * then counted by the next sign-in, instead of being wiped between the count and the wipe.
 */
export async function keepSignedInSession(db: KizukiDb, session: Session): Promise<UnsentElsewhere | null> {
  return db.transaction('rw', everyTable(db), async () => {
    const previous = await readSession(db);
    if (previous && previous.user.id !== session.user.id) {
      const unsent = await db.outbox.count();
      if (unsent > 0) return { name: previous.user.name, unsent };
      await wipeLocalData(db);
    }
    await db.meta.put({ key: 'session', value: session });
    return null;
  });
}
