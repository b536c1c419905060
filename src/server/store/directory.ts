// Organizations, staff accounts, clients and the care teams (which stations serve a client).
import type { Client, Organization, UsualValues, UsualValuesInput } from '../../shared/schemas.js';
import type { OrgKind, Role } from '../../shared/codes.js';
import type { Db } from './db.js';
import { touch, touchClientAndRecords } from './changes.js';
import { sql } from './sql.js';

export interface UserRow {
  id: string;
  org_id: string;
  login_id: string;
  name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  must_change_password: number;
}

export interface ClientRow {
  id: string;
  owner_org_id: string;
  name: string;
  kana: string | null;
  birth_year: number | null;
  emergency_plan: string | null;
  spo2_scale: 1 | 2;
  usual_json: string | null;
}

export function insertOrganization(db: Db, o: Organization, now: string): void {
  sql(db, 'INSERT INTO organizations (id, name, kind, created_at) VALUES (?, ?, ?, ?)').run(o.id, o.name, o.kind, now);
}

export function listOrganizations(db: Db): Organization[] {
  return sql(db, 'SELECT id, name, kind FROM organizations ORDER BY kind, name').all() as Organization[];
}

export function getOrganization(db: Db, id: string): { id: string; name: string; kind: OrgKind } | undefined {
  return sql(db, 'SELECT id, name, kind FROM organizations WHERE id = ?').get(id) as
    | { id: string; name: string; kind: OrgKind }
    | undefined;
}

export function insertUser(
  db: Db,
  u: { id: string; orgId: string; loginId: string; name: string; role: Role; passwordHash: string },
  now: string,
): void {
  sql(
    db,
    'INSERT INTO users (id, org_id, login_id, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(u.id, u.orgId, u.loginId, u.name, u.role, u.passwordHash, now);
}

export function getUserByLogin(db: Db, loginId: string): UserRow | undefined {
  return sql(db, 'SELECT * FROM users WHERE login_id = ?').get(loginId) as UserRow | undefined;
}

export function getUser(db: Db, id: string): UserRow | undefined {
  return sql(db, 'SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
}

export function insertClient(
  db: Db,
  c: { id: string; ownerOrgId: string; name: string; kana?: string; birthYear?: number; emergencyPlan?: string },
  now: string,
): void {
  sql(
    db,
    'INSERT INTO clients (id, owner_org_id, name, kana, birth_year, emergency_plan, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(c.id, c.ownerOrgId, c.name, c.kana ?? null, c.birthYear ?? null, c.emergencyPlan ?? null, now);
  touchClientAndRecords(db, c.id);
}

export function linkStation(db: Db, clientId: string, orgId: string, now: string): void {
  sql(db, 'INSERT OR IGNORE INTO care_links (client_id, org_id, created_at) VALUES (?, ?, ?)').run(clientId, orgId, now);
  // The station now sees the client's history: move it all past every cursor.
  touchClientAndRecords(db, clientId);
}

export function getClientRow(db: Db, id: string): ClientRow | undefined {
  return sql(db, 'SELECT * FROM clients WHERE id = ?').get(id) as ClientRow | undefined;
}

export function servedBy(db: Db, clientId: string): string[] {
  return (sql(db, 'SELECT org_id FROM care_links WHERE client_id = ? ORDER BY org_id').all(clientId) as { org_id: string }[]).map(
    (r) => r.org_id,
  );
}

export function toClient(db: Db, row: ClientRow): Client {
  return {
    id: row.id,
    name: row.name,
    ...(row.kana ? { kana: row.kana } : {}),
    ownerOrgId: row.owner_org_id,
    servedBy: servedBy(db, row.id),
    spo2Scale: row.spo2_scale,
    ...(row.emergency_plan ? { emergencyPlan: row.emergency_plan } : {}),
    ...(row.usual_json ? { usual: JSON.parse(row.usual_json) as UsualValues } : {}),
  };
}

/** Sets the client's usual values and SpO2 scale, and keeps who changed them and when. */
export function setUsualValues(
  db: Db,
  clientId: string,
  input: UsualValuesInput,
  author: { id: string; name: string },
  now: string,
): void {
  const usual: UsualValues = { updatedAt: now, updatedBy: author.id, updatedByName: author.name };
  for (const k of ['temperature', 'systolic', 'diastolic', 'pulse', 'spo2'] as const) {
    const v = input[k];
    if (v !== undefined && v !== null) usual[k] = v;
  }
  if (input.homeOxygen) usual.homeOxygen = true;
  const bands = Object.fromEntries(Object.entries(input.bands ?? {}).filter(([, v]) => v !== undefined));
  if (Object.keys(bands).length) usual.bands = bands;
  sql(db, 'UPDATE clients SET usual_json = ?, spo2_scale = ? WHERE id = ?').run(JSON.stringify(usual), input.spo2Scale, clientId);
  sql(
    db,
    'INSERT INTO usual_value_changes (client_id, values_json, spo2_scale, author_id, created_at) VALUES (?, ?, ?, ?, ?)',
  ).run(clientId, JSON.stringify(input), input.spo2Scale, author.id, now);
  touch(db, 'client', clientId, clientId);
}

export function usualValueHistory(db: Db, clientId: string) {
  return (
    sql(
      db,
      `SELECT c.values_json, c.spo2_scale, c.author_id, u.name AS author_name, c.created_at FROM usual_value_changes c
       JOIN users u ON u.id = c.author_id WHERE c.client_id = ? ORDER BY c.id DESC`,
    ).all(clientId) as { values_json: string; spo2_scale: number; author_id: string; author_name: string; created_at: string }[]
  ).map((r) => ({
    values: JSON.parse(r.values_json) as UsualValuesInput,
    spo2Scale: r.spo2_scale,
    authorId: r.author_id,
    authorName: r.author_name,
    createdAt: r.created_at,
  }));
}

export function getClient(db: Db, id: string): Client | undefined {
  const row = getClientRow(db, id);
  return row ? toClient(db, row) : undefined;
}

/** Clients the organization owns or serves. */
export function listClientsFor(db: Db, orgId: string): Client[] {
  const rows = sql(
    db,
    `SELECT * FROM clients WHERE owner_org_id = @org OR id IN (SELECT client_id FROM care_links WHERE org_id = @org)
     ORDER BY COALESCE(kana, name)`,
  ).all({ org: orgId }) as ClientRow[];
  return rows.map((r) => toClient(db, r));
}
