// A password an admin set (a new account, a reset) is temporary: the person chooses their own at
// the first sign-in (docs/security.md). Until then their session may only change it — and see and
// end itself, and take the second factor's steps, which a nurse or admin may owe first
// (second-factor.ts) — whatever the phone shows: an admin who knows the temporary password
// cannot use it to read records through the API. The phone's sync meets a 403 for the whole
// request (a batch, a page of the feed) and retries later: nothing queued is lost.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './http.js';
import { problemWith } from './http.js';
import { ALWAYS, SECOND_FACTOR_STEPS } from './second-factor.js';

export const PROBLEM_PASSWORD_CHANGE = 'urn:kizuki:problem:password-change-required';

const ALLOWED: ReadonlySet<string> = new Set([...ALWAYS, ...SECOND_FACTOR_STEPS]);

/** After the session middleware: refuses every other request of a temporary password's session, 403. */
export const temporaryPasswordGate: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('temporaryPassword')) return next();
  // As the router reads it (escapes decoded), like the session middleware.
  const path = c.req.path.replace(/\/$/, '');
  if (ALLOWED.has(`${c.req.method} ${path}`)) return next();
  return problemWith(403, '仮のパスワードのままです。新しいパスワードに変えてから使ってください。', { type: PROBLEM_PASSWORD_CHANGE });
};
