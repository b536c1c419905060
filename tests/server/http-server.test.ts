// The app behind the real @hono/node-server on 127.0.0.1, where the hot path differs from
// app.request(): the body limit reads the declared Content-Length without touching the body,
// and the security headers are set in place on the finished response (app.ts).
import { serve, type ServerType } from '@hono/node-server';
import { Agent, Server as HttpServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/server/app.js';
import { KEEP_ALIVE_MS, keepConnections } from '../../src/server/http.js';
import { YAMADA, makeApp, newId, observationBody, type ApiClient, type TestServer } from '../fixtures/server.js';

let s: TestServer;
let carer: ApiClient;
let server: ServerType;
let base: string;

beforeAll(async () => {
  s = await makeApp();
  carer = await s.login('carer.suzuki');
  await new Promise<void>((resolve) => {
    server = serve({ fetch: s.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  // As src/server/index.ts does.
  if (server instanceof HttpServer) keepConnections(server);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  s.close();
});

/** A raw HTTP request, so that Content-Length and chunking are exactly what the test says. */
function raw(path: string, { method = 'PUT', headers = {}, chunks = [] as string[] } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers: { cookie: carer.cookie, 'content-type': 'application/json', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    // A server that answers 413 early may close before the whole body is sent.
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe('the app on node:http', () => {
  it('keeps an idle keep-alive connection longer than a client pool or proxy commonly does (no reset of a socket about to be reused)', async () => {
    const agent = new Agent({ keepAlive: true });
    const get = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = httpRequest(`${base}/api/health`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await get()).toEqual({ status: 200, reused: false });
      // The server's own figure, not a wait: Node's default (5 s) is what reset sockets.
      expect((server as HttpServer).keepAliveTimeout).toBe(KEEP_ALIVE_MS);
      expect(KEEP_ALIVE_MS).toBeGreaterThan(60_000);
      expect((server as HttpServer).headersTimeout).toBeGreaterThan(KEEP_ALIVE_MS);
      expect(await get()).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });

  it('PUT /api/observations answers 201 with every security header', async () => {
    const body = JSON.stringify(observationBody(YAMADA, s.clock.now()));
    const r = await raw(`/api/observations/${newId()}`, { headers: { 'content-length': String(Buffer.byteLength(body)) }, chunks: [body] });
    expect(r.status).toBe(201);
    expect(r.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'cache-control': 'no-store',
    });
    expect(JSON.parse(r.body)).toMatchObject({ clientId: YAMADA });
  });

  it('a 401 carries them too', async () => {
    const r = await raw('/api/changes', { method: 'GET', headers: { cookie: '' } });
    expect(r.status).toBe(401);
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('a declared Content-Length over 1 MB answers 413 before the body is read; chunked bodies are counted', async () => {
    const id = newId();
    const big = JSON.stringify(observationBody(YAMADA, s.clock.now(), { note: 'x'.repeat(1024 * 1024) }));
    const declared = await raw(`/api/observations/${id}`, { headers: { 'content-length': String(Buffer.byteLength(big)) }, chunks: [big] }).catch(
      () => null,
    );
    // Either the 413 arrived, or the server closed the connection after answering it.
    if (declared) expect(declared.status).toBe(413);
    const chunked = await raw(`/api/observations/${id}`, { headers: { 'transfer-encoding': 'chunked' }, chunks: [big.slice(0, 600_000), big.slice(600_000)] }).catch(
      () => null,
    );
    if (chunked) expect(chunked.status).toBe(413);
    expect((await carer.get(`/api/observations/${id}`)).status).toBe(404);
    const small = JSON.stringify(observationBody(YAMADA, s.clock.now()));
    const ok = await raw(`/api/observations/${id}`, { headers: { 'transfer-encoding': 'chunked' }, chunks: [small.slice(0, 20), small.slice(20)] });
    expect(ok.status).toBe(201);
  });
});
