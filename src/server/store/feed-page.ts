// A page of the changes feed as the API shows it: its rows' entities read in a fixed number
// of statements whatever the page's size (one per table, not one per row: ADR 0021).
import type { Change } from '../../shared/schemas.js';
import type { ChangeRow, ChangeType } from './changes.js';
import { consultationsByIds } from './consultation-view.js';
import type { Db } from './db.js';
import { clientsByIds } from './directory.js';
import { observationRowsByIds, toObservation } from './records.js';

/** The changes of `rows`, in their order; a row whose entity is gone is left out. */
export async function changesOf(db: Db, rows: readonly ChangeRow[]): Promise<Change[]> {
  const ids = (type: ChangeType) => rows.filter((r) => r.type === type).map((r) => r.entity_id);
  const [clients, observations, consultations] = await Promise.all([
    clientsByIds(db, ids('client')),
    observationRowsByIds(db, ids('observation')),
    consultationsByIds(db, ids('consultation')),
  ]);
  return rows.flatMap((row): Change[] => {
    const id = row.entity_id;
    if (row.type === 'client') {
      const data = clients.get(id);
      return data ? [{ type: 'client', id, data }] : [];
    }
    if (row.type === 'observation') {
      const o = observations.get(id);
      return o ? [{ type: 'observation', id, data: toObservation(o) }] : [];
    }
    const data = consultations.get(id);
    return data ? [{ type: 'consultation', id, data }] : [];
  });
}
