// Every local write and its outbox entry happen in one IndexedDB transaction (Dexie's, or for an
// observation one of its own: db/direct-write.ts): either both are on the phone or neither is.
import { news2 } from '../../shared/news2.js';
import type { ConsultationInput, MessageInput, ObservationInput, Session, UsualValuesInput } from '../../shared/schemas.js';
import { suggestUrgency } from '../../shared/urgency.js';
import type { KizukiDb, LocalConsultation, LocalObservation, OutboxEntry } from './db.js';
import { rememberSaved } from './recent-saves.js';
import { usualEdit } from './usual-base.js';
import { writeDirect } from './direct-write.js';

function outboxEntry(e: Pick<OutboxEntry, 'entityType' | 'entityId' | 'url' | 'body'>, now: Date): OutboxEntry {
  return { ...e, method: 'PUT', createdAt: now.toISOString(), state: 'pending', attempts: 0 };
}

export async function saveObservation(
  db: KizukiDb,
  args: {
    id: string;
    input: ObservationInput;
    session: Session;
    spo2Scale: 1 | 2;
    now: Date;
    /** A compressed JPEG and its base64 (computed before the transaction: IndexedDB transactions cannot await other work). */
    photo?: { blob: Blob; base64: string };
    /** The form's draft (a meta key), deleted in the same transaction: saved means no draft left. */
    draftKey?: string;
    /**
     * Called once the transaction has committed, right after the page's memory is told of the
     * record (rememberSaved, a store React reads synchronously): what it shows — the notice, the
     * page moved into the document with flushSync — renders in the same React commit as the new card.
     */
    onCommitted?: (saved: LocalObservation) => void;
  },
): Promise<LocalObservation> {
  const { id, input, session, now } = args;
  const local: LocalObservation = {
    id,
    clientId: input.clientId,
    authorId: session.user.id,
    observedAt: input.observedAt,
    vitals: input.vitals,
    softSigns: input.softSigns,
    note: input.note ?? null,
    ...(input.lang !== undefined ? { lang: input.lang } : {}),
    news2: news2(input.vitals, args.spo2Scale),
    createdAt: now.toISOString(),
    synced: false,
  };
  const photo = args.photo;
  // Every request made at once: they run in this order all the same, and the commit does not
  // wait for a round trip to the page between them. Any failure aborts the whole transaction.
  await writeDirect(
    db,
    [
      { store: 'observations', add: local },
      ...(args.draftKey ? [{ store: 'meta' as const, delete: args.draftKey }] : []),
      { store: 'outbox', add: outboxEntry({ entityType: 'observation', entityId: id, url: `/api/observations/${id}`, body: input }, now) },
      ...(photo
        ? [
            { store: 'photos' as const, add: { observationId: id, blob: photo.blob, contentType: 'image/jpeg', synced: false } },
            {
              store: 'outbox' as const,
              add: outboxEntry(
                { entityType: 'photo', entityId: id, url: `/api/observations/${id}/photo`, body: { contentType: 'image/jpeg', data: photo.base64 } },
                now,
              ),
            },
          ]
        : []),
    ],
    // In the commit's own event, before Dexie hears of it (db/direct-write.ts).
    () => {
      rememberSaved(local);
      try {
        args.onCommitted?.(local);
      } catch (err) {
        // The record is saved all the same: reported, not the save's failure.
        setTimeout(() => {
          throw err;
        });
      }
    },
  );
  return local;
}

export async function saveConsultation(
  db: KizukiDb,
  args: { id: string; input: ConsultationInput; session: Session; clientName: string; now: Date; draftKey?: string },
): Promise<LocalConsultation> {
  const { id, input, session, now } = args;
  const cited = (await db.observations.bulkGet(input.observationIds)).filter((o) => o !== undefined);
  const at = now.toISOString();
  const local: LocalConsultation = {
    id,
    clientId: input.clientId,
    client: { id: input.clientId, name: args.clientName },
    fromOrgId: session.user.orgId,
    toOrgId: input.toOrgId,
    authorId: session.user.id,
    authorName: session.user.name,
    observationIds: input.observationIds,
    category: input.category,
    urgency: input.urgency,
    suggestedUrgency: suggestUrgency(cited, (await db.clients.get(input.clientId))?.usual),
    sbar: input.sbar,
    ...(input.requestKind !== undefined ? { requestKind: input.requestKind } : {}),
    status: 'open',
    messages: [],
    createdAt: at,
    updatedAt: at,
    synced: false,
  };
  await db.transaction('rw', db.consultations, db.outbox, db.meta, async () => {
    await db.consultations.add(local);
    if (args.draftKey) await db.meta.delete(args.draftKey);
    await db.outbox.add(
      outboxEntry({ entityType: 'consultation', entityId: id, url: `/api/consultations/${id}`, body: input }, now),
    );
  });
  return local;
}

/** A message (reply, read receipt, close) shown at once on this phone and queued. */
export async function addMessage(
  db: KizukiDb,
  args: { consultationId: string; messageId: string; input: MessageInput; session: Session; now: Date },
): Promise<void> {
  const { consultationId, messageId, input, session, now } = args;
  await db.transaction('rw', db.consultations, db.outbox, async () => {
    const k = await db.consultations.get(consultationId);
    if (!k) throw new Error('consultation not on this phone');
    await db.consultations.update(consultationId, {
      messages: [
        ...k.messages,
        {
          id: messageId,
          kind: input.kind,
          ...(input.body !== undefined ? { body: input.body } : {}),
          ...(input.replyKind !== undefined ? { replyKind: input.replyKind } : {}),
          ...(input.lang !== undefined ? { lang: input.lang } : {}),
          ...(input.template !== undefined ? { template: input.template } : {}),
          authorId: session.user.id,
          authorName: session.user.name,
          role: session.user.role,
          createdAt: now.toISOString(),
          pending: true,
        },
      ],
      updatedAt: now.toISOString(),
    });
    await db.outbox.add(
      outboxEntry(
        {
          entityType: 'message',
          entityId: consultationId,
          url: `/api/consultations/${consultationId}/messages/${messageId}`,
          body: input,
        },
        now,
      ),
    );
  });
}

/**
 * A nurse sets the client's usual values: shown at once on this phone, queued for the server
 * with the values the edit started from (usual-base.ts).
 */
export async function saveUsualValues(
  db: KizukiDb,
  args: { clientId: string; input: UsualValuesInput; session: Session; now: Date },
): Promise<void> {
  const { clientId, input, session, now } = args;
  await db.transaction('rw', db.clients, db.outbox, async () => {
    const client = await db.clients.get(clientId);
    if (!client) throw new Error('client not on this phone');
    const edit = usualEdit(client, input, { session, now });
    await db.clients.put(edit.client);
    await db.outbox.add(outboxEntry({ entityType: 'usual', entityId: clientId, url: `/api/clients/${clientId}/usual`, body: edit.body }, now));
  });
}
