// Sign-in, the current session, sign-out. Sign-in is throttled per account (10 failures in
// 15 minutes → 429 with Retry-After) and, more loosely, per address.
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { LoginSchema, PasswordChangeSchema, issuesToErrors, type SecondFactorStatus } from '../../shared/schemas.js';
import type { AppEnv } from '../http.js';
import { json, problem, readJson } from '../http.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from '../passwords.js';
import { secondFactorStatus } from '../second-factor.js';
import { deleteSessionsOf, setPassword } from '../store/admin.js';
import type { Db } from '../store/db.js';
import { getOrganization, getUser, getUserByLogin, type UserRow } from '../store/directory.js';
import {
  clearLoginFailures,
  createSession,
  deleteSession,
  releaseLoginFailures,
  reserveLoginAttempt,
  tokenHash,
} from '../store/sessions.js';

export const SESSION_COOKIE = 'kizuki_session';
const WINDOW_MS = 15 * 60 * 1000;
const ACCOUNT_LIMIT = 10;
const ADDRESS_LIMIT = 100;

/** The session as the client keeps it; `secondFactor` only when something is owed or due. */
export async function sessionBody(db: Db, user: UserRow, secondFactor: SecondFactorStatus | null = null) {
  const org = await getOrganization(db, user.org_id);
  return {
    user: {
      id: user.id,
      name: user.name,
      role: user.role,
      orgId: user.org_id,
      ...(user.must_change_password ? { mustChangePassword: true } : {}),
    },
    org: org ?? { id: user.org_id, name: '', kind: 'other' },
    ...(secondFactor ? { secondFactor } : {}),
  };
}

/** sessionBody for this request's session (its cookie, or the one just started). */
export async function currentSessionBody(c: Context<AppEnv>, user: UserRow, token = getCookie(c, SESSION_COOKIE)) {
  const db = c.get('db');
  return sessionBody(db, user, await secondFactorStatus(db, user, token, c.get('now')().getTime()));
}

/**
 * The session cookie: HttpOnly, SameSite=Strict, Secure behind HTTPS, and persistent for the
 * idle period (renewed whenever the server refreshes the session's idle clock), so closing the
 * browser or the phone killing the app does not sign anyone out. The server's idle expiry
 * stays the real limit; the cookie only lives as long.
 */
export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  const maxAge = Math.max(60, Math.floor((c.get('sessionIdleMs') ?? 12 * 3600 * 1000) / 1000));
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: c.get('secure'), path: '/', maxAge });
}

/**
 * Signs the user in on this browser: a new session id every time (a cookie the browser still
 * had is ended). Returns the new session's token.
 */
export async function startSession(c: Context<AppEnv>, userId: string): Promise<string> {
  const db = c.get('db');
  const previous = getCookie(c, SESSION_COOKIE);
  if (previous) await deleteSession(db, previous);
  const token = await createSession(db, userId, c.get('now')().toISOString());
  setSessionCookie(c, token);
  return token;
}

export function sessionRoutes() {
  const r = new Hono<AppEnv>();

  r.post('/', async (c) => {
    const db = c.get('db');
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = LoginSchema.safeParse(body.value);
    if (!parsed.success) return problem(400, 'ログインIDとパスワードを入力してください。', issuesToErrors(parsed.error.issues));
    const { loginId, password } = parsed.data;
    const nowMs = c.get('now')().getTime();
    const accountKey = `account:${loginId.toLowerCase()}`;
    const addressKey = `address:${c.get('address')}`;
    // Decided and counted before the password is checked (see reserveLoginAttempt).
    const attempt = await reserveLoginAttempt(
      db,
      [
        { key: accountKey, limit: ACCOUNT_LIMIT },
        { key: addressKey, limit: ADDRESS_LIMIT },
      ],
      nowMs,
      WINDOW_MS,
    );
    if (!('reserved' in attempt)) {
      return problem(429, 'ログインの失敗が続いたため、しばらく待ってからもう一度お試しください。', undefined, {
        'retry-after': String(attempt.wait),
      });
    }
    const user = await getUserByLogin(db, loginId);
    // An unknown or disabled account costs the same scrypt as a real one: the answer's timing
    // must not tell which login ids exist.
    const checked = await verifyPassword(password, user && !user.disabled ? user.password_hash : await DUMMY_HASH_PROMISE);
    const ok = !!user && !user.disabled && checked;
    // A failure stays counted: its reservation is the failure record.
    if (!user || !ok) return problem(401, 'ログインIDまたはパスワードが違います。');
    await releaseLoginFailures(db, attempt.reserved);
    await clearLoginFailures(db, accountKey);
    // A nurse or admin past the organization's day gets a session that owes its second factor
    // (second-factor.ts); the body says which step, and the client leads there.
    const token = await startSession(c, user.id);
    return json(c, await currentSessionBody(c, user, token));
  });

  r.get('/', async (c) => {
    const actor = c.get('actor');
    const user = await getUser(c.get('db'), actor.id);
    if (!user) return problem(401, 'ログインしてください。');
    return json(c, await currentSessionBody(c, user));
  });

  r.put('/password', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = PasswordChangeSchema.safeParse(body.value);
    if (!parsed.success) return problem(400, '新しいパスワードは10文字以上にしてください。', issuesToErrors(parsed.error.issues));
    const user = await getUser(db, actor.id);
    if (!user || !(await verifyPassword(parsed.data.currentPassword, user.password_hash))) {
      return problem(400, '今のパスワードが違います。', [{ path: 'currentPassword', message: '違います' }]);
    }
    const hash = await hashPassword(parsed.data.newPassword);
    const token = getCookie(c, SESSION_COOKIE) ?? '';
    await db.transaction(async () => {
      await setPassword(db, actor.id, hash, false);
      await deleteSessionsOf(db, actor.id, tokenHash(token));
    });
    const updated = await getUser(db, actor.id);
    return json(c, updated ? await currentSessionBody(c, updated) : null);
  });

  // Sign out everywhere: every session of this account, this one included.
  r.delete('/everywhere', async (c) => {
    await deleteSessionsOf(c.get('db'), c.get('actor').id);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: c.get('secure') });
    c.header('cache-control', 'no-store');
    return c.body(null, 204);
  });

  r.delete('/', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSession(c.get('db'), token);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: c.get('secure') });
    c.header('cache-control', 'no-store');
    return c.body(null, 204);
  });

  return r;
}
