// Sends the outbox to the server through POST /api/batch, oldest first, as many at a time as a
// batch takes (MAX_BATCH) and the server's body limit allows: each round trip costs a commit and
// the phone's own transaction, so fewer, fuller batches flush a long queue faster; and the next
// batch travels while the answers of the one before are applied on the phone (only once all of
// them are final). What each answer means for its entry and entity is decided in reconcile.ts
// (verdictOf, confirm, reject).
import * as z from 'zod/mini';
import { ACCOUNT_HEADER, BatchResponseSchema, ClientSchema, ConsultationSchema, MAX_BATCH, ObservationSchema } from '../../shared/schemas.js';
import type { OutboxEntry } from '../db/db.js';
import { answeredHere } from '../db/usual-base.js';
import type { SeqRange } from './local-rows.js';
import { assertSameAccount } from './owner.js';
import { AccountChanged, RetryableSyncError, retryAfterMs, type SyncDeps } from './ports.js';
import { confirm, copyRef, readRows, reconcileTables, reject, staleRefOf, verdictOf, type ServerCopy } from './reconcile.js';

export const FLUSH_BATCH = MAX_BATCH;
/**
 * The server reads at most 1 MiB per request (PRODUCT.md "Hardening"); a batch's body stays
 * below this, leaving room for the envelope. A photo is up to ~400 KB as base64, so two or
 * three photos already fill a batch: without this bound, a few photos taken offline made every
 * batch a 413, retried forever, and nothing behind them ever left the phone.
 */
export const FLUSH_MAX_BYTES = 960 * 1024;
const utf8 = new TextEncoder();

export type FlushResult = { sent: number; rejected: number; authRequired: boolean };

const PhotoStoredSchema = z.object({ contentType: z.string(), bytes: z.number() });

const ProblemSchema = z.object({
  detail: z.optional(z.string()),
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});

type Answered = { id: string; status: number; body: unknown }[];

export async function flushOutbox(deps: SyncDeps): Promise<FlushResult> {
  const { db } = deps;
  const result: FlushResult = { sent: 0, rejected: 0, authRequired: false };
  let maxBytes = FLUSH_MAX_BYTES;
  // Answered batches land on the phone one after the other, in order, while later ones travel.
  // `landings` holds each answered batch's landing (it includes every one before it).
  const landings: Promise<Landed>[] = [];
  const landed = () => landings.at(-1) ?? Promise.resolve(undefined);
  // A batch answered in full waits to land until the next one has left and its successor's read
  // has begun: IndexedDB runs transactions over the same store in the order they begin, so that
  // read then runs before this landing, not after it.
  let answered: { batch: OutboxEntry[]; responses: Answered } | undefined;
  const land = () => {
    if (!answered) return landed();
    const { batch, responses } = answered;
    answered = undefined;
    const landing = landed().then(async () => {
      const outcome = await applyBatch(deps, batch, responses);
      result.sent += outcome.sent;
      result.rejected += outcome.rejected;
      return outcome;
    });
    // Awaited later (or the flush has already failed): never an unhandled rejection.
    landing.catch(() => undefined);
    landings.push(landing);
    return landing;
  };
  // The entries after the batch in flight, read while it travels (see readAfter).
  let upcoming: Promise<Taken> | undefined;
  for (;;) {
    // At most two answered batches still landing while the next one travels.
    await landings.at(-2);
    let taken = upcoming ? await upcoming : undefined;
    upcoming = undefined;
    if (!taken || taken.batch.length === 0 || taken.bytes > FLUSH_MAX_BYTES) {
      // Read afresh: entries queued meanwhile, an entry too large alone, the end of the queue.
      // An answered entry stays pending on the phone until its batch has landed: wait for that.
      await land();
      // The 'state' index lists equal keys in primary-key (seq) order: the oldest pending first,
      // reading only a batch's worth of entries, not the whole queue each round.
      taken = takeBatch(await db.outbox.where('state').equals('pending').limit(FLUSH_BATCH).toArray(), maxBytes);
    }
    const { batch } = taken;
    if (batch.length === 0) return result;
    const [only] = batch;
    if (only && batch.length === 1 && taken.bytes > FLUSH_MAX_BYTES) {
      // Alone over the limit: it can never be sent. Said so, kept for 削除する, and the rest goes on.
      await refuseTooLarge(deps, only);
      result.rejected++;
      continue;
    }
    const answering = send(deps, taken.parts);
    upcoming = readAfter(deps, batch, maxBytes);
    upcoming.catch(() => undefined);
    void land();

    let responses: Answered;
    try {
      responses = await answering;
    } catch (err) {
      upcoming = undefined;
      // What was answered before lands (and is counted) first.
      await landed();
      if (err instanceof AuthRequired) return { ...result, authRequired: true };
      if (err instanceof TooLarge) {
        // The server's limit is lower than we thought: smaller batches; one entry alone is refused.
        if (only && batch.length === 1) {
          await refuseTooLarge(deps, only);
          result.rejected++;
        } else {
          maxBytes = Math.max(1, Math.floor(err.bytes / 2));
        }
        continue;
      }
      throw err;
    }

    // Every entry has its final answer (stored or refused): the server is done with this batch,
    // exactly as when the next one is sent after it has landed here. So the next batch (read
    // while this one travelled) goes now, and this one lands behind it; an entry to retry or a
    // 401 stops the flush before anything more is sent, as before.
    const byId = new Map(responses.map((r) => [r.id, r]));
    const final = batch.every((e) => ['confirmed', 'rejected'].includes(verdictOf(byId.get(String(e.seq))?.status)));
    answered = { batch, responses };
    if (final) continue;
    upcoming = undefined;
    const outcome = await land();
    if (outcome?.authRequired) return { ...result, authRequired: true };
    if (outcome?.retry !== undefined) throw new RetryableSyncError('the server could not take every entry', outcome.retry || undefined);
  }
}

type Taken = { batch: OutboxEntry[]; parts: string[]; bytes: number };
type Landed = Awaited<ReturnType<typeof applyBatch>> | undefined;

/**
 * The pending entries after `batch`, read while it travels, so the next batch can leave the
 * moment this one is answered (read after the answer, the read waited for the batch before it
 * to land: IndexedDB runs it after that write transaction, which started first). Pending entries
 * change only by being sent, so the read is what a read after the answer would give, but for
 * entries queued meanwhile: the round after the last one reads those afresh. One read of up to
 * a batch of entries after it (a filter would walk them with a cursor, one request each); a
 * rejected one among them only makes the batch smaller. The batch travels with the account that
 * read it (send: Kizuki-Account), so a sign-in of someone else meanwhile cannot carry it.
 */
async function readAfter(deps: SyncDeps, batch: OutboxEntry[], maxBytes: number): Promise<Taken> {
  const last = batch.at(-1)?.seq ?? 0;
  const after = await deps.db.outbox.where('seq').above(last).limit(FLUSH_BATCH).toArray();
  return takeBatch(after.filter((e) => e.state === 'pending'), maxBytes);
}

class AuthRequired extends Error {}

/** The server answered 413 to a batch of this many bytes. */
class TooLarge extends Error {
  constructor(readonly bytes: number) {
    super(`batch of ${bytes} bytes answered 413`);
  }
}

function byteLength(text: string): number {
  return utf8.encode(text).length;
}

/** The oldest entries that fit under `maxBytes` (always at least one), each as its JSON request. */
function takeBatch(entries: OutboxEntry[], maxBytes: number): { batch: OutboxEntry[]; parts: string[]; bytes: number } {
  const batch: OutboxEntry[] = [];
  const parts: string[] = [];
  let bytes = '{"requests":[]}'.length;
  for (const e of entries) {
    const part = JSON.stringify({ id: String(e.seq), method: e.method, url: e.url, body: e.body });
    const size = byteLength(part) + 1;
    if (batch.length > 0 && bytes + size > maxBytes) break;
    batch.push(e);
    parts.push(part);
    bytes += size;
  }
  return { batch, parts, bytes };
}

async function refuseTooLarge(deps: SyncDeps, entry: OutboxEntry): Promise<void> {
  const { db } = deps;
  await db.transaction('rw', reconcileTables(db), async () => {
    await assertSameAccount(deps);
    const rows = await readRows(db, [staleRefOf(entry)]);
    reject(rows, entry, { status: 413, detail: '大きすぎて送れません（写真は1枚300KBまでです）。' });
    await rows.write(db);
  });
}

/** POST /api/batch with these requests (JSON each); their answers, or why there are none. */
async function send(deps: SyncDeps, parts: string[]): Promise<Answered> {
  const body = `{"requests":[${parts.join(',')}]}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  // Whose entries these are: the server refuses the batch (409) if the cookie signs in someone else.
  if (deps.owner) headers[ACCOUNT_HEADER] = deps.owner;
  let res: Response;
  try {
    res = await deps.fetch('/api/batch', {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body,
    });
  } catch (err) {
    throw new RetryableSyncError(`network: ${String(err)}`);
  }
  if (res.status === 401) throw new AuthRequired();
  // Only the account check answers a whole batch 409: the phone's account is not the cookie's.
  if (res.status === 409 && deps.owner) throw new AccountChanged();
  if (res.status === 413) throw new TooLarge(byteLength(body));
  if (!res.ok) throw new RetryableSyncError(`batch answered ${res.status}`, res.status, retryAfterMs(res));
  const parsed = BatchResponseSchema.safeParse(await res.json());
  if (!parsed.success) throw new RetryableSyncError('batch answer not understood');
  return parsed.data.responses;
}

async function applyBatch(
  deps: SyncDeps,
  batch: OutboxEntry[],
  responses: Answered,
): Promise<{ sent: number; rejected: number; authRequired: boolean; retry?: number }> {
  const { db } = deps;
  const byId = new Map(responses.map((r) => [r.id, r]));
  const out = { sent: 0, rejected: 0, authRequired: false, retry: undefined as number | undefined };
  // Parsed before the transaction: it holds no IndexedDB request open while zod works.
  const copies = new Map(
    batch.flatMap((e) => {
      const r = byId.get(String(e.seq));
      return r && verdictOf(r.status) === 'confirmed' ? [[e.seq, serverCopy(e, r.body)] as const] : [];
    }),
  );
  const refs = [...batch.map(staleRefOf), ...[...copies.values()].flatMap((c) => (c ? [copyRef(c)] : []))];
  await db.transaction('rw', reconcileTables(db), async () => {
    await assertSameAccount(deps);
    // One read of every row the batch's answers touch, the rules applied entry by entry in
    // order in memory, one write of what changed: a few requests per batch, not ~4 per entry.
    const rows = await readRows(db, refs, seqRangeOf(batch));
    for (const entry of batch) {
      const r = byId.get(String(entry.seq));
      // An entry without an answer stays queued, and so does everything after it (order is
      // kept; the server may have committed it, and a replay answers 200 with the same copy).
      const verdict = verdictOf(r?.status);
      if (!r || verdict === 'retry') {
        out.retry = r?.status ?? 0;
        break;
      }
      if (verdict === 'auth') {
        out.authRequired = true;
        break;
      }
      if (verdict === 'confirmed') {
        confirm(rows, entry, copies.get(entry.seq) ?? null);
        out.sent++;
      } else {
        const p = ProblemSchema.safeParse(r.body);
        reject(rows, entry, {
          status: r.status,
          detail: (p.success ? p.data.detail : undefined) ?? `status ${r.status}`,
          ...(p.success && p.data.errors ? { errors: p.data.errors } : {}),
        });
        out.rejected++;
      }
    }
    await rows.write(db);
  });
  return out;
}

/**
 * The seqs a batch spans, when reading them as one range costs little: its entries are
 * consecutive unless rejected ones lie between them (those are read too, and ignored).
 */
function seqRangeOf(batch: OutboxEntry[]): SeqRange | undefined {
  const from = batch[0]?.seq;
  const to = batch.at(-1)?.seq;
  return from !== undefined && to !== undefined && to - from < 2 * batch.length ? { from, to } : undefined;
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
    return c.success ? { kind: 'client', data: answeredHere(c.data) } : null;
  }
  const k = ConsultationSchema.safeParse(body);
  return k.success ? { kind: 'consultation', data: k.data } : null;
}
