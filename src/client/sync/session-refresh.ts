// The session as the server sees it now, kept on the phone: after a passkey step completed it,
// or when the server answers 403 because the organization's second-factor day came while this
// phone was signed in (the app then leads to the step it owes).
import type { Session } from '../../shared/schemas.js';
import { parseSession, readSession } from '../db/meta.js';
import type { SyncDeps } from './ports.js';

export async function refreshSession(deps: Pick<SyncDeps, 'db' | 'fetch'>): Promise<Session | null> {
  let res: Response;
  try {
    res = await deps.fetch('/api/session', { credentials: 'same-origin' });
  } catch {
    return null;
  }
  if (!res.ok) return null;
  const session = parseSession(await res.json().catch(() => null));
  if (!session) return null;
  // Only the same account, still signed in: another sign-in on this phone decides for itself,
  // and a sign-out meanwhile stays one. Read and written in one transaction, so a sign-out
  // cannot fall between the check and the write.
  return deps.db.transaction('rw', deps.db.meta, async () => {
    const current = await readSession(deps.db);
    if (!current || current.user.id !== session.user.id) return null;
    await deps.db.meta.put({ key: 'session', value: session });
    return session;
  });
}
