// One sync pass (flush the outbox, then pull changes) under a Web Lock, so the page, other
// tabs and the service worker never flush at the same time.
import { updateSyncState } from '../db/meta.js';
import { flushOutbox } from './flush.js';
import type { SyncDeps } from './ports.js';
import { pullChanges, pullDirectory } from './pull.js';

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
export function syncOnce(deps: SyncDeps, opts: { directory?: boolean } = {}): Promise<SyncOutcome> {
  return withLock(async () => {
    try {
      const flushed = await flushOutbox(deps);
      if (flushed.authRequired) return { ...flushed, pulled: 0 };
      if (opts.directory) await pullDirectory(deps);
      const pulled = await pullChanges(deps);
      const outcome = { ...flushed, pulled: pulled.applied, authRequired: pulled.authRequired };
      if (!outcome.authRequired) {
        await updateSyncState(deps.db, { lastSuccessAt: deps.now().toISOString(), lastError: '', authRequired: false });
      }
      return outcome;
    } catch (err) {
      await updateSyncState(deps.db, { lastError: String(err) });
      throw err;
    }
  });
}
