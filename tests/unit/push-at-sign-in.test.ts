// A sign-in hands this phone's push subscription to the server again (features/session/queries.ts
// adoptSession): the server forgets a person's subscriptions when all their sessions are ended
// (ADR 0026: a lost phone must stop showing clients' names), so a phone that signs in again with
// notifications still on in the browser would otherwise show 「通知: オン」 and get nothing.
import 'fake-indexeddb/auto';
import { afterEach, expect, it, vi } from 'vitest';
import { changePassword } from '../../src/client/features/session/account-queries.js';
import { adoptSession } from '../../src/client/features/session/queries.js';

// The sync pass a sign-in starts is not under test here: with the stubs it would fail and leave a
// retry timer behind that fires after the globals are restored.
vi.mock('../../src/client/pwa/sync-triggers.js', () => ({ syncNow: () => Promise.resolve(null) }));

afterEach(() => {
  vi.unstubAllGlobals();
});

const SESSION = {
  user: { id: '00000000-0000-4000-8000-000000000101', name: '佐藤 看護師', role: 'nurse', orgId: 'sakura' },
  org: { id: 'sakura', name: 'さくら訪問看護ステーション', kind: 'visiting_nursing' },
};
const ENDPOINT = 'https://fcm.googleapis.com/fcm/send/phone-1';

/** A phone whose browser holds a push subscription; the requests it sends, answered `answer`. */
function phoneWithSubscription(answer: (path: string) => Response = () => new Response(null, { status: 204 })) {
  const subscription = {
    endpoint: ENDPOINT,
    toJSON: () => ({ endpoint: ENDPOINT, keys: { p256dh: 'p', auth: 'a' } }),
  };
  const registration = { pushManager: { getSubscription: () => Promise.resolve(subscription) } };
  vi.stubGlobal('window', globalThis);
  vi.stubGlobal('PushManager', function PushManager() {});
  vi.stubGlobal('Notification', { permission: 'granted' });
  vi.stubGlobal('navigator', { onLine: true, serviceWorker: { getRegistration: () => Promise.resolve(registration) } });
  const sent: { method: string; path: string; body?: string }[] = [];
  vi.stubGlobal('fetch', (path: string, init: RequestInit = {}) => {
    sent.push({ method: init.method ?? 'GET', path: String(path), ...(typeof init.body === 'string' ? { body: init.body } : {}) });
    return Promise.resolve(answer(String(path)));
  });
  return sent;
}

it('signing in sends the subscription the browser still holds', async () => {
  const sent = phoneWithSubscription();
  // What a password or passkey sign-in does with the server's answer.
  await adoptSession(Response.json(SESSION));
  await vi.waitFor(() => expect(sent.some((r) => r.method === 'PUT' && r.path === '/api/push/subscription')).toBe(true));
  const put = sent.find((r) => r.method === 'PUT' && r.path === '/api/push/subscription');
  expect(JSON.parse(put?.body ?? '{}')).toMatchObject({ endpoint: ENDPOINT });
});

it('changing a temporary password sends it too: the server refused it (403) until then', async () => {
  const sent = phoneWithSubscription((path) => (path === '/api/session/password' ? Response.json(SESSION) : new Response(null, { status: 204 })));
  await changePassword({ currentPassword: 'temporary-pass-1', newPassword: 'my-own-password-9' });
  await vi.waitFor(() => expect(sent.some((r) => r.method === 'PUT' && r.path === '/api/push/subscription')).toBe(true));
});

