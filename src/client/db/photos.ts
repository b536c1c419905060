// Without Dexie (a type import only): the client page's timeline, on the first screen, reads
// photos through this, and must not bring db.ts and Dexie into the first download (db/lazy.ts).
import type { KizukiDb } from './db.js';

/** The photos these observations have on this phone, by observation (the others load from the server). */
export async function photosOnPhone(db: KizukiDb, observationIds: readonly string[]): Promise<Map<string, Blob>> {
  return new Map((await db.photos.bulkGet([...observationIds])).flatMap((p) => (p ? [[p.observationId, p.blob] as const] : [])));
}
