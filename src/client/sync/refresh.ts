// Refreshes stale entities (rejected or discarded writes) from the server, one GET each: the
// decisions are reconcile.ts's; this is only the fetching and parsing.
import { ClientSchema, ConsultationSchema, ObservationSchema } from '../../shared/schemas.js';
import { readStale, refUrl, settleStale, type ServerCopy, type StaleRef } from './reconcile.js';
import { RetryableSyncError, retryAfterMs, type SyncDeps } from './ports.js';

export async function refreshStale(deps: SyncDeps): Promise<{ refreshed: number; authRequired: boolean }> {
  let refreshed = 0;
  for (const ref of await readStale(deps.db)) {
    let res: Response;
    try {
      res = await deps.fetch(refUrl(ref), { credentials: 'same-origin' });
    } catch (err) {
      throw new RetryableSyncError(`network: ${String(err)}`);
    }
    if (res.status === 401) return { refreshed, authRequired: true };
    // Only a 404 says the entity is gone for us. A GET answers 403 only when the session itself is
    // held back (a second factor or a temporary password owed: server/second-factor.ts,
    // temporary-password.ts): the copy on the phone stays, the pass is tried again once it is paid.
    if (res.status === 404) {
      await settleStale(deps, ref, 'gone');
    } else if (res.ok) {
      const copy = parseCopy(ref, await res.json());
      if (!copy) throw new RetryableSyncError(`${refUrl(ref)}: answer not understood`);
      await settleStale(deps, ref, copy);
    } else {
      throw new RetryableSyncError(`${refUrl(ref)} answered ${res.status}`, res.status, retryAfterMs(res));
    }
    refreshed++;
  }
  return { refreshed, authRequired: false };
}

function parseCopy(ref: StaleRef, body: unknown): ServerCopy | null {
  if (ref.kind === 'client') {
    const c = ClientSchema.safeParse(body);
    return c.success ? { kind: 'client', data: c.data } : null;
  }
  if (ref.kind === 'consultation') {
    const k = ConsultationSchema.safeParse(body);
    return k.success ? { kind: 'consultation', data: k.data } : null;
  }
  const o = ObservationSchema.safeParse(body);
  return o.success ? { kind: 'observation', data: o.data } : null;
}
