// Small key-value facts kept on the phone: the session, the sync cursor, sync state.
// These are read on the very first screen, so they are checked by hand-written guards rather
// than zod: zod stays out of the first download (docs/decisions/0005-first-download-budget.md).
import { ORG_KINDS, ROLES } from '../../shared/codes.js';
import type { Session } from '../../shared/schemas.js';
import type { KizukiDb } from './db.js';

export interface SyncState {
  lastSuccessAt?: string;
  lastError?: string;
  authRequired?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** The shape SessionSchema describes, checked without zod; null when it does not match. */
export function parseSession(v: unknown): Session | null {
  if (!isObject(v) || !isObject(v.user) || !isObject(v.org)) return null;
  const { user, org } = v;
  if (![user.id, user.name, user.orgId, org.id, org.name].every(isString)) return null;
  const role = ROLES.find((r) => r === user.role);
  const kind = ORG_KINDS.find((k) => k === org.kind);
  if (!role || !kind) return null;
  return {
    user: {
      id: user.id as string,
      name: user.name as string,
      role,
      orgId: user.orgId as string,
      ...(user.mustChangePassword === true ? { mustChangePassword: true } : {}),
    },
    org: { id: org.id as string, name: org.name as string, kind },
    ...(secondFactorOf(v.secondFactor) ?? {}),
  };
}

const SECOND_FACTOR_STATES = ['reminder', 'register', 'verify'] as const;

/** A nurse's or admin's second factor, when the server said something is owed or due. */
function secondFactorOf(v: unknown): Pick<Session, 'secondFactor'> | null {
  if (!isObject(v) || !isString(v.requiredFrom)) return null;
  const state = SECOND_FACTOR_STATES.find((s) => s === v.state);
  return state ? { secondFactor: { state, requiredFrom: v.requiredFrom } } : null;
}

/** The session may only register or confirm a passkey (server/second-factor.ts): nothing to sync. */
export const owesSecondFactor = (session: Session | null): boolean =>
  session?.secondFactor?.state === 'register' || session?.secondFactor?.state === 'verify';

export async function readSession(db: KizukiDb): Promise<Session | null> {
  return parseSession((await db.meta.get('session'))?.value);
}

export async function readCursor(db: KizukiDb): Promise<string | undefined> {
  const row = await db.meta.get('cursor');
  return typeof row?.value === 'string' ? row.value : undefined;
}

export async function readSyncState(db: KizukiDb): Promise<SyncState> {
  const v = (await db.meta.get('sync'))?.value;
  if (!isObject(v)) return {};
  return {
    ...(isString(v.lastSuccessAt) ? { lastSuccessAt: v.lastSuccessAt } : {}),
    ...(isString(v.lastError) ? { lastError: v.lastError } : {}),
    ...(typeof v.authRequired === 'boolean' ? { authRequired: v.authRequired } : {}),
  };
}

export async function updateSyncState(db: KizukiDb, patch: Partial<SyncState>): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const current = await readSyncState(db);
    await db.meta.put({ key: 'sync', value: { ...current, ...patch } });
  });
}

/**
 * Counts sign-ins on this phone (moved when one begins and again when it is kept), so a sync pass
 * can tell whether one happened — or began, changing the cookie its requests carry — meanwhile.
 */
export async function readAuthEpoch(db: KizukiDb): Promise<number> {
  const v = (await db.meta.get('authEpoch'))?.value;
  return typeof v === 'number' ? v : 0;
}

export async function bumpAuthEpoch(db: KizukiDb): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    await db.meta.put({ key: 'authEpoch', value: (await readAuthEpoch(db)) + 1 });
  });
}
