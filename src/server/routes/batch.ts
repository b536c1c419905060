// POST /api/batch: up to 100 PUT/GET requests to the other routes, run in order through the
// same app, so each means exactly what it means alone (same session, same checks).
import { Hono } from 'hono';
import { BatchRequestSchema, issuesToErrors } from '../../shared/schemas.js';
import type { AppEnv } from '../http.js';
import { json, problem, problemBody, readJson } from '../http.js';

type Dispatch = (req: Request) => Response | Promise<Response>;

export function batchRoutes(dispatch: () => Dispatch) {
  const r = new Hono<AppEnv>();
  r.post('/', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = BatchRequestSchema.safeParse(body.value);
    if (!parsed.success) return problem(400, 'The batch is not valid.', issuesToErrors(parsed.error.issues));
    const origin = new URL(c.req.url).origin;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const cookie = c.req.header('cookie');
    if (cookie) headers.cookie = cookie;
    const forwarded = c.req.header('x-forwarded-for');
    if (forwarded) headers['x-forwarded-for'] = forwarded;

    const responses = [];
    for (const [i, sub] of parsed.data.requests.entries()) {
      const url = new URL(sub.url, origin);
      // The URL as parsed, after '..' segments: '/api/../x' is not an API route.
      if (
        url.origin !== origin ||
        !url.pathname.startsWith('/api/') ||
        url.pathname.startsWith('/api/batch') ||
        url.pathname.startsWith('/api/session')
      ) {
        responses.push({ id: sub.id, status: 400, body: problemBody(400, 'This URL cannot be used in a batch.') });
        continue;
      }
      let payload: string | undefined;
      try {
        payload = sub.method === 'PUT' ? JSON.stringify(sub.body ?? null) : undefined;
      } catch {
        // JSON.parse takes nesting that JSON.stringify cannot give back (a stack overflow).
        const errors = [{ path: `requests.${i}.body`, message: 'too deeply nested' }];
        responses.push({ id: sub.id, status: 400, body: problemBody(400, 'The body is nested too deeply.', errors) });
        continue;
      }
      const res = await dispatch()(
        new Request(url, { method: sub.method, headers, ...(payload === undefined ? {} : { body: payload }) }),
      );
      const text = await res.text();
      responses.push({ id: sub.id, status: res.status, body: parseOrText(text) });
    }
    return json(c, { responses });
  });
  return r;
}

function parseOrText(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
