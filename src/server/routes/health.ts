import { Hono } from 'hono';
import type { AppEnv } from '../http.js';
import { json } from '../http.js';

/** Health answers once the app exists, i.e. after migrations and demo seeding (see index.ts). */
export function healthRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/', (c) => json(c, { status: 'ok' }));
  return r;
}
