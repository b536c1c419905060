import { useMutation } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Session, UsualValuesInput } from '../../../shared/schemas.js';
import { getDb, type LocalConsultation } from '../../db/db.js';
import { withDb } from '../../db/errors.js';
import { saveUsualValues } from '../../db/writes.js';
import { requestSync } from '../../pwa/sync-triggers.js';

export function useClientsQuery() {
  return useLiveQuery(() => getDb().clients.orderBy('id').toArray().then((cs) => cs.sort(byKana)), [], undefined);
}

function byKana(a: { kana?: string; name: string }, b: { kana?: string; name: string }) {
  return (a.kana ?? a.name).localeCompare(b.kana ?? b.name, 'ja');
}

/** The client, null when not known here, undefined while loading or before the first sync. */
export function useClientQuery(id: string) {
  return useLiveQuery(
    async () => {
      const db = getDb();
      const client = await db.clients.get(id);
      if (client) return client;
      // Right after sign-in nothing has arrived yet: that is "loading", not "not found".
      return (await db.meta.get('cursor')) ? null : undefined;
    },
    [id],
    undefined,
  );
}

/**
 * The newest `limit` observations of one client and all its consultations, newest first. Only
 * what is shown is read, so a client with thousands of observations opens as fast as a new one.
 */
export function useClientTimelineQuery(clientId: string, limit: number) {
  return useLiveQuery(
    async () => {
      const db = getDb();
      const range = db.observations.where('[clientId+observedAt]').between([clientId, ''], [clientId, '\uffff']);
      const [observations, observationCount, consultations] = await Promise.all([
        range.clone().reverse().limit(limit).toArray(),
        range.clone().count(),
        db.consultations.where('clientId').equals(clientId).toArray(),
      ]);
      consultations.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
      // Photos still on this phone are shown from here; others load from the server.
      const photos = new Map(
        (await db.photos.bulkGet(observations.map((o) => o.id)))
          .filter((p) => p !== undefined)
          .map((p) => [p.observationId, p.blob]),
      );
      return { observations, observationCount, consultations, photos };
    },
    [clientId, limit],
    undefined,
  );
}

export function useOrganizationNames() {
  return useLiveQuery(
    async () => new Map((await getDb().organizations.toArray()).map((o) => [o.id, o.name])),
    [],
    new Map<string, string>(),
  );
}

export function useSaveUsualValuesMutation(session: Session) {
  return useMutation({
    networkMode: 'always',
    mutationFn: async (v: { clientId: string; input: UsualValuesInput }) => {
      const db = getDb();
      await withDb(db, () => saveUsualValues(db, { ...v, session, now: new Date() }));
      requestSync();
    },
  });
}

/** Follow-ups a nurse asked for on this client's consultations that no carer message completed yet. */
export function openFollowUps(consultations: LocalConsultation[]) {
  return consultations.flatMap((k) => {
    if (k.status === 'closed') return [];
    const done = new Set(k.messages.flatMap((m) => (m.completes ? [m.completes] : [])));
    return k.messages.flatMap((m) =>
      m.followUp && !done.has(m.id) ? [{ consultationId: k.id, messageId: m.id, task: m.followUp.task, dueAt: m.followUp.dueAt, at: m.createdAt }] : [],
    );
  });
}
