// The regional directory of organizations and the clients the caller's organization owns or serves.
import { Hono } from 'hono';
import { UsualValuesInputSchema, issuesToErrors } from '../../shared/schemas.js';
import { maySetUsualValues, relationToClient } from '../access.js';
import type { AppEnv } from '../http.js';
import { json, problem, readJson } from '../http.js';
import { getClient, listClientsFor, listOrganizations, setUsualValues, usualValueHistory } from '../store/directory.js';

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
    await db.transaction(async () => await setUsualValues(db, id, parsed.data, actor, c.get('now')().toISOString()));
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
