// What the sync engine needs from the world, injected so the page, the service worker and
// the integration tests (against createApp in-process) run the same code.
import type { KizukiDb } from '../db/db.js';

export interface SyncDeps {
  db: KizukiDb;
  /** fetch for same-origin /api paths (the page and the worker pass the global fetch). */
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
  now: () => Date;
  /**
   * Who was signed in on this phone when the sync pass began (set by syncOnce; null: nobody).
   * Every local write of the pass checks it in its own transaction: an answer that arrives after
   * a sign-out, or after another account signed in, writes nothing (AccountChanged).
   */
  owner?: string | null;
}

/** The phone's account changed while a pass was waiting for the server: it stops, writing nothing. */
export class AccountChanged extends Error {
  constructor() {
    super('signed out (or signed in as another account) during the sync pass');
    this.name = 'AccountChanged';
  }
}

/** Network down, server overloaded, timeout: try again later, drop nothing. */
export class RetryableSyncError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    /** The server's Retry-After (429, 503), in ms: wait at least this long. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RetryableSyncError';
  }
}

export function retryAfterMs(res: Response): number | undefined {
  const v = res.headers.get('retry-after');
  if (!v) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
