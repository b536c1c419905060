// What the sync engine needs from the world, injected so the page, the service worker and
// the integration tests (against createApp in-process) run the same code.
import type { KizukiDb } from '../db/db.js';

export interface SyncDeps {
  db: KizukiDb;
  /** fetch for same-origin /api paths (the page and the worker pass the global fetch). */
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
  now: () => Date;
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
