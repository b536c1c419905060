// GET /api/push/key, PUT and DELETE /api/push/subscription: a browser subscribes to Web Push.
// Anyone signed in may subscribe; only nurses' subscriptions get a station's consultations.
import { Hono } from 'hono';
import { PushEndpointSchema, PushSubscriptionInputSchema } from '../../shared/push.js';
import { issuesToErrors } from '../../shared/schemas.js';
import type { AppEnv } from '../http.js';
import { json, problem, readJson } from '../http.js';
import type { Push } from '../push.js';
import { deletePushSubscription, savePushSubscription } from '../store/push-subscriptions.js';

const INVALID = '入力内容に誤りがあります。';

export function pushRoutes(push: Push) {
  const r = new Hono<AppEnv>();

  r.get('/key', async (c) => json(c, { publicKey: push.publicKey }));

  r.put('/subscription', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = PushSubscriptionInputSchema.safeParse(body.value);
    if (!parsed.success) return problem(400, INVALID, issuesToErrors(parsed.error.issues));
    if (!push.accepts(parsed.data.endpoint)) {
      return problem(400, INVALID, [{ path: 'endpoint', message: 'このブラウザの通知サービスには対応していません' }]);
    }
    const actor = c.get('actor');
    const created = await savePushSubscription(
      c.get('db'),
      parsed.data,
      { userId: actor.id, orgId: actor.orgId },
      c.get('now')().toISOString(),
    );
    if (created === 'signed-out') return problem(401, 'ログインしてください。');
    return new Response(null, { status: created ? 201 : 204, headers: { 'cache-control': 'no-store' } });
  });

  // Whoever holds the endpoint holds the browser: anyone signed in on it may stop its pushes,
  // also when another account subscribed it (a shared phone).
  r.delete('/subscription', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = PushEndpointSchema.safeParse(body.value);
    if (!parsed.success) return problem(400, INVALID, issuesToErrors(parsed.error.issues));
    await deletePushSubscription(c.get('db'), parsed.data.endpoint);
    return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
  });

  return r;
}
