// Account changes that need the network: first-start setup, password change, sign-out everywhere.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OrgKind } from '../../../shared/codes.js';
import { SessionSchema, type Session } from '../../../shared/schemas.js';
import { getDb } from '../../db/db.js';
import { wipeLocalData } from '../../db/wipe.js';
import { ApiError, api } from '../../net/api.js';
import { syncNow } from '../../pwa/sync-triggers.js';
import { queuedSince, type UnsentSeen } from '../../sync/sign-out.js';
import { logout, resendPushSubscription } from './queries.js';

async function storeSession(session: Session): Promise<void> {
  const db = getDb();
  await wipeLocalData(db);
  await db.meta.put({ key: 'session', value: session });
  void syncNow();
}

/** First start: the one-time setup URL creates the organization and its admin, signed in. */
export function useSetupMutation() {
  return useMutation({
    mutationFn: async (v: { token: string; organization: { name: string; kind: OrgKind }; admin: { name: string; loginId: string; password: string } }) => {
      const session = SessionSchema.parse(await api('/api/setup', { method: 'POST', body: v }));
      await storeSession(session);
      return session;
    },
  });
}

/** 「パスワードを変更」: the session goes on, now with the whole API (a temporary password's did not). */
export async function changePassword(v: { currentPassword: string; newPassword: string }): Promise<Session> {
  const session = SessionSchema.parse(await api('/api/session/password', { method: 'PUT', body: v }));
  await getDb().meta.put({ key: 'session', value: session });
  // A temporary password's session could not send it (server/temporary-password.ts).
  resendPushSubscription();
  return session;
}

export function useChangePasswordMutation() {
  return useMutation({ mutationFn: changePassword });
}

/**
 * Ends every session of this account on every phone, then wipes this phone as ログアウト does:
 * not an entry queued after `seen` (false: the person is asked again).
 */
export async function logoutEverywhere(seen: UnsentSeen): Promise<boolean> {
  // Checked before every session ends: ended, they cannot be given back if a record queued while
  // the warning was read (another tab) stops the wipe.
  if (await queuedSince({ db: getDb() }, seen)) return false;
  await import('../../pwa/push.js').then((m) => m.unsubscribeFromPush()).catch(() => undefined);
  try {
    await api('/api/session/everywhere', { method: 'DELETE' });
  } catch (e) {
    // 401: already ended — a record queued during the first try stopped the wipe, and the
    // person, asked again, agreed. Anything else (no signal) stops here with nothing wiped.
    if (!(e instanceof ApiError && e.status === 401)) throw e;
  }
  return logout(seen);
}

export function usePasskeysQuery(enabled: boolean) {
  return useQuery({ queryKey: ['passkeys'], enabled, queryFn: async () => (await import('./passkey-queries.js')).listPasskeys() });
}

export function useRegisterPasskeyMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => (await import('./passkey-queries.js')).registerPasskey(),
    onSuccess: (list) => qc.setQueryData(['passkeys'], list),
  });
}
