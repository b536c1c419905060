// createApp(deps): the whole HTTP surface — security headers, sessions, the /api routes with
// one error shape, and the built PWA. index.ts is the only place that touches the process.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { getCookie } from 'hono/cookie';
import { serveStatic } from '@hono/node-server/serve-static';
import { getConnInfo } from '@hono/node-server/conninfo';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { fieldMessage } from '../shared/field-messages.js';
import type { Actor } from './access.js';
import { createLocalChangeBus, type ChangeBus } from './change-bus.js';
import type { AppEnv } from './http.js';
import { problem } from './http.js';
import type { Db } from './store/db.js';
import { createWriter, type Op, type Writer } from './store/writer.js';
import { deleteSession, findSessionUser, touchSession } from './store/sessions.js';
import { adminRoutes } from './routes/admin.js';
import { batchRoutes, type BatchEntry } from './routes/batch.js';
import { caseRoutes } from './routes/case.js';
import { changeRoutes } from './routes/changes.js';
import { eventRoutes } from './routes/events.js';
import { consultationRoutes } from './routes/consultations.js';
import { fhirRoutes } from './routes/fhir.js';
import { clientRoutes, organizationRoutes } from './routes/directory.js';
import { healthRoutes } from './routes/health.js';
import { observationRoutes } from './routes/observations.js';
import { passkeyLoginRoutes, passkeyRoutes } from './routes/passkeys.js';
import { photoRoutes } from './routes/photos.js';
import { pushRoutes } from './routes/push.js';
import type { Push } from './push.js';
import type { Furigana } from './furigana.js';
import { openApiRoutes } from './routes/openapi.js';
import { SESSION_COOKIE, sessionRoutes, setSessionCookie } from './routes/session.js';
import { setupRoutes } from './routes/setup.js';
import { secondFactorAdminRoutes } from './routes/second-factor.js';
import { secondFactorGate } from './second-factor.js';
import { temporaryPasswordGate } from './temporary-password.js';
import { clientOrgOf, createAuditLog, describeRequest, type AuditEntry, type AuditLog } from './audit.js';

export interface AppDeps {
  db: Db;
  now?: () => Date;
  /** The built client (dist/client); without it only /api is served. */
  staticDir?: string;
  /** Trust X-Forwarded-Proto / X-Forwarded-For from a TLS reverse proxy. */
  trustProxy?: boolean;
  /** Sessions idle longer than this end (default 12 h). */
  sessionIdleMs?: number;
  /** The group writer (store/writer.ts) of `db`; the audit log should share it. */
  writer?: Writer;
  audit?: AuditLog;
  /** Web Push to nurses; without it /api/push answers 404 and nothing is pushed. */
  push?: Push;
  /** ふりがな for nurses' Japanese free text (furigana.ts); without it messages carry none. */
  furigana?: Furigana;
  /** Tells the live streams (GET /api/events) that writes were committed; one is made if absent. */
  changes?: ChangeBus;
  /** Between the live streams' heartbeat comments (default 30 s). */
  eventHeartbeatMs?: number;
}

// Validation messages in plain Japanese, with no type names: they reach a care worker as a
// rejected item's reason (shared/field-messages.ts).
z.config({ localeError: fieldMessage });

const MAX_BODY = 1024 * 1024;
const PUBLIC_API = new Set(['/api/health', '/api/openapi.json', '/api/setup', '/api/passkeys/login', '/api/passkeys/login/options']);

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const now = deps.now ?? (() => new Date());
  const idleMs = deps.sessionIdleMs ?? 12 * 60 * 60 * 1000;
  const app = new Hono<AppEnv>();
  // One writer per app: the routes' writes and the audit entries of a turn share one commit.
  const writer: Writer = deps.writer ?? createWriter(deps.db);
  const audit: AuditLog = deps.audit ?? createAuditLog(deps.db, writer);
  // A batch's sub-requests write through the batch's collecting writer (routes/batch.ts).
  const batchWriters = new WeakMap<Request, Writer>();
  // … and carry what the batch established: its session, address, and their parsed bodies.
  const batchEntries = new WeakMap<Request, BatchEntry>();
  const changes: ChangeBus = deps.changes ?? createLocalChangeBus();

  /** Who a session cookie signs in: none, a session that timed out, or an actor. */
  const signedIn = async (token: string | undefined, nowMs: number): Promise<SignedIn> => {
    // Read from the database on every request, not cached: a sign-out, a revoked session or a
    // disabled account takes effect at once in every process (ADR 0016).
    const user = token ? await findSessionUser(deps.db, token) : undefined;
    if (!token || !user || user.disabled) return { state: 'none' };
    const idleForMs = nowMs - Date.parse(user.last_seen_at);
    if (idleForMs > idleMs) return { state: 'idle' };
    return {
      state: 'in',
      idleForMs,
      actor: { id: user.id, name: user.name, role: user.role, orgId: user.org_id },
      temporaryPassword: !!user.must_change_password,
    };
  };

  app.onError((err) => {
    console.error(err);
    return problem(500, 'サーバーでエラーが発生しました。時間をおいて再度お試しください。');
  });

  app.use('*', async (c, next) => {
    c.set('db', deps.db);
    c.set('now', now);
    c.set('sessionIdleMs', idleMs);
    c.set('writer', batchWriters.get(c.req.raw) ?? writer);
    const entry = batchEntries.get(c.req.raw);
    if (entry) c.set('inBatch', true);
    if (entry?.body) c.set('body', entry.body);
    const url = new URL(c.req.url);
    const proto = deps.trustProxy ? c.req.header('x-forwarded-proto') : undefined;
    c.set('secure', (proto ?? url.protocol.replace(':', '')) === 'https');
    let address = 'unknown';
    // The last entry: the one our proxy wrote. A proxy that appends (nginx's
    // $proxy_add_x_forwarded_for) keeps whatever the caller sent in front of it, so the first
    // entry is the caller's to choose — and with it, the sign-in throttle's address.
    const forwarded = deps.trustProxy ? c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim() || undefined : undefined;
    if (entry) address = entry.address;
    else if (forwarded) address = forwarded;
    else {
      try {
        address = getConnInfo(c).remote.address ?? 'unknown';
      } catch {
        // In-process requests (tests, batch) have no socket.
      }
    }
    c.set('address', address);
    await next();
    // A batch entry's headers are never sent: the batch's own answer carries them.
    if (!entry) setHeaders(c, SECURITY_HEADERS);
  });

  // Cookie-authenticated writes must come from our own origin (CSRF), besides SameSite=Strict.
  app.use('/api/*', async (c, next) => {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
      const origin = c.req.header('origin');
      // `Origin: null` (sandboxed frames, file: pages, some redirects) is never our page.
      if (origin === 'null') return problem(403, '別のサイトからの要求は受け付けません。');
      if (origin) {
        // X-Forwarded-Host only from a trusted proxy, like X-Forwarded-Proto/-For: anyone can send it.
        const forwardedHost = deps.trustProxy ? c.req.header('x-forwarded-host') : undefined;
        const host = forwardedHost ?? c.req.header('host') ?? new URL(c.req.url).host;
        // Served over HTTPS, an http: page of the same host is another origin too (a page injected
        // on the plain-HTTP side; SameSite does not tell the schemes apart in every browser). Over
        // plain HTTP the scheme is not compared: a TLS proxy without TRUST_PROXY looks the same.
        const otherScheme = c.get('secure') && !origin.startsWith('https:');
        if (originHostOf(origin) !== host || otherScheme) return problem(403, '別のサイトからの要求は受け付けません。');
      }
    }
    return next();
  });

  // The declared Content-Length is checked without touching the body: reading `c.req.raw.body`
  // (as hono's bodyLimit does first) turns @hono/node-server's lightweight request into a full
  // web Request and its stream, which cost more than the rest of the middleware. Node's parser
  // never delivers more than the declared length. Without one (chunked), hono's bodyLimit counts.
  const countBody = bodyLimit({ maxSize: MAX_BODY, onError: () => tooLarge() });
  app.use('/api/*', (c, next) => {
    // A batch's entries: the batch's own body was limited, and an entry is part of it.
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || batchWriters.has(c.req.raw)) return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return /^\d+$/.test(length) && Number(length) <= MAX_BODY ? next() : Promise.resolve(tooLarge());
    }
    return countBody(c, next);
  });

  app.use('/api/*', async (c, next) => {
    // The path as the router reads it (percent escapes decoded): '/api/client%73/x' reaches the
    // clients route, so it must be logged and judged as '/api/clients/x', not as something else.
    const path = c.req.path.replace(/\/$/, '');
    if (PUBLIC_API.has(path) || (path === '/api/session' && c.req.method === 'POST')) return next();
    const token = getCookie(c, SESSION_COOKIE);
    const nowMs = now().getTime();
    // A batch entry's session is the batch's, signed in (and its idle clock refreshed) just now.
    const entry = batchEntries.get(c.req.raw);
    const who: SignedIn = entry ? { state: 'in', idleForMs: 0, actor: entry.actor } : await signedIn(token, nowMs);
    if (!token || who.state === 'none') return problem(401, 'ログインしてください。');
    if (who.state === 'idle') {
      await deleteSession(deps.db, token);
      return problem(401, '一定時間操作がなかったため、ログインし直してください。');
    }
    // Refresh the idle clock at most once a minute, not on every request.
    // The cookie's Max-Age slides with it, so a relaunched browser is still signed in.
    if (who.idleForMs > 60_000) {
      await touchSession(deps.db, token, new Date(nowMs).toISOString());
      setSessionCookie(c, token);
    }
    const actor = who.actor;
    c.set('actor', actor);
    if (who.temporaryPassword) c.set('temporaryPassword', true);
    const what = describeRequest(c.req.method, path);
    const entryFor = async (status: number): Promise<AuditEntry | null> => {
      if (!what) return null;
      const { parentId, ...entry } = what;
      return {
        at: now().toISOString(),
        userId: actor.id,
        orgId: actor.orgId,
        ...entry,
        status,
        // Only a record the caller could reach names its owner (a 404 must not leak through the log).
        clientOrgId: status < 300 ? await clientOrgOf(deps.db, entry.entityType, parentId) : null,
      };
    };
    // A write through the group writer logs itself inside its own op (ADR 0014).
    const inOp = what ? auditInOp(c.get('writer'), audit, entryFor) : undefined;
    if (inOp) c.set('writer', inOp.writer);
    await next();
    // A write answered 2xx is committed: wake the live streams (they check what each may see).
    if (c.req.method !== 'GET' && c.res.status < 300) changes.publish();
    // Not logged by its op (a read, a refusal before the op, an op not committed): logged now.
    if (inOp?.loggedStatus() !== c.res.status) {
      const entry = await entryFor(c.res.status);
      if (entry) audit.record(entry);
    }
  });

  // A NUL in the path (an id, say) names nothing on any engine; PostgreSQL cannot even compare it.
  app.use('/api/*', async (c, next) => (/%00/.test(c.req.url) ? problem(404, 'この API はありません。') : next()));

  // After the session: a nurse's or admin's session that owes its second factor may only pay it
  // (second-factor.ts). Inside the session middleware's next(), so its refusals are audited too.
  // A batch entry passes: its batch did (no restricted session may send a batch).
  const gate = secondFactorGate(SESSION_COOKIE);
  app.use('/api/*', (c, next) => (batchEntries.has(c.req.raw) ? next() : gate(c, next)));
  // Likewise a session signed in with a temporary password, until it is changed.
  app.use('/api/*', (c, next) => (batchEntries.has(c.req.raw) ? next() : temporaryPasswordGate(c, next)));

  app.route('/api/health', healthRoutes());
  app.route('/api/openapi.json', openApiRoutes());
  app.route('/api/session', sessionRoutes());
  app.route('/api/passkeys/login', passkeyLoginRoutes());
  app.route('/api/passkeys', passkeyRoutes());
  app.route('/api/organizations', organizationRoutes());
  app.route('/api/clients', clientRoutes());
  app.route('/api/clients', fhirRoutes());
  app.route('/api/observations', observationRoutes());
  app.route('/api/observations', photoRoutes());
  app.route('/api/consultations', consultationRoutes({ push: deps.push, furigana: deps.furigana }));
  app.route('/api/consultations', caseRoutes());
  if (deps.push) app.route('/api/push', pushRoutes(deps.push));
  app.route('/api/changes', changeRoutes());
  app.route(
    '/api/events',
    eventRoutes({
      bus: changes,
      heartbeatMs: deps.eventHeartbeatMs,
      sessionCheck: (c) => {
        const token = getCookie(c, SESSION_COOKIE);
        return async () => (await signedIn(token, now().getTime())).state === 'in';
      },
    }),
  );
  app.route('/api/admin/second-factor', secondFactorAdminRoutes());
  app.route('/api/admin', adminRoutes());
  app.route('/api/setup', setupRoutes());
  app.route('/api/batch', batchRoutes({ dispatch: () => app.fetch.bind(app), writer, subWriters: batchWriters, entries: batchEntries }));
  app.all('/api/*', () => problem(404, 'この API はありません。'));

  if (deps.staticDir) mountClient(app, deps.staticDir);
  return app;
}

type SignedIn = { state: 'none' } | { state: 'idle' } | { state: 'in'; idleForMs: number; actor: Actor; temporaryPassword?: boolean };

/**
 * The request's writer, logging the request inside its write: the op's answer (a Response, or
 * `{ response }`) gives the status, and the entry is inserted in the same savepoint, so it is
 * committed exactly when the write is — no audit-only transaction (and fsync) after each group.
 * `loggedStatus()` is the status logged, once the op's group has committed.
 */
function auditInOp(
  base: Writer,
  audit: AuditLog,
  entryFor: (status: number) => Promise<AuditEntry | null>,
): { writer: Writer; loggedStatus: () => number | undefined } {
  let logged: number | undefined;
  let claimed = false;
  const writer: Writer = {
    async run<T>(op: Op<T>): Promise<T> {
      // One entry per request: only its first write logs it.
      if (claimed) return base.run(op);
      claimed = true;
      let status: number | undefined;
      const value = await base.run(async () => {
        const out = await op();
        status = statusOf(out);
        const entry = status === undefined ? null : await entryFor(status);
        if (entry) await audit.within(entry);
        else status = undefined;
        return out;
      });
      logged = status;
      return value;
    },
    runAll: (ops) => base.runAll(ops),
    flush: () => base.flush(),
  };
  return { writer, loggedStatus: () => logged };
}

function statusOf(out: unknown): number | undefined {
  if (out instanceof Response) return out.status;
  const response = (out as { response?: unknown } | null)?.response;
  return response instanceof Response ? response.status : undefined;
}

const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
];

const tooLarge = () => problem(413, '送信内容が 1 MB を超えています。');

/**
 * Adds headers to the finished response in place. c.header() after next() copies the response
 * once per header, and the copy loses @hono/node-server's fast path (its body is then read back
 * through a web stream). A response whose headers cannot change (none of ours) gets the copies.
 */
function setHeaders(c: Context<AppEnv>, headers: readonly (readonly [string, string])[]): void {
  try {
    const h = c.res.headers;
    for (const [name, value] of headers) h.set(name, value);
    if (!h.has('Content-Security-Policy')) h.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  } catch {
    for (const [name, value] of headers) c.header(name, value);
    if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  }
}

function originHostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** The built PWA: hashed assets cached for a year; the shell, sw.js and manifest revalidated. */
function mountClient(app: Hono<AppEnv>, dir: string): void {
  const indexHtml = readFileSync(join(dir, 'index.html'), 'utf8');
  app.use('*', compress());
  app.use('*', async (c, next) => {
    await next();
    const path = new URL(c.req.url).pathname;
    // Only a file that is there: a 404 (or the shell) for a hashed name must not be kept a year.
    if (path.startsWith('/assets/') && c.res.status === 200 && !c.res.headers.get('content-type')?.startsWith('text/html')) {
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
    }
    else if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-cache');
    if (path === '/sw.js') c.header('Service-Worker-Allowed', '/');
  });
  // `precompressed`: the build's `assets/*.br` go to browsers that accept brotli (vite.config.ts).
  app.use('*', serveStatic({ root: dir, precompressed: true }));
  app.get('*', (c) => {
    const path = new URL(c.req.url).pathname;
    // Unknown files 404; every other path is a route of the single-page app.
    if (/\.[a-z0-9]+$/i.test(path)) return c.text('Not found', 404);
    return c.html(indexHtml);
  });
}
