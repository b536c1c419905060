// Asks the browser to keep this site's data (navigator.storage.persist) after the first saved
// record, and remembers the answer for the settings screen.
import { getDb } from '../db/db.js';

export async function requestPersistence(): Promise<boolean | null> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage?.persist) return null;
  const db = getDb();
  const known = await db.meta.get('storagePersisted');
  if (known?.value === true) return true;
  const granted = (await storage.persisted()) || (await storage.persist());
  await db.meta.put({ key: 'storagePersisted', value: granted });
  return granted;
}
