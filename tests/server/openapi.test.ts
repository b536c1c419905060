// GET /api/openapi.json: public, OpenAPI 3.1, every route of PRODUCT.md's table, and schemas
// that really come from the zod schemas validating the requests (shared/schemas.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_REGISTER, PROBLEM_VERIFY } from '../../src/server/second-factor.js';
import { makeApp, type TestServer } from '../fixtures/server.js';

interface Operation {
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: Schema }> }>;
  parameters?: Parameter[];
  security?: unknown[];
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}
interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  format?: string;
  anyOf?: Schema[];
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Operation | Parameter[] | undefined> & { parameters?: Parameter[] }>;
  components: {
    schemas: Record<string, Schema>;
    responses: Record<string, { content: Record<string, { schema: Schema }> }>;
    securitySchemes: Record<string, { type: string; in: string; name: string }>;
  };
  security: Record<string, unknown[]>[];
}

/** PRODUCT.md "REST API (v1)": path → methods. */
const TABLE: Record<string, string[]> = {
  '/api/session': ['post', 'get', 'delete'],
  '/api/organizations': ['get'],
  '/api/clients': ['get'],
  '/api/clients/{id}': ['get'],
  '/api/clients/{id}/usual': ['put'],
  '/api/observations/{id}': ['get', 'put'],
  '/api/consultations/{id}': ['get', 'put'],
  '/api/consultations/{id}/messages/{messageId}': ['put'],
  '/api/changes': ['get'],
  '/api/batch': ['post'],
  '/api/openapi.json': ['get'],
  '/api/health': ['get'],
};
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Passkeys and the second factor (issue 12). */
const PASSKEY_ROUTES: Record<string, string[]> = {
  '/api/passkeys': ['get'],
  '/api/passkeys/register/options': ['post'],
  '/api/passkeys/register': ['post'],
  '/api/passkeys/verify/options': ['post'],
  '/api/passkeys/verify': ['post'],
  '/api/passkeys/login/options': ['post'],
  '/api/passkeys/login': ['post'],
  '/api/admin/users/{id}/passkeys': ['delete'],
  '/api/admin/second-factor': ['get', 'put'],
};

/** Served but not (yet) in the document: the live stream (text/event-stream) and a history view. */
const UNDOCUMENTED = new Set(['get /api/events', 'get /api/clients/{id}/usual/history']);

let s: TestServer;
let doc: Doc;
beforeAll(async () => {
  s = await makeApp();
  const r = await s.request<Doc>('/api/openapi.json');
  expect(r.status).toBe(200);
  doc = r.body;
});
afterAll(() => s.close());

const op = (path: string, method: string): Operation => {
  const o = doc.paths[path]?.[method] as Operation | undefined;
  if (!o) throw new Error(`no ${method.toUpperCase()} ${path}`);
  return o;
};

/** Follows a local $ref (#/components/…) to its target. */
function deref<T>(value: T | { $ref?: string }): T {
  const target = (value as { $ref?: string }).$ref;
  if (!target) return value as T;
  expect(target.startsWith('#/')).toBe(true);
  let node: unknown = doc;
  for (const part of target.slice(2).split('/')) node = (node as Record<string, unknown>)[part];
  expect(node, `${target} resolves`).toBeDefined();
  return deref(node as T);
}

const requestSchema = (path: string, method: string): Schema => {
  const body = op(path, method).requestBody;
  expect(body?.required).toBe(true);
  const schema = body?.content['application/json']?.schema;
  expect(schema, `${method} ${path} request schema`).toBeDefined();
  return deref(schema as Schema);
};

const successSchema = (path: string, method: string, status: string): Schema => {
  const res = op(path, method).responses[status];
  const schema = res?.content?.['application/json']?.schema;
  expect(schema, `${method} ${path} ${status} schema`).toBeDefined();
  return deref(schema as Schema);
};

describe('GET /api/openapi.json', () => {
  it('answers 200 JSON without a session, an OpenAPI 3.1 document', async () => {
    const r = await s.request('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/json\b/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(doc.openapi.startsWith('3.1')).toBe(true);
  });

  it('lists every path of PRODUCT.md with exactly its methods', () => {
    for (const [path, methods] of Object.entries(TABLE)) {
      const item = doc.paths[path];
      expect(item, path).toBeDefined();
      const present = Object.keys(item ?? {}).filter((k) => HTTP_METHODS.includes(k));
      expect(present.sort(), path).toEqual([...methods].sort());
    }
    for (const path of Object.keys(doc.paths)) expect(path.startsWith('/api/'), path).toBe(true);
  });

  it('declares each {param} of a path as a required path parameter', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const method of HTTP_METHODS) {
        const o = item[method] as Operation | undefined;
        if (!o) continue;
        const params = [...(item.parameters ?? []), ...(o.parameters ?? [])].filter((p) => p.in === 'path');
        expect(params.map((p) => p.name).sort(), `${method} ${path}`).toEqual([...names].sort());
        for (const p of params) expect(p.required).toBe(true);
      }
    }
  });

  it('lists every passkey and second-factor route with exactly its methods, the sign-in ones public', () => {
    for (const [path, methods] of Object.entries(PASSKEY_ROUTES)) {
      const present = Object.keys(doc.paths[path] ?? {}).filter((k) => HTTP_METHODS.includes(k));
      expect(present.sort(), path).toEqual([...methods].sort());
    }
    expect(op('/api/passkeys/login', 'post').security).toEqual([]);
    expect(op('/api/passkeys/login/options', 'post').security).toEqual([]);
    expect(op('/api/passkeys/verify', 'post').security).toBeUndefined();
    expect(requestSchema('/api/passkeys/register', 'post').required).toEqual(expect.arrayContaining(['challengeId', 'response']));
    expect(requestSchema('/api/admin/second-factor', 'put').required).toEqual(['requiredFrom']);
    const session = deref(doc.components.schemas.Session as Schema);
    expect(deref(session.properties?.secondFactor as Schema).properties?.state?.enum).toEqual(['reminder', 'register', 'verify']);
    // The 403 names the problem types of a session that owes its second factor.
    const forbidden = doc.components.responses.Problem403 as unknown as { description: string };
    expect(forbidden.description).toContain(PROBLEM_REGISTER);
    expect(forbidden.description).toContain(PROBLEM_VERIFY);
  });

  it('documents every route the server answers under /api', () => {
    const served = new Set(
      s.app.routes
        .filter((r) => HTTP_METHODS.includes(r.method.toLowerCase()) && r.path.startsWith('/api/'))
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    expect(served.size).toBeGreaterThan(30);
    const missing = [...served].filter((route) => {
      const [method = '', path = ''] = route.split(' ');
      return !UNDOCUMENTED.has(route) && !doc.paths[path]?.[method];
    });
    expect(missing).toEqual([]);
  });

  it('has the changes query parameters after and limit', () => {
    const params = op('/api/changes', 'get').parameters ?? [];
    expect(params.filter((p) => p.in === 'query').map((p) => p.name).sort()).toEqual(['after', 'limit']);
  });

  it('describes the cookie session, and public routes need none', () => {
    const schemes = Object.values(doc.components.securitySchemes);
    expect(schemes).toContainEqual(expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'kizuki_session' }));
    expect(doc.security.length).toBeGreaterThan(0);
    expect(op('/api/health', 'get').security).toEqual([]);
    expect(op('/api/openapi.json', 'get').security).toEqual([]);
    expect(op('/api/session', 'post').security).toEqual([]);
    expect(op('/api/observations/{id}', 'put').security).toBeUndefined();
  });

  it('gives every write its request body, its success answer and problem+json errors', () => {
    const writes: [string, string, string, string[]][] = [
      ['/api/session', 'post', '200', ['loginId', 'password']],
      ['/api/clients/{id}/usual', 'put', '200', ['spo2Scale']],
      ['/api/observations/{id}', 'put', '201', ['clientId', 'observedAt', 'vitals', 'softSigns']],
      ['/api/consultations/{id}', 'put', '201', ['clientId', 'toOrgId', 'observationIds', 'category', 'urgency', 'sbar']],
      ['/api/consultations/{id}/messages/{messageId}', 'put', '201', ['kind']],
      ['/api/batch', 'post', '200', ['requests']],
    ];
    for (const [path, method, status, required] of writes) {
      const req = requestSchema(path, method);
      expect(req.type).toBe('object');
      expect(req.required, `${method} ${path}`).toEqual(expect.arrayContaining(required));
      expect(successSchema(path, method, status).type).toBe('object');
      const bad = deref(op(path, method).responses['400'] as { content: Record<string, { schema: Schema }> });
      const problem = deref(bad.content['application/problem+json']?.schema as Schema);
      expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail']));
      const errors = problem.properties?.errors;
      expect(errors?.type).toBe('array');
      expect(errors?.items?.required).toEqual(expect.arrayContaining(['path', 'message']));
    }
    expect(successSchema('/api/observations/{id}', 'put', '201').required).toEqual(
      expect.arrayContaining(['id', 'clientId', 'authorId', 'observedAt', 'vitals', 'softSigns', 'note', 'news2', 'createdAt']),
    );
    expect(successSchema('/api/consultations/{id}', 'put', '201').properties?.status?.enum).toEqual(
      expect.arrayContaining(['open', 'acknowledged', 'answered', 'closed']),
    );
  });

  it('every error response is application/problem+json', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of HTTP_METHODS) {
        const o = item[method] as Operation | undefined;
        if (!o) continue;
        for (const [status, res] of Object.entries(o.responses)) {
          if (Number(status) < 400) continue;
          const r = deref(res as { content: Record<string, unknown> });
          expect(Object.keys(r.content), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
        }
        if (!['/api/health', '/api/openapi.json'].includes(path)) {
          expect(Object.keys(o.responses).some((k) => Number(k) >= 400), `${method} ${path} has errors`).toBe(true);
        }
      }
    }
  });

  it('the PUT observation schema carries the value rules of shared/schemas.ts', () => {
    const body = requestSchema('/api/observations/{id}', 'put');
    const vitals = deref(body.properties?.vitals as Schema);
    const p = vitals.properties ?? {};
    expect(p.temperature).toMatchObject({ type: 'number', minimum: 30, maximum: 45 });
    expect(p.systolic).toMatchObject({ type: 'integer', minimum: 40, maximum: 300 });
    expect(p.diastolic).toMatchObject({ type: 'integer', minimum: 20, maximum: 200 });
    expect(p.pulse).toMatchObject({ type: 'integer', minimum: 20, maximum: 250 });
    expect(p.respiratoryRate).toMatchObject({ type: 'integer', minimum: 2, maximum: 80 });
    expect(p.spo2).toMatchObject({ type: 'integer', minimum: 50, maximum: 100 });
    expect(p.onOxygen).toMatchObject({ type: 'boolean' });
    expect(p.consciousness?.enum).toEqual(['A', 'C', 'V', 'P', 'U']);
    expect(vitals.required ?? []).toEqual([]);
    const clientId = deref(body.properties?.clientId as Schema);
    expect(clientId.format).toBe('uuid');
    expect(deref(body.properties?.observedAt as Schema).format).toBe('date-time');
    const signs = deref(body.properties?.softSigns as Schema);
    expect(signs.items?.enum).toContain('not_usual');
    expect(signs.items?.enum).toContain('family_concern');
  });

  it('every $ref resolves inside the document, and no component carries its own $id or $defs', () => {
    const refs: string[] = [];
    const misplaced: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') refs.push(v);
          else if (k === '$id' || k === '$defs' || k === '$schema') misplaced.push(k);
          else walk(v);
        }
      }
    };
    walk(doc);
    expect(misplaced).toEqual([]);
    expect(refs.length).toBeGreaterThan(10);
    for (const r of new Set(refs)) deref({ $ref: r });
  });
});
