// The regional directory of organizations and the clients the caller's organization owns or serves.
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { UsualValuesInputSchema, issuesToErrors } from '../../shared/schemas.js';
import { maySetUsualValues, relationToClient } from '../access.js';
import type { AppEnv } from '../http.js';
import { json, problem, problemWith, readJson } from '../http.js';
import { changeByOtherSince, getClient, listClientsFor, listOrganizations, setUsualValues, usualValueHistory } from '../store/directory.js';
import { signInRef } from '../store/sessions.js';
import { SESSION_COOKIE } from './session.js';

export function organizationRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/', async (c) => json(c, await listOrganizations(c.get('db'))));
  return r;
}

export function clientRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/', async (c) => json(c, await listClientsFor(c.get('db'), c.get('actor').orgId)));

  r.get('/:id', async (c) => {
    const db = c.get('db');
    const id = c.req.param('id');
    if (await relationToClient(db, c.get('actor'), id) === 'none') return problem(404, NOT_FOUND);
    return json(c, await getClient(db, id));
  });

  // The client's usual values and SpO2 scale: set by a nurse of a serving station.
  r.put('/:id/usual', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = c.req.param('id');
    const relation = await relationToClient(db, actor, id);
    if (relation === 'none') return problem(404, NOT_FOUND);
    if (!maySetUsualValues(actor, relation)) return problem(403, 'いつもの値を設定できるのは担当ステーションの看護師です。');
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = UsualValuesInputSchema.safeParse(body.value);
    if (!parsed.success) return problem(400, '入力内容に誤りがあります。', issuesToErrors(parsed.error.issues));
    const { systolic, diastolic } = parsed.data;
    if (systolic != null && diastolic != null && diastolic >= systolic) {
      return problem(400, '入力内容に誤りがあります。', [{ path: 'diastolic', message: '血圧（下）は血圧（上）より低い値にしてください' }]);
    }
    const { basedOn } = parsed.data;
    const token = getCookie(c, SESSION_COOKIE);
    const author = { ...actor, signInRef: token ? signInRef(token) : null };
    // The check and the write are one transaction (SERIALIZABLE on PostgreSQL): two edits
    // from the same values cannot both pass.
    const clash = await db.transaction(async () => {
      const since = basedOn === undefined ? undefined : await changeByOtherSince(db, id, basedOn && new Date(basedOn).toISOString(), author);
      if (!since) await setUsualValues(db, id, parsed.data, author, c.get('now')().toISOString());
      return since;
    });
    if (clash) {
      return problemWith(409, clash.byAuthor ? CHANGED_ELSEWHERE : CHANGED_MEANWHILE, {
        changedBy: clash.authorName,
        changedAt: clash.createdAt,
        current: (await getClient(db, id))?.usual ?? null,
      });
    }
    return json(c, await getClient(db, id));
  });

  r.get('/:id/usual/history', async (c) => {
    const db = c.get('db');
    const id = c.req.param('id');
    if (await relationToClient(db, c.get('actor'), id) === 'none') return problem(404, NOT_FOUND);
    return json(c, await usualValueHistory(db, id));
  });
  return r;
}

const NOT_FOUND = 'この利用者は見つかりません。';
/** The edit started from values another person has changed since: theirs are not overwritten. */
export const CHANGED_MEANWHILE = 'ほかの看護師が先にいつもの値を変更していました。今の値を確かめてから、もう一度送るか削除してください。';
/** The same, changed by the same nurse from another sign-in (her other phone, the office's browser). */
export const CHANGED_ELSEWHERE = '同じアカウントで、別の端末から先にいつもの値が変更されていました。今の値を確かめてから、もう一度送るか削除してください。';
