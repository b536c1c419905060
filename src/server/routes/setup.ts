// First start without DEMO: the one-time setup URL creates the first organization and its
// admin. No default password exists outside the demo.
import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import { SetupSchema, issuesToErrors } from '../../shared/schemas.js';
import type { AppEnv } from '../http.js';
import { json, problem, readJson } from '../http.js';
import { hashPassword } from '../passwords.js';
import { consumeSetupToken, setupTokenUsable } from '../store/admin.js';
import { getUser, insertOrganization, insertUser } from '../store/directory.js';
import { sessionBody, startSession } from './session.js';

export function setupRoutes() {
  const r = new Hono<AppEnv>();
  r.post('/', async (c) => {
    const db = c.get('db');
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = SetupSchema.safeParse(body.value);
    if (!parsed.success) return problem(400, '入力内容に誤りがあります。', issuesToErrors(parsed.error.issues));
    const { token, organization, admin } = parsed.data;
    // The route is public and not throttled: a wrong token is refused before the scrypt, or
    // anyone could keep the hashing threads busy in front of every sign-in.
    if (!(await setupTokenUsable(db, token))) return refused();
    const hash = await hashPassword(admin.password);
    const now = c.get('now')().toISOString();
    const orgId = randomUUID();
    const userId = randomUUID();
    const done = await db.transaction(async () => {
      if (!await consumeSetupToken(db, token, now)) return false;
      await insertOrganization(db, { id: orgId, ...organization }, now);
      await insertUser(db, { id: userId, orgId, loginId: admin.loginId, name: admin.name, role: 'admin', passwordHash: hash }, now);
      return true;
    });
    if (!done) return refused();
    await startSession(c, userId);
    const user = await getUser(db, userId);
    return json(c, user ? await sessionBody(db, user) : null, 201);
  });
  return r;
}

const refused = () => problem(403, 'このセットアップ用URLは使えません（使用済みか、正しくありません）。');
