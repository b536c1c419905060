// Every decision about a local entity's copy versus the server's, in one place
// (docs/decisions/0007-local-entity-lifecycle.md). Each local entity — observation,
// consultation, message, usual values, photo — lives through one small state machine:
//
//   local only ──save──▶ queued ──flush──▶ sent ──2xx──▶ confirmed (the server's copy replaces ours)
//                          ▲                 │ no answer, 408/429/5xx, network: stays queued
//                          │                 └─400/403/404/409──▶ rejected(reason)
//                          └──── resend ─────────────────────────────┤
//                                                   discard ─────────▶ discarded
//
// A rejection or a discard marks the entity *stale*: the next pass refreshes it from the server
// (GET; gone or invisible → the local copy goes), so the phone never shows a state the server
// does not hold. The outbox entry keeps what the user entered until they resend or discard it.
// The stale marks live in the database, so a killed worker or a lost signal forgets none.
//
// No zod here: the settings page imports this module (zod stays out of the first download,
// docs/decisions/0005-first-download-budget.md). Callers hand in parsed server copies.
import type { Client, Consultation, Observation, UsualValuesInput } from '../../shared/schemas.js';
import type { KizukiDb, LocalConsultation, LocalMessage, OutboxEntry } from '../db/db.js';
import { readSession } from '../db/meta.js';
import { usualEdit } from '../db/usual-base.js';
import { LocalRows, parseStale, type RowRef, type SeqRange } from './local-rows.js';
import { assertSameAccount } from './owner.js';
import type { SyncDeps } from './ports.js';

/** What the server's answer to one outbox entry means for it. */
export type Verdict = 'confirmed' | 'rejected' | 'auth' | 'retry';

/**
 * 2xx → confirmed; 401 → stop and ask for sign-in; no answer, 408, 429, 5xx → try again later;
 * any other 4xx (400, 403, 404, 409 …) → rejected: sending the same thing again cannot help,
 * and the entries behind it go on.
 */
export function verdictOf(status: number | undefined): Verdict {
  if (status === undefined) return 'retry';
  if (status >= 200 && status < 300) return 'confirmed';
  if (status === 401) return 'auth';
  if (status === 408 || status === 429 || status >= 500 || status < 200) return 'retry';
  return 'rejected';
}

/** The server resource an entry's entity is refreshed from. */
export type StaleKind = 'observation' | 'consultation' | 'client' | 'photo';

export interface StaleRef {
  kind: StaleKind;
  id: string;
}

export function staleRefOf(entry: Pick<OutboxEntry, 'entityType' | 'entityId'>): StaleRef {
  switch (entry.entityType) {
    case 'observation':
      return { kind: 'observation', id: entry.entityId };
    case 'photo':
      return { kind: 'photo', id: entry.entityId };
    case 'usual':
      return { kind: 'client', id: entry.entityId };
    case 'consultation':
    case 'message':
      return { kind: 'consultation', id: entry.entityId };
  }
}

export function refUrl(ref: StaleRef): string {
  if (ref.kind === 'client') return `/api/clients/${ref.id}`;
  if (ref.kind === 'consultation') return `/api/consultations/${ref.id}`;
  return `/api/observations/${ref.id}`;
}

const STALE_KEY = 'stale';

export async function readStale(db: KizukiDb): Promise<StaleRef[]> {
  return parseStale((await db.meta.get(STALE_KEY))?.value).map((s) => {
    const [kind, id] = s.split(':') as [StaleKind, string];
    return { kind, id };
  });
}

function markStale(rows: LocalRows, ref: StaleRef): void {
  const key = `${ref.kind}:${ref.id}`;
  if (!rows.stale.includes(key)) rows.stale = [...rows.stale, key];
}

function clearStale(rows: LocalRows, ref: StaleRef): void {
  const key = `${ref.kind}:${ref.id}`;
  if (rows.stale.includes(key)) rows.stale = rows.stale.filter((k) => k !== key);
}

/** The tables a reconciliation step writes; callers open their transaction over these. */
export function reconcileTables(db: KizukiDb) {
  return [db.outbox, db.observations, db.consultations, db.clients, db.photos, db.meta];
}

/**
 * The rows of these entities, read at once; the transitions below change them in memory, in
 * order, and `write` stores what changed. Call inside a transaction over reconcileTables.
 */
export function readRows(db: KizukiDb, refs: Iterable<RowRef>, within?: SeqRange): Promise<LocalRows> {
  return LocalRows.read(db, refs, within);
}

/** The entity whose rows a server copy's rules read. */
export function copyRef(copy: ServerCopy): RowRef {
  return copy.kind === 'photo' ? { kind: 'photo', id: copy.observationId } : { kind: copy.kind, id: copy.data.id };
}

function messageIdOf(entry: OutboxEntry): string | undefined {
  return entry.entityType === 'message' ? entry.url.split('/').pop() : undefined;
}

// ——— transitions (each on rows read for the entry's entity, inside the caller's transaction) ———

/** sent → confirmed: the entry is done and the server's copy (already parsed) lands. */
export function confirm(rows: LocalRows, entry: OutboxEntry, copy: ServerCopy | null): void {
  rows.outbox.delete(entry.seq);
  if (copy) applyServerCopy(rows, copy);
}

/** sent → rejected(reason): kept for the user; the entity is refreshed from the server. */
export function reject(rows: LocalRows, entry: OutboxEntry, error: NonNullable<OutboxEntry['error']>): void {
  rows.outbox.update(entry.seq, { state: 'rejected', attempts: entry.attempts + 1, error });
  markStale(rows, staleRefOf(entry));
}

/**
 * rejected → queued: send the same write again (e.g. after a station was linked to the client).
 * Usual values refused because another person changed them first (409) go again from the
 * values the phone now has from the server — the nurse, told so and shown theirs, chooses hers —
 * and the phone shows hers again at once, as when she first saved them.
 */
export async function resend(db: KizukiDb, seq: number): Promise<void> {
  await db.transaction('rw', db.outbox, db.clients, db.meta, async () => {
    const e = await db.outbox.get(seq);
    if (e?.state !== 'rejected') return;
    const client = e.entityType === 'usual' && e.error?.status === 409 ? await db.clients.get(e.entityId) : undefined;
    const session = client ? await readSession(db) : null;
    if (!client || !session) {
      await db.outbox.update(seq, { state: 'pending' });
      return;
    }
    // Shown again at once, as when she first saved them, until the server answers.
    const edit = usualEdit(client, e.body as UsualValuesInput, { session, now: new Date() });
    await db.clients.put(edit.client);
    await db.outbox.update(seq, { state: 'pending', body: edit.body });
  });
}

/**
 * rejected → discarded: the entry goes, with whatever exists only on this phone because of it;
 * the entity is marked stale so the next pass restores the server's copy.
 */
export async function discard(db: KizukiDb, seq: number): Promise<void> {
  await db.transaction('rw', reconcileTables(db), async () => {
    const e = await db.outbox.get(seq);
    if (!e) return;
    const rows = await readRows(db, [staleRefOf(e)]);
    rows.outbox.delete(seq);
    const left = rows.outbox.pendingFor(e.entityId);
    if (e.entityType === 'observation') {
      const o = rows.observations.get(e.entityId);
      if (o && !o.synced && left.length === 0) rows.observations.delete(e.entityId);
    } else if (e.entityType === 'consultation') {
      const k = rows.consultations.get(e.entityId);
      if (k && !k.synced && left.length === 0) rows.consultations.delete(e.entityId);
    } else if (e.entityType === 'photo') {
      const p = rows.photos.get(e.entityId);
      if (p && !p.synced) rows.photos.delete(e.entityId);
    } else if (e.entityType === 'message') {
      const k = rows.consultations.get(e.entityId);
      const messageId = messageIdOf(e);
      if (k) rows.consultations.update(e.entityId, { messages: k.messages.filter((m) => m.id !== messageId) });
    }
    markStale(rows, staleRefOf(e));
    await rows.write(db);
  });
}

// ——— the server's copy landing on the phone ———

export type ServerCopy =
  | { kind: 'observation'; data: Observation }
  | { kind: 'consultation'; data: Consultation }
  | { kind: 'client'; data: Client }
  | { kind: 'photo'; observationId: string; stored: { contentType: string; bytes: number } };

/**
 * The one place a server copy (a confirmed write's answer, a changes-feed entry, a refresh)
 * replaces ours. Rules:
 *  - an entity whose creation (or usual values) is still queued keeps its local copy: the
 *    queued write's answer will bring the server's copy;
 *  - a consultation keeps our queued messages on top of the server's messages;
 *  - a consultation never goes back to fewer messages than we already hold from the server
 *    (messages are only ever appended; an older answer arriving late changes nothing).
 * Returns false when the copy was held back. `rows` must hold copyRef(copy).
 */
export function applyServerCopy(rows: LocalRows, copy: ServerCopy): boolean {
  if (copy.kind === 'photo') {
    rows.photos.update(copy.observationId, { synced: true });
    rows.observations.update(copy.observationId, { photo: copy.stored });
    return true;
  }
  const queued = rows.outbox.pendingFor(copy.data.id);
  if (copy.kind === 'observation') {
    if (queued.some((e) => e.entityType === 'observation')) return false;
    const local = rows.observations.get(copy.data.id);
    // A photo we know the server holds is not forgotten by an older copy.
    const photo = copy.data.photo ?? (local?.synced ? local.photo : undefined);
    // A client's timeline is ordered by observedAt as text ([clientId+observedAt]): kept as the
    // instant in UTC, as the phone writes its own, whatever offset another system sent it with.
    const observedAt = new Date(copy.data.observedAt).toISOString();
    rows.observations.put(copy.data.id, { ...copy.data, observedAt, ...(photo ? { photo } : {}), synced: true });
    return true;
  }
  if (copy.kind === 'client') {
    if (queued.some((e) => e.entityType === 'usual')) return false;
    rows.clients.put(copy.data.id, copy.data);
    return true;
  }
  if (queued.some((e) => e.entityType === 'consultation')) return false;
  const local = rows.consultations.get(copy.data.id);
  const known = (local?.messages ?? []).filter((m) => !m.pending).length;
  if (local?.synced && copy.data.messages.length < known) return false;
  rows.consultations.put(copy.data.id, withQueuedMessages(copy.data, local, queued));
  return true;
}

/** The server's consultation with our still-queued messages on top (shown at once, sent later). */
function withQueuedMessages(server: Consultation, local: LocalConsultation | undefined, queued: OutboxEntry[]): LocalConsultation {
  const serverIds = new Set(server.messages.map((m) => m.id));
  const queuedIds = new Set(queued.map(messageIdOf).filter((id) => id !== undefined));
  const mine: LocalMessage[] = (local?.messages ?? []).filter((m) => queuedIds.has(m.id) && !serverIds.has(m.id));
  const updatedAt = [server.updatedAt ?? server.createdAt, ...mine.map((m) => m.createdAt)].sort().at(-1) ?? server.createdAt;
  return { ...server, messages: [...server.messages, ...mine], updatedAt, synced: true };
}

/**
 * The server says the entity is gone or not visible to us (404). Its local copy goes, unless a
 * write of ours that would create it is still queued. What the user entered stays in the
 * rejected outbox entry until they resend or discard it.
 */
export function removeLocalCopy(rows: LocalRows, ref: StaleRef): void {
  const queued = rows.outbox.pendingFor(ref.id);
  if (ref.kind === 'client') {
    if (!queued.some((e) => e.entityType === 'usual')) rows.clients.delete(ref.id);
  } else if (ref.kind === 'consultation') {
    if (!queued.some((e) => e.entityType === 'consultation')) rows.consultations.delete(ref.id);
  } else if (!queued.some((e) => e.entityType === 'observation')) {
    // A photo is refreshed through its observation: both go when the observation is gone.
    rows.observations.delete(ref.id);
    if (!queued.some((e) => e.entityType === 'photo')) rows.photos.delete(ref.id);
  }
}

/**
 * Access to a client ended (sync/access-ended.ts): the same step as a 404 answer, for each of the
 * entities given — the client, the observations and the consultations the server no longer shows
 * us — and their stale marks go too (a refresh would only be told 404). `rows` must hold the
 * client, the observations as photo refs (both rows) and the consultations.
 */
export function forgetEntities(rows: LocalRows, refs: readonly StaleRef[]): void {
  for (const ref of refs) {
    removeLocalCopy(rows, ref);
    clearStale(rows, ref);
    if (ref.kind === 'observation') clearStale(rows, { kind: 'photo', id: ref.id });
  }
}

/** A refresh answered: apply it and forget the stale mark, in one transaction. */
export async function settleStale(deps: Pick<SyncDeps, 'db' | 'owner'>, ref: StaleRef, copy: ServerCopy | 'gone'): Promise<void> {
  const { db } = deps;
  await db.transaction('rw', reconcileTables(db), async () => {
    await assertSameAccount(deps);
    // An observation gone takes its photo with it: both rows (a photo's ref reads both).
    const rows = await readRows(db, [ref.kind === 'observation' ? { kind: 'photo', id: ref.id } : ref]);
    if (copy === 'gone') removeLocalCopy(rows, ref);
    else applyServerCopy(rows, copy);
    if (ref.kind === 'photo') {
      // The photo the server holds (if any) is shown from the server; an unsent local one goes
      // unless it is queued again.
      const queued = rows.outbox.pendingFor(ref.id);
      const p = rows.photos.get(ref.id);
      if (p && !p.synced && !queued.some((e) => e.entityType === 'photo')) rows.photos.delete(ref.id);
    }
    clearStale(rows, ref);
    await rows.write(db);
  });
}
