// The changes feed. Each entity has one row; touching it moves the row to a new seq, so a
// reader whose cursor is past the old seq sees the entity again. A cursor must never skip a
// row that commits later, so seq order must be commit order:
//   - SQLite has a single writer and every touch happens inside the writing transaction;
//   - PostgreSQL has concurrent writers: a touched row waits with seq NULL (invisible to every
//     cursor) and the adapter numbers the transaction's rows just before COMMIT, under a lock
//     held until the commit is visible (postgres.ts, ADR 0012).
import type { Db } from './db.js';
import { sql } from './sql.js';

export type ChangeType = 'client' | 'observation' | 'consultation';

export async function touch(db: Db, type: ChangeType, entityId: string, clientId: string): Promise<void> {
  if (db.engine === 'postgres') {
    await sql(
      db,
      `INSERT INTO changes (type, entity_id, client_id) VALUES (?, ?, ?)
       ON CONFLICT (type, entity_id) DO UPDATE SET client_id = excluded.client_id, seq = NULL`,
    ).run(type, entityId, clientId);
    await db.feedTouched();
    return;
  }
  // REPLACE deletes the entity's row (UNIQUE (type, entity_id)) and inserts a new one, whose
  // AUTOINCREMENT seq is past every seq ever given: a DELETE and an INSERT in one statement.
  await sql(db, 'INSERT OR REPLACE INTO changes (type, entity_id, client_id) VALUES (?, ?, ?)').run(type, entityId, clientId);
}

/** A client became visible to someone new: re-announce it and everything recorded about it. */
export async function touchClientAndRecords(db: Db, clientId: string): Promise<void> {
  await touch(db, 'client', clientId, clientId);
  for (const { id } of await sql(db, 'SELECT id FROM observations WHERE client_id = ? ORDER BY created_at').all(clientId) as {
    id: string;
  }[]) {
    await touch(db, 'observation', id, clientId);
  }
  for (const { id } of await sql(db, 'SELECT id FROM consultations WHERE client_id = ? ORDER BY created_at').all(clientId) as {
    id: string;
  }[]) {
    await touch(db, 'consultation', id, clientId);
  }
}

export interface ChangeRow {
  seq: number;
  type: ChangeType;
  entity_id: string;
}

/**
 * Rows after `after` that the actor may see (the visibility rule of access.ts, in SQL): the
 * clients its organization owns or serves; the records of clients it owns, and for a nurse those
 * of clients her station serves, consultations sent to it and the observations they cite.
 */
export async function changesFor(
  db: Db,
  actor: { orgId: string; role: string },
  after: number,
  limit: number,
): Promise<{ rows: ChangeRow[]; maxSeq: number }> {
  const rows = await sql(
    db,
    `SELECT ch.seq, ch.type, ch.entity_id FROM changes ch
     WHERE ch.seq > @after AND (
       ch.client_id IN (SELECT id FROM clients WHERE owner_org_id = @org)
       OR ((ch.type = 'client' OR @role = 'nurse') AND ch.client_id IN (SELECT client_id FROM care_links WHERE org_id = @org))
       OR (@role = 'nurse' AND ch.type = 'consultation' AND EXISTS
            (SELECT 1 FROM consultations k WHERE k.id = ch.entity_id AND k.to_org_id = @org))
       OR (@role = 'nurse' AND ch.type = 'observation' AND EXISTS
            (SELECT 1 FROM consultation_observations co JOIN consultations k ON k.id = co.consultation_id
             WHERE co.observation_id = ch.entity_id AND k.to_org_id = @org))
     )
     ORDER BY ch.seq LIMIT @limit`,
  ).all({ after, org: actor.orgId, role: actor.role, limit }) as ChangeRow[];
  const max = await sql(db, 'SELECT COALESCE(MAX(seq), 0) AS m FROM changes').get() as { m: number };
  return { rows, maxSeq: max.m };
}

/**
 * The clients the organization may see now: those it owns or serves (what GET /api/clients
 * lists). The live stream compares it before and after a client row passes, to hear of access
 * that ended (routes/events.ts).
 */
export async function visibleClientIds(db: Db, orgId: string): Promise<Set<string>> {
  const rows = await sql(
    db,
    'SELECT id FROM clients WHERE owner_org_id = @org UNION SELECT client_id AS id FROM care_links WHERE org_id = @org',
  ).all({ org: orgId }) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

/**
 * Whether a client row lies in (after, upTo]: a client registered or changed, or its care team
 * changed (setCareTeam re-announces the client) — the only writes after which an organization
 * may see fewer clients than before.
 */
export async function clientRowBetween(db: Db, after: number, upTo: number): Promise<boolean> {
  const row = await sql(db, "SELECT 1 AS one FROM changes WHERE seq > ? AND seq <= ? AND type = 'client' LIMIT 1").get(after, upTo);
  return row !== undefined;
}
