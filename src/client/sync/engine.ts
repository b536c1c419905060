// One sync pass (flush the outbox, refresh what was rejected, pull changes, then drop what access
// ended for) under a Web Lock, so the page, other tabs and the service worker never flush at the
// same time.
import { readAuthEpoch, updateSyncState } from '../db/meta.js';
import { dropEndedAccess } from './access-ended.js';
import { flushOutbox } from './flush.js';
import { signedInUser } from './owner.js';
import { AccountChanged, type SyncDeps } from './ports.js';
import { pullChanges, pullDirectory } from './pull.js';
import { refreshStale } from './refresh.js';

export const SYNC_LOCK = 'kizuki-sync';
export const SYNC_TAG = 'kizuki-outbox';

export interface SyncOutcome {
  sent: number;
  rejected: number;
  pulled: number;
  authRequired: boolean;
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return fn();
  return locks.request(SYNC_LOCK, fn) as Promise<T>;
}

/** Throws RetryableSyncError when something should be tried again later. */
export function syncOnce(given: SyncDeps, opts: { directory?: boolean } = {}): Promise<SyncOutcome> {
  return withLock(async () => {
    // A 401 only means "sign in again" if nobody signed in since this pass began: a pass still
    // carrying the old cookie must not undo a sign-in that just happened.
    const epoch = await readAuthEpoch(given.db);
    // Every write of this pass is this account's (sync/owner.ts).
    const deps: SyncDeps = { ...given, owner: await signedInUser(given.db) };
    try {
      const flushed = await flushOutbox(deps);
      let outcome: SyncOutcome = { ...flushed, pulled: 0 };
      // Rejected and discarded writes: their entities take the server's copy back.
      if (!outcome.authRequired) outcome.authRequired = (await refreshStale(deps)).authRequired;
      if (!outcome.authRequired) {
        if (opts.directory) await pullDirectory(deps);
        const pulled = await pullChanges(deps);
        outcome = { ...flushed, pulled: pulled.applied, authRequired: pulled.authRequired };
      }
      // After the pull, never before it: what access ended for leaves the phone (access-ended.ts).
      if (!outcome.authRequired) outcome.authRequired = (await dropEndedAccess(deps, epoch)).authRequired;
      if (!outcome.authRequired) {
        await updateSyncState(deps.db, { lastSuccessAt: deps.now().toISOString(), lastError: '', authRequired: false });
      } else if ((await readAuthEpoch(deps.db)) === epoch) {
        await updateSyncState(deps.db, { authRequired: true });
      }
      return outcome;
    } catch (err) {
      // Signed out (or another account in) meanwhile: nothing of this pass is written, not even
      // its state, on a phone that now belongs to nobody or to someone else.
      if (err instanceof AccountChanged) return { sent: 0, rejected: 0, pulled: 0, authRequired: false };
      await updateSyncState(deps.db, { lastError: String(err) });
      throw err;
    }
  });
}
