// Organizations, staff accounts, clients and the care teams (which stations serve a client).
import type { Client, Organization, UsualValues, UsualValuesInput } from '../../shared/schemas.js';
import { usualEditValues, usualValuesFrom } from '../../shared/usual.js';
import type { OrgKind, Role } from '../../shared/codes.js';
import type { Db } from './db.js';
import { touch, touchClientAndRecords } from './changes.js';
import { groupBy, idList, inList, sql } from './sql.js';

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

export async function insertOrganization(db: Db, o: Organization, now: string): Promise<void> {
  await sql(db, 'INSERT INTO organizations (id, name, kind, created_at) VALUES (?, ?, ?, ?)').run(o.id, o.name, o.kind, now);
}

export async function listOrganizations(db: Db): Promise<Organization[]> {
  return await sql(db, 'SELECT id, name, kind FROM organizations ORDER BY kind, name').all() as Organization[];
}

export async function getOrganization(db: Db, id: string): Promise<{ id: string; name: string; kind: OrgKind } | undefined> {
  return await sql(db, 'SELECT id, name, kind FROM organizations WHERE id = ?').get(id) as
    | { id: string; name: string; kind: OrgKind }
    | undefined;
}

export async function insertUser(
  db: Db,
  u: { id: string; orgId: string; loginId: string; name: string; role: Role; passwordHash: string },
  now: string,
): Promise<void> {
  await sql(
    db,
    'INSERT INTO users (id, org_id, login_id, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(u.id, u.orgId, u.loginId, u.name, u.role, u.passwordHash, now);
}

export async function getUserByLogin(db: Db, loginId: string): Promise<UserRow | undefined> {
  return await sql(db, 'SELECT * FROM users WHERE login_id = ?').get(loginId) as UserRow | undefined;
}

export async function getUser(db: Db, id: string): Promise<UserRow | undefined> {
  return await sql(db, 'SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
}

export async function insertClient(
  db: Db,
  c: { id: string; ownerOrgId: string; name: string; kana?: string; birthYear?: number; emergencyPlan?: string },
  now: string,
): Promise<void> {
  await sql(
    db,
    'INSERT INTO clients (id, owner_org_id, name, kana, birth_year, emergency_plan, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(c.id, c.ownerOrgId, c.name, c.kana ?? null, c.birthYear ?? null, c.emergencyPlan ?? null, now);
  await touchClientAndRecords(db, c.id);
}

export async function linkStation(db: Db, clientId: string, orgId: string, now: string): Promise<void> {
  await sql(db, 'INSERT INTO care_links (client_id, org_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(clientId, orgId, now);
  // The station now sees the client's history: move it all past every cursor.
  await touchClientAndRecords(db, clientId);
}

export async function getClientRow(db: Db, id: string): Promise<ClientRow | undefined> {
  return await sql(db, 'SELECT * FROM clients WHERE id = ?').get(id) as ClientRow | undefined;
}

/** The clients of `rows`, in their order, each with the stations serving it (one read for all). */
export async function toClients(db: Db, rows: readonly ClientRow[]): Promise<Client[]> {
  if (rows.length === 0) return [];
  const ids = idList(
    db,
    rows.map((r) => r.id),
  );
  const links = await sql(db, `SELECT client_id, org_id FROM care_links WHERE ${inList(db, 'client_id')} ORDER BY org_id`).all(ids) as {
    client_id: string;
    org_id: string;
  }[];
  const servedBy = groupBy(links, (l) => l.client_id, (l) => l.org_id);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    ...(row.kana ? { kana: row.kana } : {}),
    ownerOrgId: row.owner_org_id,
    servedBy: servedBy.get(row.id) ?? [],
    spo2Scale: row.spo2_scale,
    ...(row.emergency_plan ? { emergencyPlan: row.emergency_plan } : {}),
    ...(row.usual_json ? { usual: JSON.parse(row.usual_json) as UsualValues } : {}),
  }));
}

/** The clients of `ids` that exist, by id: a fixed number of statements whatever the count. */
export async function clientsByIds(db: Db, ids: readonly string[]): Promise<Map<string, Client>> {
  if (ids.length === 0) return new Map();
  const rows = await sql(db, `SELECT * FROM clients WHERE ${inList(db, 'id')}`).all(idList(db, ids)) as ClientRow[];
  return new Map((await toClients(db, rows)).map((c) => [c.id, c]));
}

/** Sets the client's usual values and SpO2 scale, and keeps who changed them and when. */
export async function setUsualValues(
  db: Db,
  clientId: string,
  input: UsualValuesInput,
  author: { id: string; name: string; signInRef: string | null },
  now: string,
): Promise<void> {
  const values = usualEditValues(input);
  const usual = usualValuesFrom(values, { updatedAt: now, updatedBy: author.id, updatedByName: author.name });
  await sql(db, 'UPDATE clients SET usual_json = ?, spo2_scale = ? WHERE id = ?').run(JSON.stringify(usual), input.spo2Scale, clientId);
  await sql(
    db,
    'INSERT INTO usual_value_changes (client_id, values_json, spo2_scale, author_id, sign_in_ref, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(clientId, JSON.stringify(values), input.spo2Scale, author.id, author.signInRef, now);
  await touch(db, 'client', clientId, clientId);
}

/**
 * The latest change to the client's usual values made after `basedOn` (an `updatedAt` the
 * server gave; null: since the beginning) by anyone but the author in this same sign-in. An
 * edit based on older values than that would overwrite a change its author never saw. Her own
 * changes from this sign-in do not count: a nurse's edits queued one after another offline on
 * one phone all start from the values before the first of them. Her changes from another sign-in
 * (her other phone, the office's browser) do: this edit never saw them (`byAuthor`). A change
 * stored before sign-ins were kept (`sign_in_ref` NULL) counts as hers when it is hers.
 */
export async function changeByOtherSince(
  db: Db,
  clientId: string,
  basedOn: string | null,
  author: { id: string; signInRef: string | null },
): Promise<{ authorName: string; createdAt: string; byAuthor: boolean } | undefined> {
  const select = `SELECT u.name AS author_name, c.created_at, c.author_id FROM usual_value_changes c JOIN users u ON u.id = c.author_id
     WHERE c.client_id = ? AND NOT (c.author_id = ? AND (c.sign_in_ref IS NULL OR c.sign_in_ref = ?))`;
  const order = ' ORDER BY c.id DESC LIMIT 1';
  const params = [clientId, author.id, author.signInRef];
  const row = (
    basedOn === null
      ? await sql(db, select + order).get(...params)
      : await sql(db, `${select} AND c.created_at > ?${order}`).get(...params, basedOn)
  ) as { author_name: string; created_at: string; author_id: string } | undefined;
  return row && { authorName: row.author_name, createdAt: row.created_at, byAuthor: row.author_id === author.id };
}

export async function usualValueHistory(db: Db, clientId: string) {
  return (
    await sql(
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

export async function getClient(db: Db, id: string): Promise<Client | undefined> {
  const row = await getClientRow(db, id);
  return row ? (await toClients(db, [row]))[0] : undefined;
}

/** Clients the organization owns or serves. */
export async function listClientsFor(db: Db, orgId: string): Promise<Client[]> {
  const rows = await sql(
    db,
    `SELECT * FROM clients WHERE owner_org_id = @org OR id IN (SELECT client_id FROM care_links WHERE org_id = @org)
     ORDER BY COALESCE(kana, name)`,
  ).all({ org: orgId }) as ClientRow[];
  return toClients(db, rows);
}
