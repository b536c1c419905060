// The audit log: who read or wrote which of a client's records, when, from which organization.
// Append-only in the database (triggers refuse UPDATE and DELETE). Entries go through the group
// writer (store/writer.ts): they share the next group commit with the routes' writes, so
// logging a request does not add an fsync of its own.
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
  flush(): void;
}

export function createAuditLog(db: Db, writer: Writer = createWriter(db)): AuditLog {
  const insert = (e: AuditEntry) =>
    sql(
      db,
      `INSERT INTO audit_log (at, user_id, org_id, action, entity_type, entity_id, status, detail, client_org_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(e.at, e.userId, e.orgId, e.action, e.entityType, e.entityId, e.status, e.detail ?? null, e.clientOrgId ?? null);
  return {
    record(e) {
      // Fire and forget: the request does not wait for its entry.
      writer.run(() => insert(e)).catch((err: unknown) => {
        if (db.open) console.error('audit log write failed:', err);
      });
    },
    flush: () => writer.flush(),
  };
}

/** What a request under /api touches: the resource type and its id, from the path. */
export function describeRequest(
  method: string,
  path: string,
): (Pick<AuditEntry, 'action' | 'entityType' | 'entityId'> & { parentId: string | null }) | null {
  const parts = path.replace(/^\/api\//, '').split('/').filter(Boolean);
  const [type, id, sub, subId] = parts;
  if (!type || type === 'health' || type === 'batch' || type === 'openapi.json') return null;
  if (type === 'session') return method === 'DELETE' ? { action: 'logout', entityType: 'session', entityId: null, parentId: null } : null;
  const action = type === 'admin' ? 'admin' : method === 'GET' ? 'read' : 'write';
  const entityType = sub ? `${type}.${sub}` : type;
  return { action, entityType, entityId: subId ?? id ?? null, parentId: id ?? null };
}

export function auditFor(db: Db, orgId: string, limit = 200) {
  return sql(
    db,
    `SELECT a.id, a.at, a.user_id AS userId, u.name AS userName, a.org_id AS orgId, a.action, a.entity_type AS entityType,
            a.entity_id AS entityId, a.status, a.detail, a.client_org_id AS clientOrgId
     FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
     WHERE a.org_id = @org OR a.client_org_id = @org ORDER BY a.id DESC LIMIT @limit`,
  ).all({ org: orgId, limit });
}

/** Which organization owns the client behind an audited record (observation, consultation, client). */
export function clientOrgOf(db: Db, entityType: string, entityId: string | null): string | null {
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
  return (sql(db, query).get(entityId) as { org: string } | undefined)?.org ?? null;
}
