// One error shape for the whole API: RFC 9457 problem+json with `errors: [{path, message}]`.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ProblemError } from '../shared/schemas.js';
import type { Actor } from './access.js';
import type { Db } from './store/db.js';
import type { Writer } from './store/writer.js';

export interface AppEnv {
  Variables: {
    actor: Actor;
    db: Db;
    now: () => Date;
    secure: boolean;
    address: string;
    /** Sessions unused for longer end; also the session cookie's Max-Age. */
    sessionIdleMs: number;
    /** The group writer for this request's writes (a batch's sub-requests share one commit). */
    writer: Writer;
    /** A batch entry's body, parsed once with the batch (routes/batch.ts); readJson takes it. */
    body: { value: unknown } | undefined;
    /** This request is an entry of a batch: its answer is read back as a value, never sent. */
    inBatch: boolean | undefined;
    /** The session was signed in with a password an admin set, not yet changed (temporary-password.ts). */
    temporaryPassword: boolean | undefined;
  };
}

/** What json() and problem() serialized, by answer: a batch reads it back without parsing. */
const sentBodies = new WeakMap<Response, unknown>();

/** The value an answer of json() or problem() was serialized from, if it is one of theirs. */
export function sentBody(res: Response): { value: unknown } | undefined {
  return sentBodies.has(res) ? { value: sentBodies.get(res) } : undefined;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemBody(status: number, detail: string, errors?: ProblemError[]) {
  return {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(errors ? { errors } : {}),
  };
}

export function problem(status: number, detail: string, errors?: ProblemError[], headers?: Record<string, string>): Response {
  return problemResponse(problemBody(status, detail, errors), headers);
}

/** A problem with members of its own beside the standard ones (RFC 9457 "extension members"). */
export function problemWith(status: number, detail: string, extensions: Record<string, unknown>): Response {
  return problemResponse({ ...problemBody(status, detail), ...extensions });
}

function problemResponse(body: ReturnType<typeof problemBody>, headers?: Record<string, string>): Response {
  const status = body.status;
  const res = new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...headers },
  });
  sentBodies.set(res, body);
  return res;
}

export function json(c: Context, body: unknown, status: ContentfulStatusCode = 200): Response {
  if (c.get('inBatch') === true) {
    // A batch entry's answer is its status and this value (routes/batch.ts reads it back through
    // sentBody): no JSON text and no body stream, which cost a sixth of a batch entry's CPU; and
    // no headers, which nothing reads (the batch's own answer carries them): a Response with a
    // headers init costs ~5× one without.
    const res = new Response(null, { status });
    sentBodies.set(res, body);
    return res;
  }
  c.header('cache-control', 'no-store');
  const res = c.json(body, status);
  sentBodies.set(res, body);
  return res;
}

/** Parses a JSON request body; a Response is a problem to answer instead. */
export async function readJson(
  c: Context,
  /** A batch's own body: its entries' bodies are checked for NUL each on its own (a 400 for that entry alone). */
  { nulAllowed = false }: { nulAllowed?: boolean } = {},
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    return { ok: false, response: problem(415, '送信内容は JSON にしてください（Content-Type: application/json）。') };
  }
  const given = c.get('body');
  if (given) {
    // A batch entry: JSON already, from the batch's own body.
    if (hasNul(given.value)) return { ok: false, response: nulBody() };
    return { ok: true, value: given.value };
  }
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, response: problem(400, '送信内容が正しい JSON ではありません。', [{ path: '(body)', message: 'JSON として読めません' }]) };
  }
  // U+0000 is no text a person wrote, and PostgreSQL cannot store it: refused on every engine.
  if (!nulAllowed && (text.includes('\\u0000') || text.includes('\0')) && hasNul(value)) return { ok: false, response: nulBody() };
  return { ok: true, value };
}

const nulBody = () => problem(400, '送信内容に NUL 文字が含まれています。', [{ path: '(body)', message: 'NUL 文字があります' }]);

function hasNul(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('\0');
  if (Array.isArray(v)) return v.some(hasNul);
  if (v && typeof v === 'object') return Object.entries(v).some(([k, x]) => k.includes('\0') || hasNul(x));
  return false;
}

/**
 * How long an idle keep-alive connection stays open: longer than the 60 s a reverse proxy or a
 * client's pool commonly keeps one. Node's default (5 s) closes sockets a client is about to
 * reuse: a request sent on one just as it closes meets ECONNRESET, and a client that does not
 * retry (Playwright's request context, seen twice under load) fails. Headers may take a moment
 * longer than that (Node asks headersTimeout > keepAliveTimeout).
 */
export const KEEP_ALIVE_MS = 65_000;

export function keepConnections(server: { keepAliveTimeout: number; headersTimeout: number }): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}
