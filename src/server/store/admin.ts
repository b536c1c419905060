// Staff accounts, client registration, care teams and first-start setup tokens.
import { createHash, randomBytes } from 'node:crypto';
import type { ClientRegistration, Staff, StaffInput } from '../../shared/schemas.js';
import type { Db } from './db.js';
import { touch, touchClientAndRecords } from './changes.js';
import { deletePushSubscriptionsOf } from './push-subscriptions.js';
import { sql } from './sql.js';

export interface StaffRow {
  id: string;
  login_id: string;
  name: string;
  role: Staff['role'];
  disabled: number;
  must_change_password: number;
  org_id: string;
}

const toStaff = (r: StaffRow): Staff => ({
  id: r.id,
  loginId: r.login_id,
  name: r.name,
  role: r.role,
  disabled: !!r.disabled,
  mustChangePassword: !!r.must_change_password,
});

export async function listStaff(db: Db, orgId: string): Promise<Staff[]> {
  return (await sql(db, 'SELECT * FROM users WHERE org_id = ? ORDER BY role, login_id').all(orgId) as StaffRow[]).map(toStaff);
}

export async function getStaffRow(db: Db, id: string): Promise<StaffRow | undefined> {
  return await sql(db, 'SELECT * FROM users WHERE id = ?').get(id) as StaffRow | undefined;
}

export async function getStaff(db: Db, id: string): Promise<Staff | undefined> {
  const r = await getStaffRow(db, id);
  return r ? toStaff(r) : undefined;
}

export async function loginIdTaken(db: Db, loginId: string, exceptId: string): Promise<boolean> {
  return !!await sql(db, 'SELECT 1 FROM users WHERE login_id = ? AND id <> ?').get(loginId, exceptId);
}

export async function countEnabledAdmins(db: Db, orgId: string, exceptId: string): Promise<number> {
  return (
    await sql(db, "SELECT COUNT(*) AS n FROM users WHERE org_id = ? AND role = 'admin' AND disabled = 0 AND id <> ?").get(orgId, exceptId) as {
      n: number;
    }
  ).n;
}

/** A UNIQUE or PRIMARY KEY violation (better-sqlite3's code, or PostgreSQL's SQLSTATE 23505). */
export function isConstraintError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

export async function createStaff(db: Db, id: string, orgId: string, input: StaffInput, passwordHash: string, now: string): Promise<void> {
  await sql(
    db,
    `INSERT INTO users (id, org_id, login_id, name, role, password_hash, disabled, must_change_password, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
  ).run(id, orgId, input.loginId, input.name, input.role, passwordHash, input.disabled ? 1 : 0, now);
}

export async function updateStaff(db: Db, id: string, input: StaffInput, passwordHash: string | null): Promise<void> {
  await sql(db, 'UPDATE users SET login_id = ?, name = ?, role = ?, disabled = ? WHERE id = ?').run(
    input.loginId,
    input.name,
    input.role,
    input.disabled ? 1 : 0,
    id,
  );
  if (passwordHash) await setPassword(db, id, passwordHash, true);
  if (input.disabled) await deleteSessionsOf(db, id);
}

export async function setPassword(db: Db, userId: string, passwordHash: string, mustChange: boolean): Promise<void> {
  await sql(db, 'UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?').run(passwordHash, mustChange ? 1 : 0, userId);
}

/** Sign-out everywhere (and what disabling or resetting an account does). */
/**
 * Ends a person's sessions. Ending every one of them (すべての端末からログアウト, an admin's reset,
 * passkey recovery, disabling) also forgets their phones' push subscriptions: a notification names
 * the client on the lock screen, and a lost phone must stop showing them. The client hands its
 * subscription over again at the next sign-in. Ending the others only (a password change) keeps
 * them: which subscription is this phone's is not known here (ADR 0026).
 */
export async function deleteSessionsOf(db: Db, userId: string, exceptTokenHash?: string): Promise<void> {
  await sql(db, 'DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?').run(userId, exceptTokenHash ?? '');
  if (exceptTokenHash === undefined) await deletePushSubscriptionsOf(db, userId);
}

/**
 * Registers or updates a client of `ownerOrgId`. False when the id belongs to another
 * organization: the upsert never rewrites another owner's client.
 */
export async function upsertClient(db: Db, id: string, ownerOrgId: string, c: ClientRegistration, now: string): Promise<boolean> {
  const { changes } = await sql(
    db,
    `INSERT INTO clients (id, owner_org_id, name, kana, birth_year, emergency_plan, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, kana = excluded.kana, birth_year = excluded.birth_year,
       emergency_plan = excluded.emergency_plan
     WHERE clients.owner_org_id = excluded.owner_org_id`,
  ).run(id, ownerOrgId, c.name, c.kana ?? null, c.birthYear ?? null, c.emergencyPlan ?? null, now);
  if (changes === 0) return false;
  await touch(db, 'client', id, id);
  return true;
}

/** The stations that serve the client. A newly linked station sees the client's history. */
export async function setCareTeam(db: Db, clientId: string, stationIds: readonly string[], now: string): Promise<void> {
  await sql(db, 'DELETE FROM care_links WHERE client_id = ?').run(clientId);
  for (const s of new Set(stationIds)) {
    await sql(db, 'INSERT INTO care_links (client_id, org_id, created_at) VALUES (?, ?, ?)').run(clientId, s, now);
  }
  await touchClientAndRecords(db, clientId);
}

const hash = (t: string) => createHash('sha256').update(t).digest('base64url');

/** A one-time setup token, when the database has no organization yet. */
export async function createSetupToken(db: Db, now: string): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await sql(db, 'INSERT INTO setup_tokens (token_hash, created_at) VALUES (?, ?)').run(hash(token), now);
  return token;
}

/**
 * Marks the token used; false when it is unknown, already used, or the first organization
 * exists already: processes started together on an empty database each print a token of their
 * own, and only one first organization may ever be made (the caller's transaction decides
 * this and inserts the organization together).
 */
/** Whether the token could still be used (the transaction in consumeSetupToken decides). */
export async function setupTokenUsable(db: Db, token: string): Promise<boolean> {
  return !!(await sql(
    db,
    'SELECT 1 FROM setup_tokens WHERE token_hash = ? AND used_at IS NULL AND NOT EXISTS (SELECT 1 FROM organizations)',
  ).get(hash(token)));
}

export async function consumeSetupToken(db: Db, token: string, now: string): Promise<boolean> {
  return (
    await sql(
      db,
      'UPDATE setup_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND NOT EXISTS (SELECT 1 FROM organizations)',
    ).run(now, hash(token))
  ).changes === 1;
}
