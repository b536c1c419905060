// Pulls GET /api/changes from the stored cursor, a page at a time; each page and its cursor are
// applied in one transaction. Whether a change replaces our copy is reconcile.ts's decision.
import { ChangesPageSchema, OrganizationSchema, type Change } from '../../shared/schemas.js';
import * as z from 'zod/mini';
import { readCursor } from '../db/meta.js';
import { oweAccessCheck } from './access-ended.js';
import { assertSameAccount } from './owner.js';
import { RetryableSyncError, retryAfterMs, type SyncDeps } from './ports.js';
import { applyServerCopy, copyRef, readRows, reconcileTables, type ServerCopy } from './reconcile.js';

const PAGE = 200;

export async function pullChanges(deps: SyncDeps): Promise<{ applied: number; authRequired: boolean }> {
  const { db } = deps;
  let applied = 0;
  for (;;) {
    const cursor = await readCursor(db);
    const qs = new URLSearchParams({ limit: String(PAGE), ...(cursor ? { after: cursor } : {}) });
    const page = await getJson(deps, `/api/changes?${qs.toString()}`);
    if (page === 401) return { applied, authRequired: true };
    const parsed = ChangesPageSchema.safeParse(page);
    if (!parsed.success) throw new RetryableSyncError('changes page not understood');
    await db.transaction('rw', reconcileTables(db), async () => {
      await assertSameAccount(deps);
      // Re-read the cursor: another flush may have applied this page already.
      if ((await readCursor(db)) !== cursor) return;
      const copies = parsed.data.changes.map(toCopy);
      // Every row the page touches read at once, the changes applied in order in memory.
      const rows = await readRows(db, copies.map(copyRef));
      for (const copy of copies) {
        // reconcile.ts decides whether the server's copy replaces ours (queued writes win).
        if (applyServerCopy(rows, copy)) applied++;
      }
      await rows.write(db);
      await db.meta.put({ key: 'cursor', value: parsed.data.cursor });
      // Something committed since the last page (an unlink among it, maybe): access-ended.ts checks.
      if (parsed.data.cursor !== cursor) await oweAccessCheck(db);
    });
    if (!parsed.data.more) return { applied, authRequired: false };
  }
}

function toCopy(ch: Change): ServerCopy {
  if (ch.type === 'client') return { kind: 'client', data: ch.data };
  if (ch.type === 'observation') return { kind: 'observation', data: ch.data };
  return { kind: 'consultation', data: ch.data };
}

export async function pullDirectory(deps: SyncDeps): Promise<void> {
  const orgs = await getJson(deps, '/api/organizations');
  if (orgs === 401) return;
  const parsed = z.array(OrganizationSchema).safeParse(orgs);
  if (!parsed.success) return;
  await deps.db.transaction('rw', deps.db.organizations, deps.db.meta, async () => {
    await assertSameAccount(deps);
    await deps.db.organizations.clear();
    await deps.db.organizations.bulkPut(parsed.data);
  });
}

async function getJson(deps: SyncDeps, path: string): Promise<unknown> {
  let res: Response;
  try {
    res = await deps.fetch(path, { credentials: 'same-origin' });
  } catch (err) {
    throw new RetryableSyncError(`network: ${String(err)}`);
  }
  if (res.status === 401) return 401;
  if (!res.ok) throw new RetryableSyncError(`${path} answered ${res.status}`, res.status, retryAfterMs(res));
  return res.json();
}
