// The regional directory's names by organization id, as this phone last synced it.
import { useLiveQuery } from './use-live-query.js';

export function useOrganizationNames(): Map<string, string> {
  return useLiveQuery(
    async (db) => new Map((await db.organizations.toArray()).map((o) => [o.id, o.name])),
    [],
    new Map<string, string>(),
  );
}
