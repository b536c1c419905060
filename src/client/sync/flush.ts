// Sends the outbox to the server through POST /api/batch, oldest first, as many at a time as a
// batch takes (MAX_BATCH): each round trip costs a commit and the phone's own transaction, so
// fewer, fuller batches flush a long queue faster. What each answer means for its entry and
// entity is decided in reconcile.ts (verdictOf, confirm, reject).
import * as z from 'zod/mini';
import { BatchResponseSchema, ClientSchema, ConsultationSchema, MAX_BATCH, ObservationSchema } from '../../shared/schemas.js';
import type { OutboxEntry } from '../db/db.js';
import { RetryableSyncError, retryAfterMs, type SyncDeps } from './ports.js';
import { confirm, reconcileTables, reject, verdictOf, type ServerCopy } from './reconcile.js';

export const FLUSH_BATCH = MAX_BATCH;

export type FlushResult = { sent: number; rejected: number; authRequired: boolean };

const PhotoStoredSchema = z.object({ contentType: z.string(), bytes: z.number() });

const ProblemSchema = z.object({
  detail: z.optional(z.string()),
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});

export async function flushOutbox(deps: SyncDeps): Promise<FlushResult> {
  const { db } = deps;
  const result: FlushResult = { sent: 0, rejected: 0, authRequired: false };
  for (;;) {
    // The 'state' index lists equal keys in primary-key (seq) order: the oldest pending first,
    // reading only the batch's entries, not the whole queue each round.
    const batch = await db.outbox.where('state').equals('pending').limit(FLUSH_BATCH).toArray();
    if (batch.length === 0) return result;

    let res: Response;
    try {
      res = await deps.fetch('/api/batch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({
          requests: batch.map((e) => ({ id: String(e.seq), method: e.method, url: e.url, body: e.body })),
        }),
      });
    } catch (err) {
      throw new RetryableSyncError(`network: ${String(err)}`);
    }
    if (res.status === 401) return { ...result, authRequired: true };
    if (!res.ok) throw new RetryableSyncError(`batch answered ${res.status}`, res.status, retryAfterMs(res));
    const parsed = BatchResponseSchema.safeParse(await res.json());
    if (!parsed.success) throw new RetryableSyncError('batch answer not understood');

    const outcome = await applyBatch(deps, batch, parsed.data.responses);
    result.sent += outcome.sent;
    result.rejected += outcome.rejected;
    if (outcome.authRequired) return { ...result, authRequired: true };
    if (outcome.retry !== undefined) throw new RetryableSyncError('the server could not take every entry', outcome.retry || undefined);
  }
}

async function applyBatch(
  deps: SyncDeps,
  batch: OutboxEntry[],
  responses: { id: string; status: number; body: unknown }[],
): Promise<{ sent: number; rejected: number; authRequired: boolean; retry?: number }> {
  const { db } = deps;
  const byId = new Map(responses.map((r) => [r.id, r]));
  const out = { sent: 0, rejected: 0, authRequired: false, retry: undefined as number | undefined };
  await db.transaction('rw', reconcileTables(db), async () => {
    for (const entry of batch) {
      const r = byId.get(String(entry.seq));
      // An entry without an answer stays queued, and so does everything after it (order is
      // kept; the server may have committed it, and a replay answers 200 with the same copy).
      const verdict = verdictOf(r?.status);
      if (!r || verdict === 'retry') {
        out.retry = r?.status ?? 0;
        return;
      }
      if (verdict === 'auth') {
        out.authRequired = true;
        return;
      }
      if (verdict === 'confirmed') {
        await confirm(db, entry, serverCopy(entry, r.body));
        out.sent++;
      } else {
        const p = ProblemSchema.safeParse(r.body);
        await reject(db, entry, {
          status: r.status,
          detail: (p.success ? p.data.detail : undefined) ?? `status ${r.status}`,
          ...(p.success && p.data.errors ? { errors: p.data.errors } : {}),
        });
        out.rejected++;
      }
    }
  });
  return out;
}

/** The server's answer to a write, parsed into the copy reconcile.ts lands on the phone. */
function serverCopy(entry: OutboxEntry, body: unknown): ServerCopy | null {
  if (entry.entityType === 'observation') {
    const o = ObservationSchema.safeParse(body);
    return o.success ? { kind: 'observation', data: o.data } : null;
  }
  if (entry.entityType === 'photo') {
    // The server says what it stored (after stripping metadata): the observation now has it.
    const p = PhotoStoredSchema.safeParse(body);
    return p.success ? { kind: 'photo', observationId: entry.entityId, stored: p.data } : null;
  }
  if (entry.entityType === 'usual') {
    const c = ClientSchema.safeParse(body);
    return c.success ? { kind: 'client', data: c.data } : null;
  }
  const k = ConsultationSchema.safeParse(body);
  return k.success ? { kind: 'consultation', data: k.data } : null;
}
