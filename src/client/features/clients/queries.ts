import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../../db/db.js';

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
