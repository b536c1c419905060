// The disaster sheet reads only this phone's database: it must open with no network at all,
// and it follows the data as it syncs (useLiveQuery).
import { useLiveQuery } from '../../hooks/use-live-query.js';
import { getDb } from '../../db/db.js';

export function useDisasterSheetQuery(clientId: string) {
  return useLiveQuery(
    async () => {
      const db = getDb();
      const client = await db.clients.get(clientId);
      if (!client) return (await db.meta.get('cursor')) ? null : undefined;
      const [latest, organizations] = await Promise.all([
        db.observations.where('[clientId+observedAt]').between([clientId, ''], [clientId, '\uffff']).last(),
        db.organizations.bulkGet([client.ownerOrgId, ...client.servedBy]),
      ]);
      const byId = new Map(organizations.filter((o) => o !== undefined).map((o) => [o.id, o]));
      return {
        client,
        latest: latest ?? null,
        owner: byId.get(client.ownerOrgId) ?? null,
        stations: client.servedBy.map((id) => byId.get(id) ?? { id, name: id, kind: 'visiting_nursing' as const }),
      };
    },
    [clientId],
    undefined,
  );
}
