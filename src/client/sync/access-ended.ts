// Access that ends on the server ends on the phone (docs/decisions/0019-access-ends-on-the-phone.md).
// The changes feed never says "gone": when a station stops serving a client, its nurses' phones
// hear nothing of it. So after a pull that moved the cursor — an unlink touches the client and all
// its records (server store/changes.ts, touchClientAndRecords), which moves every caller's cursor —
// one GET /api/clients says which clients this organization still owns or serves, and whatever
// this phone holds of any other client goes, as a 404 would take it (reconcile.ts, removeLocalCopy):
// the client, its observations and consultations, their photos, stale marks and drafts. Except:
//  - what the server still shows without the client: a consultation sent to this organization
//    and the observations it cites (PRODUCT.md "Access");
//  - a client with a write still queued on this phone: it stays until that write has been sent
//    (a 404 then takes the existing path: rejected, its reason on 送信状況, もう一度送る / 削除する),
//    and the check stays owed until then.
// Nothing is dropped on an answer that is not a complete list of clients (no answer, an error,
// 401, a redirect, a body that does not parse), on one that may have carried another account's
// cookie (a sign-in began since the pass did: the auth epoch moved), or on one older than a pull
// (the cursor moved since it was asked: a client that became visible meanwhile may be in that
// pull, and dropped behind the cursor it would never come back).
import * as z from 'zod/mini';
import { ClientSchema } from '../../shared/schemas.js';
import type { KizukiDb, OutboxEntry } from '../db/db.js';
import { DRAFT_PREFIX, draftClientId } from '../db/drafts.js';
import { readAuthEpoch, readCursor, readSession } from '../db/meta.js';
import type { RowRef } from './local-rows.js';
import { assertSameAccount } from './owner.js';
import { RetryableSyncError, retryAfterMs, type SyncDeps } from './ports.js';
import { forgetEntities, readRows, reconcileTables, type StaleRef } from './reconcile.js';

const CHECK_KEY = 'accessCheck';
const VisibleClientsSchema = z.array(ClientSchema);

/** Called in a pull's transaction when the cursor moved: access may have changed with it. */
export async function oweAccessCheck(db: KizukiDb): Promise<void> {
  await db.meta.put({ key: CHECK_KEY, value: 'owed' });
}

export interface AccessOutcome {
  /** The clients whose records left the phone. */
  dropped: string[];
  authRequired: boolean;
}

/**
 * One pass's check, after its pull. `epoch`: the auth epoch when the pass began. Asks the server
 * only when a check is owed and the phone holds something of a client.
 */
export async function dropEndedAccess(deps: SyncDeps, epoch: number): Promise<AccessOutcome> {
  const { db } = deps;
  const none: AccessOutcome = { dropped: [], authRequired: false };
  // A phone that never recorded a check owes one (e.g. installed before this rule existed).
  const [check, cursor] = await Promise.all([db.meta.get(CHECK_KEY), readCursor(db)]);
  if (check?.value === 'done') return none;
  if ((await localClientIds(db)).size === 0) return none;

  const visible = await visibleClients(deps);
  if (visible === 401) return { ...none, authRequired: true };

  return db.transaction('rw', reconcileTables(db), async () => {
    await assertSameAccount(deps);
    // Asked with another account's cookie, or before a pull that may hold a client just made
    // visible: decide nothing now, the check stays owed.
    if ((await readAuthEpoch(db)) !== epoch || (await readCursor(db)) !== cursor) return none;
    const orgId = (await readSession(db))?.user.orgId;
    if (!orgId) return none;
    const ended = [...(await localClientIds(db))].filter((id) => !visible.has(id));
    if (ended.length === 0) {
      await db.meta.put({ key: CHECK_KEY, value: 'done' });
      return none;
    }
    const [pending, drafts] = await Promise.all([
      db.outbox.where('state').equals('pending').toArray(),
      db.meta.where('key').startsWith(DRAFT_PREFIX).primaryKeys(),
    ]);
    const dropped: string[] = [];
    let held = false;
    const refs: StaleRef[] = [];
    for (const clientId of ended) {
      const plan = await planDrop(db, clientId, orgId, drafts);
      // Something of it still to be sent: it stays until the flush has had the server's answer.
      if (pending.some((e) => namesClient(e, clientId, plan.all))) {
        held = true;
        continue;
      }
      refs.push(...plan.refs);
      await db.meta.bulkDelete(plan.drafts);
      if (plan.refs.length > 0 || plan.drafts.length > 0) dropped.push(clientId);
    }
    if (refs.length > 0) {
      // An observation is read as a photo ref: its photo row goes with it.
      const rows = await readRows(db, refs.map((r): RowRef => (r.kind === 'observation' ? { kind: 'photo', id: r.id } : r)));
      forgetEntities(rows, refs);
      await rows.write(db);
    }
    if (!held) await db.meta.put({ key: CHECK_KEY, value: 'done' });
    return { dropped, authRequired: false };
  });
}

/** GET /api/clients as a set of ids, only from a complete, successful answer; 401 when signed out. */
async function visibleClients(deps: SyncDeps): Promise<Set<string> | 401> {
  let res: Response;
  try {
    res = await deps.fetch('/api/clients', { credentials: 'same-origin' });
  } catch (err) {
    throw new RetryableSyncError(`network: ${String(err)}`);
  }
  if (res.status === 401) return 401;
  // A captive portal or a proxy's page is not the server saying "none of these".
  if (res.status !== 200 || res.redirected) {
    throw new RetryableSyncError(`/api/clients answered ${res.status}`, res.status, retryAfterMs(res));
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch (err) {
    throw new RetryableSyncError(`/api/clients: answer cut or not JSON: ${String(err)}`);
  }
  const parsed = VisibleClientsSchema.safeParse(body);
  if (!parsed.success) throw new RetryableSyncError('/api/clients: answer not understood');
  return new Set(parsed.data.map((c) => c.id));
}

/** Every client this phone holds something of: a client row, records, a draft. */
async function localClientIds(db: KizukiDb): Promise<Set<string>> {
  const [clients, observed, consulted, drafts] = await Promise.all([
    db.clients.toCollection().primaryKeys(),
    db.observations.orderBy('clientId').uniqueKeys(),
    db.consultations.orderBy('clientId').uniqueKeys(),
    db.meta.where('key').startsWith(DRAFT_PREFIX).primaryKeys(),
  ]);
  const ids = new Set<string>([...clients, ...observed, ...consulted].map(String));
  for (const key of drafts) {
    const id = draftClientId(key);
    if (id) ids.add(id);
  }
  return ids;
}

/**
 * What goes of a client this organization no longer owns or serves, and every id of it the
 * phone holds (for the queued-write check). What the server still shows stays: consultations
 * sent to this organization and the observations they cite.
 */
async function planDrop(db: KizukiDb, clientId: string, orgId: string, drafts: readonly string[]) {
  const [consultations, observationIds, client] = await Promise.all([
    db.consultations.where('clientId').equals(clientId).toArray(),
    db.observations.where('clientId').equals(clientId).primaryKeys(),
    db.clients.get(clientId),
  ]);
  const kept = consultations.filter((k) => k.toOrgId === orgId);
  const cited = new Set(kept.flatMap((k) => k.observationIds));
  const refs: StaleRef[] = [
    ...(client ? [{ kind: 'client' as const, id: clientId }] : []),
    ...consultations.filter((k) => k.toOrgId !== orgId).map((k) => ({ kind: 'consultation' as const, id: k.id })),
    ...observationIds.filter((id) => !cited.has(id)).map((id) => ({ kind: 'observation' as const, id })),
  ];
  const all = new Set<string>([clientId, ...consultations.map((k) => k.id), ...observationIds]);
  return { refs, all, drafts: drafts.filter((key) => draftClientId(key) === clientId) };
}

/** An outbox entry about this client: its usual values, one of its records, or a body naming it. */
function namesClient(entry: OutboxEntry, clientId: string, ids: ReadonlySet<string>): boolean {
  if (ids.has(entry.entityId)) return true;
  const body = entry.body;
  return typeof body === 'object' && body !== null && (body as { clientId?: unknown }).clientId === clientId;
}
