// The audit log: who read or wrote which of a client's records, when, from which organization.
// Append-only in the database (triggers refuse UPDATE and DELETE) and tamper-evident: every
// entry stores the SHA-256 of its own fields and of the entry before it (a hash chain), so an
// entry edited, removed or slipped in afterwards — even by someone who dropped the triggers —
// breaks the chain at that point (`npm run audit:verify`). A hot write's entry is written
// inside the write's own op (`within`, called by app.ts): it commits, or not, with the write
// itself, so logging it costs no transaction or fsync of its own (ADR 0014). Every other
// entry goes through the group writer (store/writer.ts) and shares the next group commit. On PostgreSQL several processes append:
// the head is read and the entry inserted under a lock held until commit (Db.lock), so the
// chain stays one line in id order.
import { createHash } from 'node:crypto';
import type { Db } from './store/db.js';
import { sql } from './store/sql.js';
import { createWriter, type Writer } from './store/writer.js';

export interface AuditEntry {
  at: string;
  userId: string | null;
  orgId: string | null;
  action: 'read' | 'write' | 'login' | 'logout' | 'admin';
  entityType: string;
  entityId: string | null;
  status: number;
  detail?: string;
  /** The organization that owns the client whose record this was, when there is one. */
  clientOrgId?: string | null;
}

export interface AuditLog {
  record(e: AuditEntry): void;
  /**
   * Writes `e` in the transaction that is running now (a write's op of the group writer): it
   * is stored if and only if that op is committed.
   */
  within(e: AuditEntry): Promise<void>;
  /** Commits the entries still queued (shutdown, tests). */
  flush(): Promise<void>;
}

export function createAuditLog(db: Db, writer: Writer = createWriter(db)): AuditLog {
  // Runs inside the writer's transaction, under the chain's lock: "the entry before" is well defined.
  const insert = async (e: AuditEntry) => {
    await db.lock('audit-chain');
    const fields: ChainedFields = {
      at: e.at,
      user_id: e.userId,
      org_id: e.orgId,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      status: e.status,
      detail: e.detail ?? null,
      client_org_id: e.clientOrgId ?? null,
    };
    const prev = (await chainHead(db))?.hash ?? GENESIS;
    await sql(
      db,
      `INSERT INTO audit_log (at, user_id, org_id, action, entity_type, entity_id, status, detail, client_org_id, prev_hash, hash)
       VALUES (@at, @user_id, @org_id, @action, @entity_type, @entity_id, @status, @detail, @client_org_id, @prev, @hash)`,
    ).run({ ...fields, prev, hash: entryHash(prev, fields) });
  };
  return {
    record(e) {
      // Fire and forget: the request does not wait for its entry.
      writer.run(() => insert(e)).catch((err: unknown) => {
        if (db.open) console.error('audit log write failed:', err);
      });
    },
    within: insert,
    flush: () => writer.flush(),
  };
}

/** What a request under /api touches: the resource type and its id, from the path. */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f]/g;

export function describeRequest(
  method: string,
  path: string,
): (Pick<AuditEntry, 'action' | 'entityType' | 'entityId'> & { parentId: string | null }) | null {
  // Control characters (a NUL, say, which PostgreSQL cannot store in text) are kept as their
  // percent escapes: the request is logged as sent, never dropped by a failed write.
  const parts = path
    .replace(/^\/api\//, '')
    .replace(CONTROL, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
    .split('/')
    .filter(Boolean);
  const [type, id, sub, subId] = parts;
  if (!type || type === 'health' || type === 'batch' || type === 'openapi.json') return null;
  if (type === 'session') return method === 'DELETE' ? { action: 'logout', entityType: 'session', entityId: null, parentId: null } : null;
  if (type === 'admin') {
    // /api/admin/<kind>[/<id>[/<part>]] → "admin.<kind>[.<part>]", naming the staff member or client.
    return { action: 'admin', entityType: ['admin', id, subId].filter(Boolean).join('.'), entityId: sub ?? null, parentId: null };
  }
  const action = method === 'GET' ? 'read' : 'write';
  const entityType = sub ? `${type}.${sub}` : type;
  return { action, entityType, entityId: subId ?? id ?? null, parentId: id ?? null };
}

export async function auditFor(db: Db, orgId: string, limit = 200) {
  return await sql(
    db,
    `SELECT a.id, a.at, a.user_id AS "userId", u.name AS "userName", a.org_id AS "orgId", a.action, a.entity_type AS "entityType",
            a.entity_id AS "entityId", a.status, a.detail, a.client_org_id AS "clientOrgId"
     FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
     WHERE a.org_id = @org OR a.client_org_id = @org ORDER BY a.id DESC LIMIT @limit`,
  ).all({ org: orgId, limit });
}

/** Which organization owns the client behind an audited record (observation, consultation, client). */
export async function clientOrgOf(db: Db, entityType: string, entityId: string | null): Promise<string | null> {
  if (!entityId) return null;
  const kind = entityType.split('.')[0];
  const query =
    kind === 'observations'
      ? 'SELECT c.owner_org_id AS org FROM observations o JOIN clients c ON c.id = o.client_id WHERE o.id = ?'
      : kind === 'consultations'
        ? 'SELECT c.owner_org_id AS org FROM consultations k JOIN clients c ON c.id = k.client_id WHERE k.id = ?'
        : kind === 'clients'
          ? 'SELECT owner_org_id AS org FROM clients WHERE id = ?'
          : null;
  if (!query) return null;
  return (await sql(db, query).get(entityId) as { org: string } | undefined)?.org ?? null;
}

/** The fields an entry's hash covers, as stored. */
interface ChainedFields {
  at: string;
  user_id: string | null;
  org_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  status: number;
  detail: string | null;
  client_org_id: string | null;
}

/** What the first chained entry points back to. */
export const GENESIS = '0'.repeat(64);

export function entryHash(prev: string, f: ChainedFields): string {
  // A JSON array: unambiguous field boundaries, whatever the values contain.
  const canonical = JSON.stringify([prev, f.at, f.user_id, f.org_id, f.action, f.entity_type, f.entity_id, f.status, f.detail, f.client_org_id]);
  return createHash('sha256').update(canonical).digest('hex');
}

async function chainHead(db: Db): Promise<{ id: number; hash: string } | undefined> {
  return await sql(db, 'SELECT id, hash FROM audit_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1').get() as
    | { id: number; hash: string }
    | undefined;
}

export type ChainReport =
  | { ok: true; entries: number; unchained: number; head: { id: number; hash: string } | null }
  | { ok: false; entries: number; firstBroken: { id: number; reason: string } };

/**
 * Walks the audit log in id order and checks every entry's hash and its link to the entry
 * before. Entries older than the chain (written before migration 7, up to
 * audit_chain.last_unchained_id) are counted as unchained; every later entry must be chained. Removing the newest entries
 * cannot be seen from inside the database: compare `head` with one recorded elsewhere.
 */
export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  const start = await db.get<{ id: number }>('SELECT last_unchained_id AS id FROM audit_chain');
  const rows = await db.all<ChainRow>(
    `SELECT id, at, user_id, org_id, action, entity_type, entity_id, status, detail, client_org_id, prev_hash, hash
     FROM audit_log ORDER BY id`,
  );
  return verifyChainRows(start?.id ?? 0, rows);
}

type ChainRow = ChainedFields & { id: number; prev_hash: string | null; hash: string | null };

/** The same walk over a SQLite file opened on its own (backups, `npm run audit:verify`). */
export function verifyAuditChainOf(raw: { prepare(text: string): { get(): unknown; iterate(): IterableIterator<unknown> } }): ChainReport {
  const start = raw.prepare('SELECT last_unchained_id AS id FROM audit_chain').get() as { id: number } | undefined;
  const rows = raw
    .prepare(
      `SELECT id, at, user_id, org_id, action, entity_type, entity_id, status, detail, client_org_id, prev_hash, hash
       FROM audit_log ORDER BY id`,
    )
    .iterate() as IterableIterator<ChainRow>;
  return verifyChainRows(start?.id ?? 0, rows);
}

function verifyChainRows(lastUnchained: number, rows: Iterable<ChainRow>): ChainReport {
  let prev: string | null = null;
  let entries = 0;
  let unchained = 0;
  let head: { id: number; hash: string } | null = null;
  for (const row of rows) {
    entries++;
    if (row.id <= lastUnchained && prev === null && row.hash === null && row.prev_hash === null) {
      unchained++;
      continue;
    }
    const expectedPrev = prev ?? GENESIS;
    const broken = (reason: string): ChainReport => ({ ok: false, entries, firstBroken: { id: row.id, reason } });
    if (row.hash === null || row.prev_hash === null) return broken('has no hash, but the chain had begun');
    if (row.prev_hash !== expectedPrev) return broken('does not point to the entry before it (an entry was removed or inserted)');
    if (entryHash(row.prev_hash, row) !== row.hash) return broken('its contents do not match its hash (the entry was altered)');
    prev = row.hash;
    head = { id: row.id, hash: row.hash };
  }
  return { ok: true, entries, unchained, head };
}
