// A sync pass belongs to the account signed in when it began. Its requests travel with that
// account's cookie; a sign-out (or another account's sign-in, over nothing unsent) can wipe the
// phone while one is on its way. Applied afterwards, the answer would put the old account's rows
// back on a phone handed to the next person. So each of the pass's write transactions first
// checks, inside itself, that the same account is still signed in: the wipe and the write are
// transactions on the same tables, so one of them sees the other's result, never half of it.
import type { KizukiDb } from '../db/db.js';
import { readSession } from '../db/meta.js';
import { AccountChanged, type SyncDeps } from './ports.js';

export async function signedInUser(db: KizukiDb): Promise<string | null> {
  return (await readSession(db))?.user.id ?? null;
}

/** Call first inside a transaction that includes db.meta; throws AccountChanged (the transaction aborts). */
export async function assertSameAccount(deps: Pick<SyncDeps, 'db' | 'owner'>): Promise<void> {
  if (deps.owner === undefined) return;
  if ((await signedInUser(deps.db)) !== deps.owner) throw new AccountChanged();
}
