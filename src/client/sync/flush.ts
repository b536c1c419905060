// Sends the outbox to the server through POST /api/batch, oldest first, 50 at a time.
// 2xx → done (the server's copy replaces ours); 400/403/404/409 → kept as rejected, with the
// server's reason; 401 → stop, ask for sign-in, drop nothing; network/408/429/5xx → retry later.
import * as z from 'zod/mini';
import { BatchResponseSchema, ClientSchema, ConsultationSchema, ObservationSchema } from '../../shared/schemas.js';
import type { OutboxEntry } from '../db/db.js';
import { RetryableSyncError, isRetryableStatus, retryAfterMs, type SyncDeps } from './ports.js';

export const FLUSH_BATCH = 50;

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
    const entries = await db.outbox.where('state').equals('pending').sortBy('seq');
    const batch = entries.slice(0, FLUSH_BATCH);
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
    if (outcome.retry) throw new RetryableSyncError('the server could not take every entry', outcome.retry);
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
  await db.transaction('rw', [db.outbox, db.observations, db.consultations, db.clients, db.photos], async () => {
    for (const entry of batch) {
      const r = byId.get(String(entry.seq));
      // Stop at the first entry that did not get a final answer: order is kept for the rest.
      if (!r) {
        out.retry = 0;
        return;
      }
      if (r.status >= 200 && r.status < 300) {
        await db.outbox.delete(entry.seq ?? -1);
        await storeServerCopy(deps, entry, r.body);
        out.sent++;
      } else if (r.status === 401) {
        out.authRequired = true;
        return;
      } else if (isRetryableStatus(r.status)) {
        out.retry = r.status;
        return;
      } else {
        const p = ProblemSchema.safeParse(r.body);
        await db.outbox.update(entry.seq ?? -1, {
          state: 'rejected',
          attempts: entry.attempts + 1,
          error: {
            status: r.status,
            detail: (p.success ? p.data.detail : undefined) ?? `status ${r.status}`,
            ...(p.success && p.data.errors ? { errors: p.data.errors } : {}),
          },
        });
        out.rejected++;
      }
    }
  });
  return out;
}

/** The server's answer is the truth for that entity, unless more of our writes are queued. */
async function storeServerCopy(deps: SyncDeps, entry: OutboxEntry, body: unknown): Promise<void> {
  const { db } = deps;
  const stillQueued = (await db.outbox.where('entityId').equals(entry.entityId).count()) > 0;
  if (entry.entityType === 'observation') {
    const o = ObservationSchema.safeParse(body);
    if (o.success) await db.observations.put({ ...o.data, synced: true });
    return;
  }
  if (entry.entityType === 'photo') {
    await db.photos.update(entry.entityId, { synced: true });
    // The server says what it stored (after stripping metadata): the observation now has it.
    const p = PhotoStoredSchema.safeParse(body);
    if (p.success) await db.observations.update(entry.entityId, { photo: { contentType: p.data.contentType, bytes: p.data.bytes } });
    return;
  }
  if (entry.entityType === 'usual') {
    const c = ClientSchema.safeParse(body);
    if (c.success && !stillQueued) await db.clients.put(c.data);
    return;
  }
  const k = ConsultationSchema.safeParse(body);
  if (!k.success) return;
  if (stillQueued) {
    // Keep our pending messages on top of the server's copy.
    const local = await db.consultations.get(entry.entityId);
    const serverIds = new Set(k.data.messages.map((m) => m.id));
    const pending = (local?.messages ?? []).filter((m) => m.pending && !serverIds.has(m.id));
    await db.consultations.put({
      ...k.data,
      messages: [...k.data.messages, ...pending],
      updatedAt: k.data.updatedAt ?? k.data.createdAt,
      synced: true,
    });
    return;
  }
  await db.consultations.put({ ...k.data, updatedAt: k.data.updatedAt ?? k.data.createdAt, synced: true });
}
