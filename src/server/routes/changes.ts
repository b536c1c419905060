// GET /api/changes: what the caller may see, in server order, a page at a time.
import { Hono } from 'hono';
import type { Change } from '../../shared/schemas.js';
import type { AppEnv } from '../http.js';
import { json, problem } from '../http.js';
import { changesFor } from '../store/changes.js';
import { getClient } from '../store/directory.js';
import { getConsultationRow, getObservationRow, toConsultation, toObservation } from '../store/records.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

export function changeRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/', async (c) => {
    const db = c.get('db');
    const afterRaw = c.req.query('after');
    const limitRaw = c.req.query('limit');
    // A cursor is the decimal seq this server wrote; anything else ('1e3', '0x10', ' 7') is not one.
    const after = afterRaw === undefined || afterRaw === '' ? 0 : /^\d+$/.test(afterRaw) ? Number(afterRaw) : NaN;
    if (!Number.isSafeInteger(after) || after < 0) {
      return problem(400, 'after is not a cursor from this server.', [{ path: 'after', message: 'invalid cursor' }]);
    }
    const limit = limitRaw === undefined ? DEFAULT_LIMIT : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1) {
      return problem(400, 'limit must be a whole number from 1.', [{ path: 'limit', message: 'invalid limit' }]);
    }
    const page = Math.min(limit, MAX_LIMIT);
    const { rows, maxSeq } = await db.transaction(() => changesFor(db, c.get('actor').orgId, after, page + 1));
    const more = rows.length > page;
    const taken = rows.slice(0, page);
    const changes = (
      await Promise.all(
        taken.map(async (row): Promise<Change[]> => {
      if (row.type === 'client') {
        const data = await getClient(db, row.entity_id);
        return data ? [{ type: 'client', id: row.entity_id, data }] : [];
      }
      if (row.type === 'observation') {
        const o = await getObservationRow(db, row.entity_id);
        return o ? [{ type: 'observation', id: row.entity_id, data: toObservation(o) }] : [];
      }
      const k = await getConsultationRow(db, row.entity_id);
      return k ? [{ type: 'consultation', id: row.entity_id, data: await toConsultation(db, k) }] : [];
        }),
      )
    ).flat();
    // With nothing more to read, the cursor may move to the newest row: everything up to it
    // has committed (the feed is numbered in commit order: store/changes.ts) and none of it is
    // visible to this caller.
    const last = taken.at(-1)?.seq;
    const cursor = more ? (last ?? after) : Math.max(after, maxSeq);
    return json(c, { changes, cursor: String(cursor), more });
  });
  return r;
}
