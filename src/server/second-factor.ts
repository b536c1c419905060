// The second factor for nurses and admins (issue 12, docs/security.md "2FA"). From the day an
// admin of the organization sets (`required_from`, 00:00 Japan time), a nurse or admin signed in
// with a password alone gets a session that can only complete the second factor:
//   - no passkey yet → register one (「パスキーを登録」); registering completes the session;
//   - a passkey → confirm with it (a WebAuthn assertion, POST /api/passkeys/verify).
// A passkey sign-in (「パスキーでログイン」) completes the session at once. Carers are never
// required. Before the day, a nurse or admin without a passkey is reminded of it.
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Role } from '../shared/codes.js';
import type { SecondFactorStatus } from '../shared/schemas.js';
import type { AppEnv } from './http.js';
import { problemWith } from './http.js';
import type { Db } from './store/db.js';
import { hasPasskey, secondFactorRequiredFrom, sessionSecondFactorAt } from './store/second-factor.js';
import { tokenHash } from './store/sessions.js';

/** The problem types a restricted session gets for everything it may not do (RFC 9457 `type`). */
export const PROBLEM_REGISTER = 'urn:kizuki:problem:passkey-registration-required';
export const PROBLEM_VERIFY = 'urn:kizuki:problem:passkey-verification-required';

const REQUIRED_ROLES: ReadonlySet<Role> = new Set(['nurse', 'admin']);

/** 00:00 in Japan (UTC+9 all year) on the given YYYY-MM-DD. */
export const requiredFromMs = (date: string): number => Date.parse(`${date}T00:00:00+09:00`);

export async function mustUseSecondFactor(db: Db, user: { role: Role; org_id: string }, nowMs: number): Promise<boolean> {
  return REQUIRED_ROLES.has(user.role) && nowMs >= requiredFromMs(await secondFactorRequiredFrom(db, user.org_id));
}

/**
 * What the session still owes: null (nothing: a carer, a completed session, or a nurse or admin
 * with a passkey before the day), a reminder, or the one step it may still take.
 */
export async function secondFactorStatus(
  db: Db,
  user: { id: string; role: Role; org_id: string },
  token: string | undefined,
  nowMs: number,
): Promise<SecondFactorStatus | null> {
  if (!REQUIRED_ROLES.has(user.role)) return null;
  const requiredFrom = await secondFactorRequiredFrom(db, user.org_id);
  const enrolled = await hasPasskey(db, user.id);
  if (nowMs < requiredFromMs(requiredFrom)) return enrolled ? null : { state: 'reminder', requiredFrom };
  if (token && (await sessionSecondFactorAt(db, tokenHash(token)))) return null;
  return { state: enrolled ? 'verify' : 'register', requiredFrom };
}

// What a restricted session may still do: see and end itself, change a temporary password,
// and the one step it owes.
export const ALWAYS = ['GET /api/session', 'DELETE /api/session', 'DELETE /api/session/everywhere', 'PUT /api/session/password'];
const STEPS = {
  register: ['GET /api/passkeys', 'POST /api/passkeys/register/options', 'POST /api/passkeys/register'],
  verify: ['POST /api/passkeys/verify/options', 'POST /api/passkeys/verify'],
};
/** The second factor's own steps (a temporary password's session may take them too). */
export const SECOND_FACTOR_STEPS: readonly string[] = [...STEPS.register, ...STEPS.verify];
const ALLOWED: Record<'register' | 'verify', ReadonlySet<string>> = {
  register: new Set([...ALWAYS, ...STEPS.register]),
  verify: new Set([...ALWAYS, ...STEPS.verify]),
};

/** After the session middleware: refuses every other request of a restricted session, 403. */
export function secondFactorGate(cookieName: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get('actor') as AppEnv['Variables']['actor'] | undefined;
    if (!actor || !REQUIRED_ROLES.has(actor.role)) return next();
    const db = c.get('db');
    const status = await secondFactorStatus(db, { id: actor.id, role: actor.role, org_id: actor.orgId }, getCookie(c, cookieName), c.get('now')().getTime());
    if (!status || status.state === 'reminder') return next();
    // As the router reads it (escapes decoded), like the session middleware.
    const path = c.req.path.replace(/\/$/, '');
    if (ALLOWED[status.state].has(`${c.req.method} ${path}`)) return next();
    const detail =
      status.state === 'register'
        ? 'この事業所では、看護師と管理者はパスキーの登録が必要です。「パスキーを登録」から登録してください。'
        : 'この事業所では、看護師と管理者はパスワードのあとにパスキーでの確認が必要です。';
    return problemWith(403, detail, { type: status.state === 'register' ? PROBLEM_REGISTER : PROBLEM_VERIFY, secondFactor: status });
  };
}
