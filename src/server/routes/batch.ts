// POST /api/batch: up to 100 PUT/GET requests to the other routes, run in order through the
// same app, so each means exactly what it means alone (same session, same checks).
//
// One group commit for the batch's writes, not one per entry: consecutive PUTs to the routes
// that write through the group writer (observations, consultations, messages) form a segment.
// A segment's entries are dispatched together; each gets its own writer (store/writer.ts), which
// only takes the entry's op. Once every entry has handed in its op or answered without one,
// the ops go to the app's writer as one runAll, in the entries' order: each runs in its own
// savepoint and sees the ones before it, exactly as if the entries had been sent one after the
// other, and every answer is built after the commit. Any other entry (a GET, a photo) first waits
// for the writes before it to commit, then runs alone.
//
// What the batch itself established is not established again for each entry (ADR 0014): the
// entries carry the batch's session (its actor, checked a moment ago, second factor included —
// a restricted session cannot send a batch at all) and address, and their bodies stay the values
// parsed with the batch (no JSON text and stream per entry); an answer built by json() or
// problem() is read back as the value it was serialized from. Everything else — the route, its
// checks, its statuses — runs exactly as for a request alone.
import { Hono } from 'hono';
import { getPath } from 'hono/utils/url';
import { ACCOUNT_HEADER, BatchRequestSchema, issuesToErrors, type BatchRequest } from '../../shared/schemas.js';
import type { Actor } from '../access.js';
import type { AppEnv } from '../http.js';
import { json, problem, problemBody, readJson, sentBody } from '../http.js';
import type { Op, Writer } from '../store/writer.js';

type Dispatch = (req: Request) => Response | Promise<Response>;
type Sub = BatchRequest['requests'][number];
interface Answer {
  id: string;
  status: number;
  body: unknown;
}

/** The PUT routes whose checks and insert are one op of the group writer. */
const GROUPED_PUT = [
  /^\/api\/observations\/[^/]+$/,
  /^\/api\/consultations\/[^/]+$/,
  /^\/api\/consultations\/[^/]+\/messages\/[^/]+$/,
];

export interface BatchDeps {
  dispatch: () => Dispatch;
  /** The app's group writer: a segment's ops are committed through it, together. */
  writer: Writer;
  /**
   * Every sub-request (by its Request object), with the writer its route should use: the
   * segment's collector, or the app's writer for an entry that runs alone.
   */
  subWriters: WeakMap<Request, Writer>;
  /** Every sub-request (by its Request object), with what the batch established for it. */
  entries: WeakMap<Request, BatchEntry>;
}

export interface BatchEntry {
  /** The batch's signed-in actor: the entry's session is the batch's. */
  actor: Actor;
  address: string;
  /** A PUT's body as parsed with the batch. */
  body?: { value: unknown };
}

export function batchRoutes(deps: BatchDeps) {
  const r = new Hono<AppEnv>();
  r.post('/', async (c) => {
    const actor = c.get('actor');
    // Entries a phone read for one account never run under another's session (client flush.ts).
    const account = c.req.header(ACCOUNT_HEADER);
    if (account !== undefined && account !== actor.id) {
      return problem(409, 'この記録は別のアカウントのものです。送信されませんでした。');
    }
    const body = await readJson(c, { nulAllowed: true });
    if (!body.ok) return body.response;
    const parsed = BatchRequestSchema.safeParse(body.value);
    if (!parsed.success) return problem(400, 'バッチの形式が正しくありません。', issuesToErrors(parsed.error.issues));
    const origin = new URL(c.req.url).origin;
    const address = c.get('address');
    // One set of headers for every entry: nothing changes a request's headers.
    const headers = new Headers({ 'content-type': 'application/json' });
    const cookie = c.req.header('cookie');
    if (cookie) headers.set('cookie', cookie);
    const forwarded = c.req.header('x-forwarded-for');
    if (forwarded) headers.set('x-forwarded-for', forwarded);

    // Each entry becomes a Request, or an answer when it cannot be sent.
    const prepared = parsed.data.requests.map((sub, i): { sub: Sub; req: Request; grouped: boolean } | Answer => {
      const url = new URL(sub.url, origin);
      // The URL as parsed, after '..' segments: '/api/../x' is not an API route. And as the
      // router reads it, escapes decoded: '/api/%65vents' is the live stream.
      const path = routedPath(url);
      if (
        url.origin !== origin ||
        !path.startsWith('/api/') ||
        path.startsWith('/api/batch') ||
        path.startsWith('/api/session') ||
        // The live stream never ends: the batch would wait for its answer forever.
        path.startsWith('/api/events')
      ) {
        return { id: sub.id, status: 400, body: problemBody(400, 'この URL はバッチでは使えません。') };
      }
      const body = sub.method === 'PUT' ? { value: sub.body ?? null } : undefined;
      try {
        // JSON.parse takes nesting that JSON.stringify cannot give back (a stack overflow): the
        // routes serialize what they store, so such a body is refused here, as before.
        if (body) JSON.stringify(body.value);
      } catch {
        const errors = [{ path: `requests.${i}.body`, message: '入れ子が深すぎます' }];
        return { id: sub.id, status: 400, body: problemBody(400, '送信内容の入れ子が深すぎます。', errors) };
      }
      const req = entryRequest(url, sub.method, headers);
      const grouped = sub.method === 'PUT' && GROUPED_PUT.some((re) => re.test(path));
      deps.subWriters.set(req, deps.writer);
      deps.entries.set(req, { actor, address, ...(body ? { body } : {}) });
      return { sub, req, grouped };
    });

    const answers: Answer[] = [];
    let segment: { sub: Sub; req: Request; at: number }[] = [];
    const closeSegment = async () => {
      const done = await runSegment(deps, segment);
      segment.forEach((entry, k) => (answers[entry.at] = done[k] as Answer));
      segment = [];
    };
    for (const [at, p] of prepared.entries()) {
      // Refused without running: nothing waits for it, and it does not split a segment.
      if ('status' in p) answers[at] = p;
      else if (p.grouped) segment.push({ ...p, at });
      else {
        await closeSegment();
        answers[at] = await answer(p.sub.id, await deps.dispatch()(p.req));
      }
    }
    await closeSegment();
    return json(c, { responses: answers });
  });
  return r;
}

/**
 * A batch entry as the app sees a request: its URL, its method and the batch's headers — all
 * that Hono and our middleware read of one (an entry's body is the value parsed with the batch,
 * BatchEntry.body). A web `Request` per entry cost ~20–90 µs (undici parses the URL again,
 * checks and copies each header, makes an AbortSignal): a tenth of an entry's CPU. Anything else
 * of a Request (a body stream, a signal, clone) is Request.prototype's and throws on this object,
 * so a route that wanted one would fail loudly, not act on an empty request.
 */
function entryRequest(url: URL, method: string, headers: Headers): Request {
  return Object.create(Request.prototype, {
    url: { value: url.href, enumerable: true },
    method: { value: method, enumerable: true },
    headers: { value: headers, enumerable: true },
  }) as Request;
}

interface Slot {
  op?: () => unknown;
  resolve?: (value: unknown) => void;
  reject?: (reason: unknown) => void;
  /** It has handed in its op, or answered without one. */
  in: boolean;
}

/** Runs a segment's entries together; their ops share one runAll (one group commit). */
async function runSegment(deps: BatchDeps, segment: { sub: Sub; req: Request }[]): Promise<Answer[]> {
  if (segment.length === 0) return [];
  const slots: Slot[] = segment.map(() => ({ in: false }));
  let waiting = segment.length;
  let allIn!: () => void;
  const everyoneIn = new Promise<void>((resolve) => {
    allIn = resolve;
  });
  const arrive = (slot: Slot) => {
    if (slot.in) return;
    slot.in = true;
    if (--waiting === 0) allIn();
  };

  const answers = segment.map(({ sub, req }, i) => {
    const slot = slots[i] as Slot;
    const collect: Writer = {
      run<T>(op: Op<T>): Promise<T> {
        // A second write of one entry (no route does that) cannot join: it gets its own group.
        if (slot.in) return deps.writer.run(op);
        return new Promise<T>((resolve, reject) => {
          slot.op = op;
          slot.resolve = resolve as (value: unknown) => void;
          slot.reject = reject;
          arrive(slot);
        });
      },
      runAll: (ops) => deps.writer.runAll(ops),
      flush: () => deps.writer.flush(),
    };
    deps.subWriters.set(req, collect);
    return (async () => {
      try {
        return await answer(sub.id, await deps.dispatch()(req));
      } finally {
        arrive(slot);
      }
    })();
  });

  await everyoneIn;
  const withOps = slots.filter((s) => s.op);
  // Every entry answered without a write (refused, or a replay): no group to commit.
  if (withOps.length === 0) return Promise.all(answers);
  try {
    const outcomes = await deps.writer.runAll(withOps.map((s) => s.op as () => unknown));
    withOps.forEach((s, k) => {
      const o = outcomes[k];
      if (o?.status === 'fulfilled') s.resolve?.(o.value);
      else s.reject?.(o ? o.reason : new Error('No outcome for this write.'));
    });
  } catch (error) {
    // Not committed: no entry of the segment is acknowledged.
    for (const s of withOps) s.reject?.(error);
  }
  return Promise.all(answers);
}

/** The path Hono routes a URL by (percent escapes decoded, as the app's router will). */
const routedPath = (url: URL): string => getPath({ url: url.href } as Request);

async function answer(id: string, res: Response): Promise<Answer> {
  // The final JSON.stringify of the batch gives the same text as parsing this answer's would.
  const sent = sentBody(res);
  if (sent) return { id, status: res.status, body: sent.value };
  return { id, status: res.status, body: parseOrText(await res.text()) };
}

function parseOrText(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
