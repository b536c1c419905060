// GET/PUT /api/admin/second-factor: an admin sets the day from which the organization's nurses
// and admins need a passkey (second-factor.ts). Audited like every admin request
// ("admin.second-factor").
import { Hono } from 'hono';
import { SecondFactorSettingSchema, issuesToErrors } from '../../shared/schemas.js';
import type { AppEnv } from '../http.js';
import { json, problem, readJson } from '../http.js';
import { secondFactorRequiredFrom, setSecondFactorRequiredFrom } from '../store/second-factor.js';

export function secondFactorAdminRoutes() {
  const r = new Hono<AppEnv>();

  r.use('*', async (c, next) => {
    if (c.get('actor').role !== 'admin') return problem(403, '管理者だけが使える機能です。');
    return next();
  });

  r.get('/', async (c) => json(c, { requiredFrom: await secondFactorRequiredFrom(c.get('db'), c.get('actor').orgId) }));

  r.put('/', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = SecondFactorSettingSchema.safeParse(body.value);
    if (!parsed.success) return problem(400, '入力内容に誤りがあります。', issuesToErrors(parsed.error.issues));
    await setSecondFactorRequiredFrom(db, actor.orgId, parsed.data.requiredFrom, actor.id, c.get('now')().toISOString());
    return json(c, { requiredFrom: await secondFactorRequiredFrom(db, actor.orgId) });
  });

  return r;
}
