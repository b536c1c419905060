import type { Db } from './db.js';
import { touch } from './changes.js';
import { sql } from './sql.js';

export interface PhotoRow {
  observation_id: string;
  content_type: string;
  bytes: Buffer;
  /** Of the bytes as uploaded (so a replay of the same upload is recognised). */
  sha256: string;
}

export async function getPhoto(db: Db, observationId: string): Promise<PhotoRow | undefined> {
  return await sql(db, 'SELECT observation_id, content_type, bytes, sha256 FROM photos WHERE observation_id = ?').get(observationId) as
    | PhotoRow
    | undefined;
}

export async function insertPhoto(
  db: Db,
  p: { observationId: string; clientId: string; contentType: string; bytes: Buffer; sha256: string; authorId: string; now: string },
): Promise<void> {
  await sql(db, 'INSERT INTO photos (observation_id, content_type, bytes, sha256, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    p.observationId,
    p.contentType,
    p.bytes,
    p.sha256,
    p.authorId,
    p.now,
  );
  // Other phones learn that the observation now has a photo.
  await touch(db, 'observation', p.observationId, p.clientId);
}
