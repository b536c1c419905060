// Signing out ends the session on the server, not only on this phone. With no signal the phone
// wipes this account's data at once and remembers to end the server's session at the next
// contact (the next sign-in sends it first, and so does the next sync trigger), so a cookie left
// in the browser is never a way back into the account.
import { wipeLocalData } from '../db/wipe.js';
import type { SyncDeps } from './ports.js';

const PENDING = 'signOutPending';

/** DELETE /api/session; true when the server no longer holds the session (204, or 401: already gone). */
async function endServerSession(deps: SyncDeps): Promise<boolean> {
  try {
    const res = await deps.fetch('/api/session', { method: 'DELETE', credentials: 'same-origin' });
    return res.ok || res.status === 401;
  } catch {
    return false;
  }
}

/** The unsent entries the person saw (and agreed to lose) when they tapped ログアウト. */
export interface UnsentSeen {
  count: number;
  /** The newest entry's seq then (0: none). */
  lastSeq: number;
}

export async function unsentSeen(deps: Pick<SyncDeps, 'db'>): Promise<UnsentSeen> {
  const { db } = deps;
  return db.transaction('r', db.outbox, async () => ({
    count: await db.outbox.count(),
    lastSeq: ((await db.outbox.orderBy('seq').lastKey()) as number | undefined) ?? 0,
  }));
}

/** Whether an entry was queued after the person saw `seen` (another tab, while they read the warning). */
export async function queuedSince(deps: Pick<SyncDeps, 'db'>, seen: UnsentSeen | undefined): Promise<boolean> {
  return !!seen && (await deps.db.outbox.where('seq').above(seen.lastSeq).count()) > 0;
}

/**
 * Ends the session on the server (or remembers to) and wipes this account's data from the phone.
 * With `seen`, an entry queued after it (another tab, while the person read the warning) stops
 * the sign-out: false, nothing changed, and the person is asked again. Checked before the
 * session is ended (a refusal leaves the account signed in, on the phone and on the server) and
 * again in the wipe's transaction, so nothing queued while the server answered is lost unseen
 * (that narrow case is refused with the server's session already ended: the next sign-in
 * sends what is unsent).
 */
export async function signOut(deps: SyncDeps, seen?: UnsentSeen): Promise<boolean> {
  const { db } = deps;
  if (await queuedSince(deps, seen)) return false;
  const ended = await endServerSession(deps);
  return db.transaction('rw', [db.meta, db.organizations, db.clients, db.observations, db.consultations, db.outbox, db.photos], async () => {
    if (await queuedSince(deps, seen)) return false;
    await wipeLocalData(db);
    if (!ended) await db.meta.put({ key: PENDING, value: true });
    return true;
  });
}

export async function signOutPending(deps: Pick<SyncDeps, 'db'>): Promise<boolean> {
  return (await deps.db.meta.get(PENDING))?.value === true;
}

/** At the next contact: end the session a sign-out without signal left on the server. True when none is left. */
export async function endPendingSignOut(deps: SyncDeps): Promise<boolean> {
  if (!(await signOutPending(deps))) return true;
  if (!(await endServerSession(deps))) return false;
  await deps.db.meta.delete(PENDING);
  return true;
}

/** A new sign-in replaced the cookie: the old session can no longer be named, so stop trying. */
export async function forgetPendingSignOut(deps: Pick<SyncDeps, 'db'>): Promise<void> {
  await deps.db.meta.delete(PENDING);
}
