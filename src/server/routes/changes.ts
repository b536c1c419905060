// GET /api/changes: what the caller may see, in server order, a page at a time.
import { Hono } from 'hono';
import type { AppEnv } from '../http.js';
import { json, problem } from '../http.js';
import { changesFor } from '../store/changes.js';
import { changesOf } from '../store/feed-page.js';

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
      return problem(400, 'after がこのサーバーのカーソルではありません。', [{ path: 'after', message: 'このサーバーのカーソルではありません' }]);
    }
    const limit = limitRaw === undefined ? DEFAULT_LIMIT : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1) {
      return problem(400, 'limit は 1 以上の整数で指定してください。', [{ path: 'limit', message: '1 以上の整数ではありません' }]);
    }
    const page = Math.min(limit, MAX_LIMIT);
    // The entities are read in the transaction that read the rows: the page is one snapshot, in
    // which the caller could see every row it answers (ADR 0021).
    const { taken, more, maxSeq, changes } = await db.transaction(async () => {
      const { rows, maxSeq } = await changesFor(db, c.get('actor'), after, page + 1);
      const taken = rows.slice(0, page);
      return { taken, more: rows.length > page, maxSeq, changes: await changesOf(db, taken) };
    });
    // With nothing more to read, the cursor may move to the newest row: everything up to it
    // has committed (the feed is numbered in commit order: store/changes.ts) and none of it is
    // visible to this caller.
    const last = taken.at(-1)?.seq;
    const cursor = more ? (last ?? after) : Math.max(after, maxSeq);
    return json(c, { changes, cursor: String(cursor), more });
  });
  return r;
}
