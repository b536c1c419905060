// Passkeys (WebAuthn) in the page: register one on the account page, sign in with one on the
// sign-in screen. Loaded on demand (import()) so the first screen stays small.
import { t } from '@lingui/core/macro';
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import * as z from 'zod/mini';
import type { Session } from '../../../shared/schemas.js';
import { getDb } from '../../db/db.js';
import { api } from '../../net/api.js';
import { syncNow } from '../../pwa/sync-triggers.js';
import { refreshSession } from '../../sync/session-refresh.js';
import { LoginError, adoptSession, beforeSignIn, resendPushSubscription } from './queries.js';

const OptionsSchema = z.object({ challengeId: z.string(), options: z.looseObject({ challenge: z.string() }) });
const PasskeyListSchema = z.array(z.object({ id: z.string(), createdAt: z.string(), lastUsedAt: z.nullable(z.string()) }));
export type PasskeyList = z.infer<typeof PasskeyListSchema>;

export async function listPasskeys(): Promise<PasskeyList> {
  return PasskeyListSchema.parse(await api('/api/passkeys'));
}

export async function registerPasskey(): Promise<PasskeyList> {
  const { challengeId, options } = OptionsSchema.parse(await api('/api/passkeys/register/options', { method: 'POST', body: {} }));
  let response;
  try {
    response = await startRegistration({ optionsJSON: options as unknown as Parameters<typeof startRegistration>[0]['optionsJSON'] });
  } catch {
    throw new Error(t`パスキーの登録が取り消されたか、この端末では使えません。`);
  }
  const list = PasskeyListSchema.parse(await api('/api/passkeys/register', { method: 'POST', body: { challengeId, response } }));
  // The server now counts this session's second factor: no reminder, and full access if it owed one.
  await afterSecondFactor();
  return list;
}

async function afterSecondFactor(): Promise<void> {
  await refreshSession({ db: getDb(), fetch: (path, init) => fetch(path, init) });
  void syncNow();
  resendPushSubscription();
}

/** The second step after a password (a nurse or admin who has a passkey): confirm with it. */
export async function verifyPasskey(): Promise<void> {
  const { challengeId, options } = OptionsSchema.parse(await api('/api/passkeys/verify/options', { method: 'POST', body: {} }));
  let response;
  try {
    response = await startAuthentication({ optionsJSON: options as unknown as Parameters<typeof startAuthentication>[0]['optionsJSON'] });
  } catch {
    throw new Error(t`パスキーでの確認が取り消されたか、この端末に登録したパスキーがありません。`);
  }
  await api('/api/passkeys/verify', { method: 'POST', body: { challengeId, response } });
  await afterSecondFactor();
}

export async function passkeyLogin(): Promise<Session> {
  let parsed;
  try {
    const res = await fetch('/api/passkeys/login/options', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    parsed = OptionsSchema.parse(await res.json());
  } catch {
    throw new LoginError(t`ネットワークにつながっていません。電波の届く所でもう一度お試しください。`);
  }
  let response;
  try {
    response = await startAuthentication({ optionsJSON: parsed.options as unknown as Parameters<typeof startAuthentication>[0]['optionsJSON'] });
  } catch {
    throw new LoginError(t`パスキーでのログインが取り消されたか、この端末にパスキーがありません。`);
  }
  await beforeSignIn();
  const res = await fetch('/api/passkeys/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ challengeId: parsed.challengeId, response }),
  });
  if (res.status === 401) throw new LoginError(t`パスキーでログインできませんでした。パスワードでログインしてください。`);
  return adoptSession(res);
}
