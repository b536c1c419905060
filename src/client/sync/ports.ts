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
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'RetryableSyncError';
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
