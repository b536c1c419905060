// The changes feed. Each entity has one row; touching it moves the row to a new seq, so a
// reader whose cursor is past the old seq sees the entity again. SQLite has a single writer
// and every touch happens inside the writing transaction, so seq order is commit order and a
// cursor can never skip a row that commits later.
import type { Db } from './db.js';
import { sql } from './sql.js';

export type ChangeType = 'client' | 'observation' | 'consultation';

export function touch(db: Db, type: ChangeType, entityId: string, clientId: string): void {
  sql(db, 'DELETE FROM changes WHERE type = ? AND entity_id = ?').run(type, entityId);
  sql(db, 'INSERT INTO changes (type, entity_id, client_id) VALUES (?, ?, ?)').run(type, entityId, clientId);
}

/** A client became visible to someone new: re-announce it and everything recorded about it. */
export function touchClientAndRecords(db: Db, clientId: string): void {
  touch(db, 'client', clientId, clientId);
  for (const { id } of sql(db, 'SELECT id FROM observations WHERE client_id = ? ORDER BY created_at').all(clientId) as {
    id: string;
  }[]) {
    touch(db, 'observation', id, clientId);
  }
  for (const { id } of sql(db, 'SELECT id FROM consultations WHERE client_id = ? ORDER BY created_at').all(clientId) as {
    id: string;
  }[]) {
    touch(db, 'consultation', id, clientId);
  }
}

export interface ChangeRow {
  seq: number;
  type: ChangeType;
  entity_id: string;
}

/**
 * Rows after `after` that the organization may see (the visibility rule of access.ts, in SQL):
 * records of clients it owns or serves, consultations sent to it and the observations they cite.
 */
export function changesFor(db: Db, orgId: string, after: number, limit: number): { rows: ChangeRow[]; maxSeq: number } {
  const rows = sql(
    db,
    `SELECT ch.seq, ch.type, ch.entity_id FROM changes ch
     WHERE ch.seq > @after AND (
       ch.client_id IN (SELECT id FROM clients WHERE owner_org_id = @org
                        UNION SELECT client_id FROM care_links WHERE org_id = @org)
       OR (ch.type = 'consultation' AND EXISTS
            (SELECT 1 FROM consultations k WHERE k.id = ch.entity_id AND k.to_org_id = @org))
       OR (ch.type = 'observation' AND EXISTS
            (SELECT 1 FROM consultation_observations co JOIN consultations k ON k.id = co.consultation_id
             WHERE co.observation_id = ch.entity_id AND k.to_org_id = @org))
     )
     ORDER BY ch.seq LIMIT @limit`,
  ).all({ after, org: orgId, limit }) as ChangeRow[];
  const max = sql(db, 'SELECT COALESCE(MAX(seq), 0) AS m FROM changes').get() as { m: number };
  return { rows, maxSeq: max.m };
}
