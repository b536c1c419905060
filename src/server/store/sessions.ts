// Server-side sessions: the cookie holds a random token, the database only its SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db.js';
import { sql } from './sql.js';

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');
const hashToken = tokenHash;

export function createSession(db: Db, userId: string, now: string): string {
  const token = randomBytes(32).toString('base64url');
  sql(db, 'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)').run(
    hashToken(token),
    userId,
    now,
    now,
  );
  return token;
}

export function findSession(db: Db, token: string): { user_id: string; last_seen_at: string } | undefined {
  return sql(db, 'SELECT user_id, last_seen_at FROM sessions WHERE token_hash = ?').get(hashToken(token)) as
    | { user_id: string; last_seen_at: string }
    | undefined;
}

export function touchSession(db: Db, token: string, now: string): void {
  sql(db, 'UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(now, hashToken(token));
}

export function deleteSession(db: Db, token: string): void {
  sql(db, 'DELETE FROM sessions WHERE token_hash = ?').run(hashToken(token));
}

export function recordLoginFailure(db: Db, key: string, atMs: number): number {
  return Number(sql(db, 'INSERT INTO login_failures (key, at) VALUES (?, ?)').run(key, atMs).lastInsertRowid);
}

/** Takes back failures reserved by `reserveLoginAttempt` (the password was right). */
export function releaseLoginFailures(db: Db, rowids: readonly number[]): void {
  for (const id of rowids) sql(db, 'DELETE FROM login_failures WHERE rowid = ?').run(id);
}

/** Timestamps of the most recent `limit` failures for `key` since `sinceMs`, newest first. */
export function recentLoginFailures(db: Db, key: string, sinceMs: number, limit: number): number[] {
  return (
    sql(db, 'SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?').all(key, sinceMs, limit) as {
      at: number;
    }[]
  ).map((r) => r.at);
}

export function clearLoginFailures(db: Db, key: string): void {
  sql(db, 'DELETE FROM login_failures WHERE key = ?').run(key);
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
export function reserveLoginAttempt(
  db: Db,
  rules: readonly ThrottleRule[],
  nowMs: number,
  windowMs: number,
): { wait: number } | { wait: 0; reserved: number[] } {
  return db.transaction(() => {
    let wait = 0;
    for (const { key, limit } of rules) {
      const recent = recentLoginFailures(db, key, nowMs - windowMs, limit);
      if (recent.length < limit) continue;
      const oldestCounted = recent[limit - 1] ?? nowMs;
      wait = Math.max(wait, 1, Math.ceil((oldestCounted + windowMs - nowMs) / 1000));
    }
    if (wait > 0) return { wait };
    return { wait: 0 as const, reserved: rules.map((r) => recordLoginFailure(db, r.key, nowMs)) };
  }).immediate();
}
