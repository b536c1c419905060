// Passkeys (WebAuthn credentials) and the one-time challenges of their ceremonies.
import { randomBytes } from 'node:crypto';
import type { Db } from './db.js';
import { sql } from './sql.js';

export interface PasskeyRow {
  id: string;
  user_id: string;
  public_key: Buffer;
  counter: number;
  transports: string | null;
  created_at: string;
  last_used_at: string | null;
}

/** A challenge is good for five minutes, once. */
const CHALLENGE_TTL_MS = 5 * 60 * 1000;

export async function saveChallenge(db: Db, kind: 'register' | 'login', userId: string | null, challenge: string, nowMs: number): Promise<string> {
  const id = randomBytes(18).toString('base64url');
  await sql(db, 'DELETE FROM webauthn_challenges WHERE created_ms < ?').run(nowMs - CHALLENGE_TTL_MS);
  await sql(db, 'INSERT INTO webauthn_challenges (id, kind, user_id, challenge, created_ms) VALUES (?, ?, ?, ?, ?)').run(id, kind, userId, challenge, nowMs);
  return id;
}

/** The challenge, deleted as it is read (a replayed ceremony finds nothing). */
export async function takeChallenge(db: Db, id: string, kind: 'register' | 'login', userId: string | null, nowMs: number): Promise<string | null> {
  const row = await sql(db, 'DELETE FROM webauthn_challenges WHERE id = ? RETURNING kind, user_id, challenge, created_ms').get(id) as
    | { kind: string; user_id: string | null; challenge: string; created_ms: number }
    | undefined;
  if (!row || row.kind !== kind || row.user_id !== userId || nowMs - row.created_ms > CHALLENGE_TTL_MS) return null;
  return row.challenge;
}

export async function passkeysOf(db: Db, userId: string): Promise<PasskeyRow[]> {
  return await sql(db, 'SELECT * FROM passkeys WHERE user_id = ? ORDER BY created_at').all(userId) as PasskeyRow[];
}

export async function getPasskey(db: Db, id: string): Promise<PasskeyRow | undefined> {
  return await sql(db, 'SELECT * FROM passkeys WHERE id = ?').get(id) as PasskeyRow | undefined;
}

export async function insertPasskey(db: Db, p: { id: string; userId: string; publicKey: Uint8Array; counter: number; transports: string[]; now: string }): Promise<void> {
  await sql(db, 'INSERT INTO passkeys (id, user_id, public_key, counter, transports, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    p.id,
    p.userId,
    Buffer.from(p.publicKey),
    p.counter,
    JSON.stringify(p.transports),
    p.now,
  );
}

/**
 * Records a use of the passkey and moves its signature counter — only forward: false when the
 * stored counter is already at or past `counter` (another assertion of the same credential got
 * there first, as two uses racing or a cloned authenticator would). The check is in the UPDATE
 * itself, so two verifications that both read the old counter cannot both be accepted. An
 * authenticator that keeps no counter (synced passkeys: always 0) is not compared.
 */
export async function markPasskeyUsed(db: Db, id: string, counter: number, now: string): Promise<boolean> {
  const r = await sql(db, 'UPDATE passkeys SET counter = ?, last_used_at = ? WHERE id = ? AND (? = 0 OR counter < ?)').run(counter, now, id, counter, counter);
  return r.changes === 1;
}

/** Recovery by an admin: the person's passkeys are removed; returns how many. */
export async function deletePasskeysOf(db: Db, userId: string): Promise<number> {
  return (await sql(db, 'DELETE FROM passkeys WHERE user_id = ?').run(userId)).changes;
}
