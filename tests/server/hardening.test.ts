// PRODUCT.md "Hardening" for the API: the 1 MB body limit, cross-origin unsafe requests, and
// bodies that are not JSON, and the app shell's Content-Security-Policy.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, createApp } from '../../src/server/app.js';
import {
  PASSWORD,
  YAMADA,
  expectProblem,
  makeApp,
  newId,
  observationBody,
  toReply,
  type ApiClient,
  type TestServer,
} from '../fixtures/server.js';

let s: TestServer;
let carer: ApiClient;
beforeAll(async () => {
  s = await makeApp();
  carer = await s.login('carer.suzuki');
});
afterAll(() => s.close());

const MB = 1024 * 1024;
const now = () => s.clock.now();

describe('body size', () => {
  it('a JSON body over 1 MB answers 413 problem+json, and nothing is stored', async () => {
    const id = newId();
    const body = observationBody(YAMADA, now(), { note: 'あ'.repeat(MB / 3 + 10) }); // > 1 MB in UTF-8
    expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(MB);
    expectProblem(await carer.put(`/api/observations/${id}`, body), 413);
    expectProblem(await carer.get(`/api/observations/${id}`), 404);
  });

  it('a batch over 1 MB answers 413', async () => {
    const requests = Array.from({ length: 20 }, (_, i) => ({
      id: String(i),
      method: 'PUT',
      url: `/api/observations/${newId()}`,
      body: observationBody(YAMADA, now(), { note: 'x'.repeat(60 * 1024) }),
    }));
    expectProblem(await carer.post('/api/batch', { requests }), 413);
  });

  it('413 also without a session', async () => {
    const r = await s.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginId: 'x'.repeat(MB + 1), password: PASSWORD }),
    });
    expectProblem(r, 413);
  });

  it('a body just under 1 MB is read (and judged by the usual rules)', async () => {
    const body = observationBody(YAMADA, now(), { note: 'x'.repeat(MB - 1000) });
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThan(MB);
    // The note is longer than a note may be: a 400 naming it, not a 413.
    expectProblem(await carer.put(`/api/observations/${newId()}`, body), 400, ['note']);
  });
});

describe('Origin', () => {
  it('an unsafe request whose Origin names another origin answers 403, and nothing is stored', async () => {
    const id = newId();
    const r = await carer.put(`/api/observations/${id}`, observationBody(YAMADA, now()), { origin: 'https://evil.example' });
    expectProblem(r, 403);
    expectProblem(await carer.get(`/api/observations/${id}`), 404);
  });

  it('a cross-origin sign-in, sign-out or batch answers 403', async () => {
    const signIn = await s.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ loginId: 'carer.suzuki', password: PASSWORD }),
    });
    expectProblem(signIn, 403);
    expect(signIn.headers.get('set-cookie')).toBeNull();
    const other = await s.login('carer.takahashi');
    expectProblem(await other.del('/api/session', { origin: 'http://localhost:9999' }), 403);
    expect((await other.get('/api/session')).status).toBe(200);
    expectProblem(
      await other.post('/api/batch', { requests: [{ id: '1', method: 'GET', url: '/api/clients' }] }, { origin: 'https://evil.example' }),
      403,
    );
  });

  it('a spoofed X-Forwarded-Host does not make another origin ours (no trusted proxy)', async () => {
    const r = await carer.put(`/api/observations/${newId()}`, observationBody(YAMADA, now()), {
      origin: 'https://evil.example',
      'x-forwarded-host': 'evil.example',
    });
    expectProblem(r, 403);
  });

  it('the same origin is allowed', async () => {
    const r = await carer.put(`/api/observations/${newId()}`, observationBody(YAMADA, now()), { origin: 'http://localhost' });
    expect(r.status).toBe(201);
  });

  it('`Origin: null` on an unsafe request answers 403 (a sandboxed frame or a file: page is not us), nothing stored', async () => {
    const id = newId();
    expectProblem(await carer.put(`/api/observations/${id}`, observationBody(YAMADA, now()), { origin: 'null' }), 403);
    expectProblem(await carer.get(`/api/observations/${id}`), 404);
    const signIn = await s.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'null' },
      body: JSON.stringify({ loginId: 'carer.suzuki', password: PASSWORD }),
    });
    expectProblem(signIn, 403);
    expect(signIn.headers.get('set-cookie')).toBeNull();
  });

  it('behind HTTPS an http: page of the same host is another origin: 403, nothing stored', async () => {
    // Over plain HTTP SameSite=Strict does not tell http:// from https:// of one host in every
    // browser, so only the Origin check stops a page injected into the http:// side.
    const id = newId();
    const body = JSON.stringify(observationBody(YAMADA, now()));
    const put = async (url: string, headers: Record<string, string>, app = s.app) =>
      toReply(await app.request(url, { method: 'PUT', headers: { cookie: carer.cookie, 'content-type': 'application/json', ...headers }, body }));
    expectProblem(await put(`https://localhost/api/observations/${id}`, { origin: 'http://localhost' }), 403);
    const viaProxy = createApp({ db: s.db, now, trustProxy: true });
    expectProblem(await put(`/api/observations/${id}`, { origin: 'http://localhost', 'x-forwarded-proto': 'https' }, viaProxy), 403);
    expectProblem(await carer.get(`/api/observations/${id}`), 404);
    expect((await put(`https://localhost/api/observations/${id}`, { origin: 'https://localhost' })).status).toBe(201);
  });

  it('a safe request (GET) with another Origin is not refused', async () => {
    expect((await carer.get('/api/clients', { origin: 'https://evil.example' })).status).toBe(200);
  });
});

describe('content type', () => {
  it('a PUT with a non-JSON content type answers 415 (or 400), nothing stored', async () => {
    const id = newId();
    const r = await s.request(`/api/observations/${id}`, {
      method: 'PUT',
      headers: { cookie: carer.cookie, 'content-type': 'text/plain' },
      body: JSON.stringify(observationBody(YAMADA, now())),
    });
    expect([400, 415]).toContain(r.status);
    expectProblem(r, r.status);
    expectProblem(await carer.get(`/api/observations/${id}`), 404);
  });

  it('a form-encoded sign-in answers 415 (or 400)', async () => {
    const r = await s.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `loginId=carer.suzuki&password=${PASSWORD}`,
    });
    expect([400, 415]).toContain(r.status);
    expectProblem(r, r.status);
    expect(r.headers.get('set-cookie')).toBeNull();
  });

  it('a body that is not valid JSON answers 400', async () => {
    const r = await s.request(`/api/observations/${newId()}`, {
      method: 'PUT',
      headers: { cookie: carer.cookie, 'content-type': 'application/json' },
      body: '{"clientId": ',
    });
    expectProblem(r, 400);
  });

  it('API answers carry X-Content-Type-Options: nosniff', async () => {
    const r = await carer.get('/api/clients');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const p = await s.request('/api/clients');
    expect(p.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('the app shell', () => {
  it('is served with the Content-Security-Policy: scripts and everything else only from our origin, no framing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kizuki-shell-'));
    try {
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>気づき</title><div id="root"></div>');
      const app = createApp({ db: s.db, staticDir: dir, now: s.clock.now });
      for (const path of ['/', '/clients/anything', '/login']) {
        const res = await app.request(path);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp, path).toBe(CONTENT_SECURITY_POLICY);
      }
      const directives = new Map(CONTENT_SECURITY_POLICY.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
      expect(directives.get('default-src')).toBe("'self'");
      expect(directives.get('script-src')).toBe("'self'");
      expect(directives.get('object-src')).toBe("'none'");
      expect(directives.get('frame-ancestors')).toBe("'none'");
      expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hands a browser that accepts brotli the build’s precompressed asset, others gzip on the fly; both cached as immutable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kizuki-shell-'));
    try {
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>気づき</title><div id="root"></div>');
      mkdirSync(join(dir, 'assets'));
      const js = `export const words = ${JSON.stringify('いつもと違う '.repeat(400))};\n`;
      writeFileSync(join(dir, 'assets', 'app-Ab12Cd34.js'), js);
      writeFileSync(join(dir, 'assets', 'app-Ab12Cd34.js.br'), brotliCompressSync(js));
      const app = createApp({ db: s.db, staticDir: dir, now: s.clock.now });

      const br = await app.request('/assets/app-Ab12Cd34.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br, zstd' } });
      expect(br.status).toBe(200);
      expect(br.headers.get('content-encoding')).toBe('br');
      expect(br.headers.get('content-type')).toMatch(/javascript/);
      expect(br.headers.get('vary') ?? '').toMatch(/Accept-Encoding/i);
      expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString('utf8')).toBe(js);

      const gz = await app.request('/assets/app-Ab12Cd34.js', { headers: { 'Accept-Encoding': 'gzip' } });
      expect(gz.status).toBe(200);
      expect(gz.headers.get('content-encoding')).toBe('gzip');
      expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8')).toBe(js);

      // A hashed name not (yet) on this server — a rolling deploy, a proxy in between — must not
      // be remembered as missing for a year: only a real asset is immutable.
      const missing = await app.request('/assets/app-Zz99Yy88.js');
      expect(missing.status).toBe(404);
      expect(missing.headers.get('cache-control')).not.toMatch(/immutable|max-age=[1-9]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
