// When the page syncs: on start, when the network returns, when the app becomes visible
// (iPhone Safari has no Background Sync), when the server's live stream says there is
// something new (live-events.ts) — or, while that stream is down, every few seconds while
// visible — and after each local write, through the service worker's Background Sync where
// the browser has it.
import { openDb } from '../db/lazy.js';
import { owesSecondFactor, readSession } from '../db/meta.js';
import { afterNextPaint } from '../hooks/use-after-first-paint.js';
import type { SyncOutcome } from '../sync/engine.js';
import type { SyncDeps } from '../sync/ports.js';
import { startLiveEvents, type LiveEvents } from './live-events.js';

const POLL_MS = 5000;
/** The same tag as SYNC_TAG in sync/engine.ts (not imported: the engine loads later). */
const SYNC_TAG_NAME = 'kizuki-outbox';
const MAX_BACKOFF_MS = 60_000;

interface SyncRegistration extends ServiceWorkerRegistration {
  sync?: { register(tag: string): Promise<void> };
}

/** What a pass needs; the database once Dexie has loaded (it stays out of the first download). */
const deps = (): Promise<SyncDeps> => openDb().then((db) => ({ db, fetch: (path, init) => fetch(path, init), now: () => new Date() }));
let backoffMs = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let directoryLoaded = false;
let running: Promise<SyncOutcome | null> | null = null;
/** Something new was announced while a pass ran: that pass may have pulled before it. */
let again = false;
let live: LiveEvents | null = null;

export function syncNow(): Promise<SyncOutcome | null> {
  if (!navigator.onLine) return Promise.resolve(null);
  // Coalesce: callers that arrive while a pass runs share it. Signed out: only a sign-out made
  // without signal may still have to reach the server (sync/sign-out.ts).
  running ??= deps()
    .then(async (d) => {
      const session = await readSession(d.db);
      // A session that owes its second factor may only register or confirm a passkey.
      if (owesSecondFactor(session)) return null;
      // The engine (and zod with it) loads after the first screen has painted.
      if (session) return (await import('../sync/engine.js')).syncOnce(d, { directory: !directoryLoaded });
      return (await import('../sync/sign-out.js')).endPendingSignOut(d).then(() => null);
    })
    .then((outcome) => {
      if (outcome) {
        directoryLoaded = true;
        // Signed in and reachable: make sure the live stream is open (after sign-in, say).
        live?.connect();
      }
      backoffMs = 0;
      return outcome;
    })
    .catch((err: unknown) => {
      // 403 to a whole pass: the organization's second-factor day may have come. The refreshed
      // session says so, and the app leads to the passkey step.
      if ((err as { status?: number } | null)?.status === 403) void Promise.all([import('../sync/session-refresh.js'), deps()]).then(([m, d]) => m.refreshSession(d));
      backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs ? backoffMs * 2 : 2000);
      // The server's Retry-After (429/503) is a floor, not a suggestion.
      const floor = (err as { retryAfterMs?: number } | null)?.retryAfterMs ?? 0;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => void syncNow(), Math.max(floor, backoffMs * (0.75 + Math.random() * 0.5)));
      return null;
    })
    .finally(() => {
      running = null;
      if (again) {
        again = false;
        void syncNow();
      }
    });
  return running;
}

/**
 * Something new to send or to pull: a pass now, or one more right after the pass that is
 * running — which may have read the outbox before the change (もう一度送る during a pull would
 * otherwise wait for the next trigger; with the live stream up, no poll comes).
 */
export function syncAfterChange(): void {
  if (running) again = true;
  else void syncNow();
}

/**
 * After a local write: hand it to Background Sync if the browser has it, else send now — once
 * the screen showing the write has painted (a sync's reads and re-renders would otherwise share
 * the frame that paints the new card; issue 14). A hidden page has no frames: at once.
 */
export function requestSync(): void {
  if (document.visibilityState !== 'visible') return startSync();
  // Whichever comes first: after the next frame, or 100 ms (a page hidden right after the save,
  // screen locked, has no next frame; Background Sync must still be asked for).
  afterNextPaint(startSync, 100);
}

function startSync(): void {
  const sw = navigator.serviceWorker;
  if (sw?.controller && 'SyncManager' in window) {
    void sw.ready
      .then((reg: SyncRegistration) => {
        if (!reg.sync) throw new Error('no sync');
        return reg.sync.register(SYNC_TAG_NAME);
      })
      .catch(() => syncAfterChange());
    return;
  }
  // Not syncNow(): a pass already running may have read the outbox before this write, and with
  // the live stream up nothing else would come to send it (no Background Sync: iPhone Safari).
  syncAfterChange();
}

export function startSyncTriggers(): void {
  live = startLiveEvents(syncAfterChange);
  void syncNow();
  window.addEventListener('online', () => void syncNow());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void syncNow();
  });
  setInterval(() => {
    // The fallback: with the live stream up, the server says when to pull (no request loop).
    // After a failure the backoff timer decides when to try again; polling through it would
    // retry a failing server every 5 s however long it stays down (ADR 0002: 2 s → 60 s).
    if (document.visibilityState === 'visible' && backoffMs === 0 && !live?.isLive()) void syncNow();
  }, POLL_MS);
}
