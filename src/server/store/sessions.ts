// Server-side sessions: the cookie holds a random token, the database only its SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../shared/codes.js';
import type { Db } from './db.js';
import { sql } from './sql.js';

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Which sign-in (one phone, one browser) did something, kept beside what it did: stable for the
 * session, different for each sign-in, and not the lookup key of the sessions table.
 */
export const signInRef = (token: string) => createHash('sha256').update(`sign-in:${token}`).digest('base64url');
const hashToken = tokenHash;

export async function createSession(db: Db, userId: string, now: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await sql(db, 'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)').run(
    hashToken(token),
    userId,
    now,
    now,
  );
  return token;
}

/**
 * The session and its account in one read (every authenticated request asks this): what
 * findSession and getUser give, joined — the session as stored at this moment, so a session
 * deleted (signed out, timed out, revoked) or an account disabled is refused on its next request,
 * whichever process changed it.
 */
/** A session's account, as every request reads it. */
export interface SessionUser {
  last_seen_at: string;
  id: string;
  name: string;
  role: Role;
  org_id: string;
  disabled: number;
  /** Signed in with a password an admin set: it may only be changed (temporary-password.ts). */
  must_change_password: number;
}

export async function findSessionUser(
  db: Db,
  token: string,
): Promise<SessionUser | undefined> {
  return await sql(
    db,
    `SELECT s.last_seen_at, u.id, u.name, u.role, u.org_id, u.disabled, u.must_change_password
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
  ).get(hashToken(token)) as SessionUser | undefined;
}

export async function touchSession(db: Db, token: string, now: string): Promise<void> {
  await sql(db, 'UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(now, hashToken(token));
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await sql(db, 'DELETE FROM sessions WHERE token_hash = ?').run(hashToken(token));
}

export async function recordLoginFailure(db: Db, key: string, atMs: number): Promise<number> {
  const row = (await sql(db, 'INSERT INTO login_failures (key, at) VALUES (?, ?) RETURNING rowid').get(key, atMs)) as { rowid: number };
  return Number(row.rowid);
}

/** Takes back failures reserved by `reserveLoginAttempt` (the password was right). */
export async function releaseLoginFailures(db: Db, rowids: readonly number[]): Promise<void> {
  for (const id of rowids) await sql(db, 'DELETE FROM login_failures WHERE rowid = ?').run(id);
}

/** Timestamps of the most recent `limit` failures for `key` since `sinceMs`, newest first. */
export async function recentLoginFailures(db: Db, key: string, sinceMs: number, limit: number): Promise<number[]> {
  return (
    await sql(db, 'SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?').all(key, sinceMs, limit) as {
      at: number;
    }[]
  ).map((r) => r.at);
}

export async function clearLoginFailures(db: Db, key: string): Promise<void> {
  await sql(db, 'DELETE FROM login_failures WHERE key = ?').run(key);
}

export interface ThrottleRule {
  key: string;
  limit: number;
}

/**
 * One sign-in attempt's throttle decision, in one transaction: either the seconds to wait
 * (some key has `limit` failures within the window), or a failure reserved for every key
 * *before* the password is checked. Attempts running in parallel therefore see each other's
 * reservations: at most `limit` of them get to check a password. A right password releases
 * its reservation afterwards.
 */
export async function reserveLoginAttempt(
  db: Db,
  rules: readonly ThrottleRule[],
  nowMs: number,
  windowMs: number,
): Promise<{ wait: number } | { wait: 0; reserved: number[] }> {
  // One write op (Db.group): on PostgreSQL a READ COMMITTED transaction, which the key locks
  // below make enough, and quicker than SERIALIZABLE — parallel attempts reserve in the order
  // they arrive, before any of them has checked its password.
  const [outcome] = await db.group([
    async () => {
      // Decided under a lock per key (PostgreSQL: several processes count the same failures).
      for (const { key } of [...rules].sort((a, b) => (a.key < b.key ? -1 : 1))) await db.lock(`login:${key}`);
      let wait = 0;
      for (const { key, limit } of rules) {
        const recent = await recentLoginFailures(db, key, nowMs - windowMs, limit);
        if (recent.length < limit) continue;
        const oldestCounted = recent[limit - 1] ?? nowMs;
        wait = Math.max(wait, 1, Math.ceil((oldestCounted + windowMs - nowMs) / 1000));
      }
      if (wait > 0) return { wait };
      const reserved: number[] = [];
      for (const r of rules) reserved.push(await recordLoginFailure(db, r.key, nowMs));
      return { wait: 0 as const, reserved };
    },
  ]);
  if (outcome?.status !== 'fulfilled') throw outcome ? outcome.reason : new Error('No outcome for the sign-in throttle.');
  return outcome.value as { wait: number } | { wait: 0; reserved: number[] };
}
