// The regional directory of organizations and the clients the caller's organization owns or serves.
import { Hono } from 'hono';
import type { AppEnv } from '../http.js';
import { json } from '../http.js';
import { listClientsFor, listOrganizations } from '../store/directory.js';

export function organizationRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/', (c) => json(c, listOrganizations(c.get('db'))));
  return r;
}

export function clientRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/', (c) => json(c, listClientsFor(c.get('db'), c.get('actor').orgId)));
  return r;
}
