// The second factor for nurses and admins (issue 12): from which day each organization requires
// it, and whether a session was completed with a passkey. Read by second-factor.ts.
import type { Db } from './db.js';
import { sql } from './sql.js';

/**
 * Without a date set by the organization's admin: the first day of FY2027 (令和9年度), from
 * which the MHLW guideline (第6.0版) expects two-factor sign-in for systems in use.
 */
export const DEFAULT_REQUIRED_FROM = '2027-04-01';

export async function secondFactorRequiredFrom(db: Db, orgId: string): Promise<string> {
  const row = (await sql(db, 'SELECT required_from FROM org_second_factor WHERE org_id = ?').get(orgId)) as { required_from: string } | undefined;
  return row?.required_from ?? DEFAULT_REQUIRED_FROM;
}

export async function setSecondFactorRequiredFrom(db: Db, orgId: string, requiredFrom: string, userId: string | null, now: string): Promise<void> {
  await sql(
    db,
    `INSERT INTO org_second_factor (org_id, required_from, updated_by, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (org_id) DO UPDATE SET required_from = excluded.required_from, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  ).run(orgId, requiredFrom, userId, now);
}

/** When the session (by its token's hash) was completed with a passkey; null: a password alone. */
export async function sessionSecondFactorAt(db: Db, tokenHash: string): Promise<string | null> {
  const row = (await sql(db, 'SELECT second_factor_at FROM sessions WHERE token_hash = ?').get(tokenHash)) as
    | { second_factor_at: string | null }
    | undefined;
  return row?.second_factor_at ?? null;
}

export async function markSessionSecondFactor(db: Db, tokenHash: string, now: string): Promise<void> {
  await sql(db, 'UPDATE sessions SET second_factor_at = ? WHERE token_hash = ?').run(now, tokenHash);
}

export async function hasPasskey(db: Db, userId: string): Promise<boolean> {
  return (await sql(db, 'SELECT 1 FROM passkeys WHERE user_id = ? LIMIT 1').get(userId)) !== undefined;
}
