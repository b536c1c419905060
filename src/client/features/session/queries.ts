// Signing in and out. The session is also kept on the phone so the app opens offline.
import { t } from '@lingui/core/macro';
import { useMutation } from '@tanstack/react-query';
import type { Session } from '../../../shared/schemas.js';
import { openDb } from '../../db/lazy.js';
import { bumpAuthEpoch, parseSession, updateSyncState } from '../../db/meta.js';
import { keepSignedInSession } from '../../db/wipe.js';
import { syncNow } from '../../pwa/sync-triggers.js';
import { endPendingSignOut, forgetPendingSignOut, signOut, unsentSeen, type UnsentSeen } from '../../sync/sign-out.js';

/** Why signing in failed, in the reader's language (the macros translate when it is thrown). */
export class LoginError extends Error {}

/** What sign-in and sign-out need: the phone's database (Dexie loads on first use) and the network. */
async function deps() {
  return { db: await openDb(), fetch: (path: string, init?: RequestInit) => fetch(path, init), now: () => new Date() };
}

async function login(loginId: string, password: string): Promise<Session> {
  await beforeSignIn();
  let res: Response;
  try {
    res = await fetch('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginId, password }),
    });
  } catch {
    throw new LoginError(t`ネットワークにつながっていません。電波の届く所でもう一度お試しください。`);
  }
  if (res.status === 401) throw new LoginError(t`ログインIDまたはパスワードが違います。`);
  if (res.status === 429) {
    const minutes = Math.ceil(Number(res.headers.get('retry-after') ?? '60') / 60);
    throw new LoginError(t`ログインの失敗が続きました。${minutes}分ほど待ってからお試しください。`);
  }
  return adoptSession(res);
}

/**
 * Before the request that sets a new cookie. A sync pass under way may send its next request with
 * that cookie, yet still believe the old account is signed in: the epoch moved now tells it not to
 * act on what it hears (sync/access-ended.ts drops nothing). And a sign-out without signal left the
 * old session on the server: end it before a new one starts.
 */
export async function beforeSignIn(): Promise<void> {
  const d = await deps();
  await bumpAuthEpoch(d.db);
  await endPendingSignOut(d);
}

/** Keeps the session the server answered with (a password or a passkey sign-in). */
export async function adoptSession(res: Response): Promise<Session> {
  const { db } = await deps();
  if (!res.ok) throw new LoginError(t`ログインできませんでした。時間をおいてもう一度お試しください。`);
  const session = parseSession(await res.json());
  if (!session) throw new LoginError(t`ログインできませんでした。時間をおいてもう一度お試しください。`);
  const unsentElsewhere = await keepSignedInSession(db, session);
  if (unsentElsewhere) {
    // Never drop another account's unsent work; undo this sign-in instead.
    await fetch('/api/session', { method: 'DELETE' }).catch(() => undefined);
    const { name, unsent } = unsentElsewhere;
    throw new LoginError(t`この端末には ${name} さんの未送信の記録が ${unsent}件 あります。先に ${name} さんでログインして送信してください。`);
  }
  await forgetPendingSignOut({ db });
  await bumpAuthEpoch(db);
  await updateSyncState(db, { authRequired: false });
  void syncNow();
  resendPushSubscription();
  return session;
}

/**
 * This phone's push subscription goes to the server again: the server forgets a person's
 * subscriptions when all their sessions end (ADR 0026), and it belongs to whoever signed in now.
 * Also once a session held back has paid what it owed (a second factor, a temporary password
 * changed): until then the server refused it (403), and nothing else would send it.
 */
export function resendPushSubscription(): void {
  void import('../../pwa/push.js').then((m) => m.refreshPushSubscription()).catch(() => undefined);
}

/**
 * `signedIn` runs once the session is stored, given here rather than to `mutate`: signing in
 * from the sign-in page replaces it with the app, and a callback given to `mutate` does not run
 * once the component that called it is gone.
 */
export function useLoginMutation(signedIn: () => void) {
  return useMutation({ mutationFn: (v: { loginId: string; password: string }) => login(v.loginId, v.password), onSuccess: signedIn });
}

/** 「パスキーでログイン」: the WebAuthn code (and zod) load only when it is used. */
export function usePasskeyLoginMutation(signedIn: () => void) {
  return useMutation({ mutationFn: async () => (await import('./passkey-queries.js')).passkeyLogin(), onSuccess: signedIn });
}

/** The unsent entries now: what ログアウト warns of, and what logout() may wipe. */
export async function unsentNow(): Promise<UnsentSeen> {
  return unsentSeen({ db: await openDb() });
}

/**
 * Signs out on the server (now, or at the next contact when there is no signal) and wipes this
 * account's data from the phone — unless an entry was queued after `seen` (false: nothing on the
 * phone changed; ask again). The server's session may then already be over: the records stay,
 * and the app asks to sign in again to send them.
 */
export async function logout(seen: UnsentSeen): Promise<boolean> {
  // The next person on this phone must not get this account's notifications.
  await import('../../pwa/push.js').then((m) => m.unsubscribeFromPush()).catch(() => undefined);
  return signOut(await deps(), seen);
}

/**
 * ログアウト and すべての端末からログアウト both wipe the phone: unsent entries are named and
 * agreed to first (`ask`), and asked about again when one was queued while the warning was read
 * (`end` answers false). False: the person kept them.
 */
export const unsentWarning = (n: number): string =>
  t`まだ送信していない記録が ${n}件 あります。ログアウトするとこの端末から消えます。ログアウトしますか？`;

export async function signOutAsking(ask: (unsent: number) => boolean, end: (seen: UnsentSeen) => Promise<boolean>): Promise<boolean> {
  for (;;) {
    const seen = await unsentNow();
    if (seen.count > 0 && !ask(seen.count)) return false;
    if (await end(seen)) return true;
  }
}

