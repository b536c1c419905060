import { useMutation } from '@tanstack/react-query';
import { useLiveQuery } from '../../hooks/use-live-query.js';
import type { ConsultationInput, MessageInput, Session } from '../../../shared/schemas.js';
import { getDb } from '../../db/db.js';
import { photosOnPhone } from '../../db/photos.js';
import { withDb } from '../../db/errors.js';
import { addMessage, saveConsultation } from '../../db/writes.js';
import { requestPersistence } from '../../pwa/storage.js';
import { requestSync } from '../../pwa/sync-triggers.js';
import { newId } from '../../ui/uuid.js';

export function useConsultationQuery(id: string) {
  return useLiveQuery(
    async () => {
      const db = getDb();
      const k = await db.consultations.get(id);
      if (!k) return null;
      const cited = (await db.observations.bulkGet(k.observationIds)).filter((o) => o !== undefined);
      const photos = await photosOnPhone(db, k.observationIds);
      const queued = await db.outbox.where('entityId').equals(id).toArray();
      // The client's usual values and emergency plan; absent at a station that does not serve them.
      const client = (await db.clients.get(k.clientId)) ?? null;
      const seenAt = (await db.meta.get(answerSeenKey(id)))?.value;
      const sync = (await db.meta.get('sync'))?.value as { lastSuccessAt?: unknown } | undefined;
      return {
        consultation: k,
        cited,
        photos,
        queued,
        client,
        answerSeenAt: typeof seenAt === 'string' ? seenAt : null,
        /** When a sync pass last completed: the stored copy is at least that fresh. */
        syncedAt: typeof sync?.lastSuccessAt === 'string' ? sync.lastSuccessAt : null,
      };
    },
    [id],
    undefined,
  );
}

export function useObservationQuery(id: string | undefined) {
  return useLiveQuery(async () => (id ? ((await getDb().observations.get(id)) ?? null) : null), [id], undefined);
}

/** Stations a consultation can go to (visiting nursing, medical day care), from the directory. */
export function useStationsQuery() {
  return useLiveQuery(
    async () =>
      (await getDb().organizations.toArray()).filter((o) => o.kind === 'visiting_nursing' || o.kind === 'medical_daycare'),
    [],
    undefined,
  );
}

export function useSendConsultationMutation(session: Session) {
  return useMutation({
    networkMode: 'always',
    mutationFn: async (v: { input: ConsultationInput; clientName: string; draftKey?: string }) => {
      const db = getDb();
      const id = newId();
      const saved = await withDb(db, () =>
        saveConsultation(db, {
          id,
          input: v.input,
          session,
          clientName: v.clientName,
          now: new Date(),
          ...(v.draftKey ? { draftKey: v.draftKey } : {}),
        }),
      );
      requestSync();
      void requestPersistence();
      return saved;
    },
  });
}

export function useMessageMutation(session: Session, consultationId: string) {
  return useMutation({
    networkMode: 'always',
    mutationFn: async ({ draftKey, ...input }: MessageInput & { draftKey?: string }) => {
      const db = getDb();
      const messageId = newId();
      // The reply's draft goes in the message's own transaction: a reload right after sending
      // never brings back, to be sent again, words already queued.
      await withDb(db, () =>
        db.transaction('rw', db.consultations, db.outbox, db.meta, async () => {
          await addMessage(db, { consultationId, messageId, input, session, now: new Date() });
          if (draftKey) await db.meta.delete(draftKey);
        }),
      );
      requestSync();
    },
  });
}

/**
 * The carer's read state of the nurse's answers, kept on this phone only: one `meta` row per
 * consultation, `answerSeen:<id>` → the createdAt of the newest answer the carer has opened.
 * features/clients/queries.ts reads the same rows to show 「回答あり」 (keep the key in step).
 */
const answerSeenKey = (consultationId: string) => `answerSeen:${consultationId}`;

/** Ask for a sync pass now (a nurse opening a consultation wants its current state). */
export function refreshFromServer(): void {
  requestSync();
}

export async function markAnswerSeen(consultationId: string, answeredAt: string): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.meta, async () => {
    const key = answerSeenKey(consultationId);
    const seen = (await db.meta.get(key))?.value;
    if (typeof seen === 'string' && seen >= answeredAt) return;
    await db.meta.put({ key, value: answeredAt });
  });
}

const DAY_MS = 86_400_000;

/** What a nurse needs around a consultation: the client's last 14 days and earlier consultations. */
export function useClientContextQuery(clientId: string, consultationId: string) {
  return useLiveQuery(
    async () => {
      const db = getDb();
      const now = Date.now();
      const since = new Date(now - 14 * DAY_MS).toISOString();
      const [observations, consultations, client] = await Promise.all([
        db.observations.where('[clientId+observedAt]').between([clientId, since], [clientId, '\uffff']).toArray(),
        db.consultations.where('clientId').equals(clientId).toArray(),
        db.clients.get(clientId),
      ]);
      const current = consultations.find((k) => k.id === consultationId);
      const cited = current ? (await db.observations.bulkGet(current.observationIds)).filter((o) => o !== undefined) : [];
      return {
        observations,
        cited,
        earlier: consultations.filter((k) => k.id !== consultationId).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
        client: client ?? null,
        since: Date.parse(since),
        now,
      };
    },
    [clientId, consultationId],
    undefined,
  );
}

/** Feedback nurses gave on this organization's noticing, newest first. */
export function useFeedbackQuery(orgId: string) {
  return useLiveQuery(
    async () => {
      const all = await getDb().consultations.toArray();
      return all
        .filter((k) => k.fromOrgId === orgId)
        .flatMap((k) => k.messages.filter((m) => m.feedback).map((m) => ({ consultation: k, message: m })))
        .sort((a, b) => b.message.createdAt.localeCompare(a.message.createdAt));
    },
    [orgId],
    undefined,
  );
}
