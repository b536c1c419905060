import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../../db/db.js';

export function useClientsQuery() {
  return useLiveQuery(() => getDb().clients.orderBy('id').toArray().then((cs) => cs.sort(byKana)), [], undefined);
}

function byKana(a: { kana?: string; name: string }, b: { kana?: string; name: string }) {
  return (a.kana ?? a.name).localeCompare(b.kana ?? b.name, 'ja');
}

export function useClientQuery(id: string) {
  return useLiveQuery(async () => (await getDb().clients.get(id)) ?? null, [id], undefined);
}

/** Observations and consultations of one client, newest first. */
export function useClientTimelineQuery(clientId: string) {
  return useLiveQuery(
    async () => {
      const db = getDb();
      const [observations, consultations] = await Promise.all([
        db.observations.where('[clientId+observedAt]').between([clientId, ''], [clientId, '\uffff']).reverse().toArray(),
        db.consultations.where('clientId').equals(clientId).toArray(),
      ]);
      consultations.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
      return { observations, consultations };
    },
    [clientId],
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
