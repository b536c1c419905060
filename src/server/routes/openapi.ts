// GET /api/openapi.json (public): the OpenAPI 3.1 document generated from the schemas.
import { Hono } from 'hono';
import type { AppEnv } from '../http.js';
import { openApiJson } from '../openapi.js';

export function openApiRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/', (c) => {
    c.header('cache-control', 'no-cache');
    return c.body(openApiJson(), 200, { 'content-type': 'application/json; charset=utf-8' });
  });
  return r;
}
