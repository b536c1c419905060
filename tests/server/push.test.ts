// Web Push from the server: a real local HTTPS endpoint on 127.0.0.1 plays the push service.
// web-push encrypts for a subscription whose keys we made here, so the test decrypts what
// arrives (RFC 8291) and checks the VAPID token (RFC 8292) the way a push service would.
import { execFileSync } from 'node:child_process';
import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  hkdfSync,
  randomBytes,
  verify,
  type ECDH,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PushPayload } from '../../src/shared/push.js';
import type { Consultation } from '../../src/shared/schemas.js';
import { createApp } from '../../src/server/app.js';
import { seedDemo } from '../../src/server/demo.js';
import { createWebPush, loadOrCreateVapidKeys, type Push, type VapidKeys, type WebPush } from '../../src/server/push.js';
import { openDatabase, type SqliteDb as Db } from '../../src/server/store/db.js';
import {
  KOBAYASHI,
  PASSWORD,
  YAMADA,
  consultationBody,
  expectProblem,
  newId,
  sessionCookie,
  toReply,
  type Reply,
} from '../fixtures/server.js';

// ---- the fake push service --------------------------------------------------------------

interface Received {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

let dir: string;
let pushService: Server;
let origin: string;
let tlsAgent: Agent;
const received: Received[] = [];
/** Status the push service answers per path (default 201 Created). */
const answers = new Map<string, number>();

function makeCertificate(into: string): { key: string; cert: string } {
  const keyFile = join(into, 'push-key.pem');
  const certFile = join(into, 'push-cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' });
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
}

// ---- the app under test -----------------------------------------------------------------

let db: Db;
let keys: VapidKeys;
let push: WebPush;
let app: ReturnType<typeof createApp>;
const logged: string[] = [];

interface Who {
  put<T = unknown>(path: string, body: unknown): Promise<Reply<T>>;
  get<T = unknown>(path: string): Promise<Reply<T>>;
  post<T = unknown>(path: string, body: unknown): Promise<Reply<T>>;
  del<T = unknown>(path: string, body: unknown): Promise<Reply<T>>;
}

async function login(loginId: string, on = () => app): Promise<Who> {
  const res = await on().request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginId, password: PASSWORD }),
  });
  expect(res.status, `sign-in of ${loginId}`).toBe(200);
  const cookie = sessionCookie(res);
  const send = async <T>(method: string, path: string, body?: unknown) =>
    toReply<T>(
      await on().request(path, {
        method,
        headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  return {
    put: (path, body) => send('PUT', path, body),
    get: (path) => send('GET', path),
    post: (path, body) => send('POST', path, body),
    del: (path, body) => send('DELETE', path, body),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kizuki-push-'));
  const tls = makeCertificate(dir);
  pushService = createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      received.push({ method: req.method ?? '', path, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answers.get(path) ?? 201).end();
    });
  });
  await new Promise<void>((resolve) => pushService.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(pushService.address() as AddressInfo).port}`;
  // Trust exactly this certificate, as the real sender trusts the public CAs.
  tlsAgent = new Agent({ ca: tls.cert });

  db = openDatabase(dir);
  await seedDemo(db, new Date());
  keys = loadOrCreateVapidKeys(dir);
  push = createWebPush({
    db,
    keys,
    subject: 'mailto:push-test@example.com',
    allowEndpoint: (e) => e.startsWith('https://127.0.0.1:'),
    agent: tlsAgent,
    log: (m) => logged.push(m),
  });
  app = createApp({ db, push });
});

afterAll(async () => {
  await push.settled();
  tlsAgent.destroy();
  await new Promise<void>((resolve) => pushService.close(() => resolve()));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await push.settled();
  received.length = 0;
});

// ---- a browser's subscription, with keys we hold ------------------------------------------

interface Browser {
  endpoint: string;
  ecdh: ECDH;
  auth: Buffer;
  json: { endpoint: string; keys: { p256dh: string; auth: string } };
}

function browser(path: string): Browser {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  const endpoint = `${origin}${path}`;
  return { endpoint, ecdh, auth, json: { endpoint, keys: { p256dh: ecdh.getPublicKey('base64url'), auth: auth.toString('base64url') } } };
}

/** RFC 8291 (aes128gcm, one record) as the browser does it. */
function decrypt(b: Browser, body: Buffer): unknown {
  const salt = body.subarray(0, 16);
  const idlen = body.readUInt8(20);
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const secret = b.ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), b.ecdh.getPublicKey(), asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', secret, b.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02 and zero padding.
  const end = padded.lastIndexOf(2);
  return JSON.parse(padded.subarray(0, end).toString('utf8'));
}

/** Checks `Authorization: vapid t=<JWT>, k=<key>` as a push service does (RFC 8292). */
function expectVapid(header: string | string[] | undefined): void {
  const m = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(String(header));
  expect(m, `Authorization header "${String(header)}"`).not.toBeNull();
  const [, head, claims, signature, k] = m as unknown as [string, string, string, string, string];
  expect(k).toBe(keys.publicKey);
  expect(JSON.parse(Buffer.from(head, 'base64url').toString())).toMatchObject({ typ: 'JWT', alg: 'ES256' });
  const jwt = JSON.parse(Buffer.from(claims, 'base64url').toString()) as { aud: string; sub: string; exp: number };
  expect(jwt.aud).toBe(origin);
  expect(jwt.sub).toBe('mailto:push-test@example.com');
  expect(jwt.exp * 1000).toBeGreaterThan(Date.now());
  const raw = Buffer.from(k, 'base64url');
  const publicKey = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') },
    format: 'jwk',
  });
  const signed = Buffer.from(`${head}.${claims}`);
  expect(verify('sha256', signed, { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))).toBe(true);
}

const subscriptionRow = (endpoint: string) =>
  db.raw.prepare('SELECT user_id, org_id FROM push_subscriptions WHERE endpoint = ?').get(endpoint) as
    | { user_id: string; org_id: string }
    | undefined;
const to = (b: Browser) => received.filter((r) => `${origin}${r.path}` === b.endpoint);

async function consult(who: Who, client: string, station: string, urgency = 'today'): Promise<Consultation> {
  const r = await who.put<Consultation>(`/api/consultations/${newId()}`, consultationBody(client, station, { urgency }));
  expect(r.status).toBe(201);
  return r.body;
}

// ---- the tests ----------------------------------------------------------------------------

describe('VAPID keys', () => {
  it('are made at first start, kept in DATA_DIR/vapid.json readable only by the owner, and reused', async () => {
    const file = join(dir, 'vapid.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateVapidKeys(dir)).toEqual(keys);
    expect(Buffer.from(keys.publicKey, 'base64url')).toHaveLength(65);
    const nurse = await login('nurse.sato');
    const r = await nurse.get<{ publicKey: string }>('/api/push/key');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ publicKey: keys.publicKey });
  });

  it('a damaged key file stops the start instead of being replaced', () => {
    const other = mkdtempSync(join(tmpdir(), 'kizuki-vapid-'));
    try {
      const made = loadOrCreateVapidKeys(other);
      expect(made.privateKey).not.toBe(keys.privateKey);
      writeFileSync(join(other, 'vapid.json'), '{"publicKey":"x"}');
      expect(() => loadOrCreateVapidKeys(other)).toThrow(/vapid\.json/);
      expect(readFileSync(join(other, 'vapid.json'), 'utf8')).toBe('{"publicKey":"x"}');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('subscriptions', () => {
  it('are stored (201), stored again without change (204) and deleted (204)', async () => {
    const nurse = await login('nurse.sato');
    const b = browser('/push/subscribe-test');
    expect((await nurse.put('/api/push/subscription', b.json)).status).toBe(201);
    expect((await nurse.put('/api/push/subscription', b.json)).status).toBe(204);
    expect(subscriptionRow(b.endpoint)).toEqual({ user_id: '00000000-0000-4000-8000-000000000101', org_id: 'sakura' });
    expect((await nurse.del('/api/push/subscription', { endpoint: b.endpoint })).status).toBe(204);
    expect(subscriptionRow(b.endpoint)).toBeUndefined();
    expect((await nurse.del('/api/push/subscription', { endpoint: b.endpoint })).status).toBe(204);
  });

  it('answer 400 problem+json naming the bad field', async () => {
    const nurse = await login('nurse.sato');
    const b = browser('/push/invalid');
    expectProblem(await nurse.put('/api/push/subscription', { ...b.json, keys: { p256dh: b.json.keys.p256dh } }), 400, ['keys.auth']);
    expectProblem(await nurse.put('/api/push/subscription', { ...b.json, keys: { ...b.json.keys, p256dh: 'short' } }), 400, ['keys.p256dh']);
    expectProblem(await nurse.put('/api/push/subscription', { ...b.json, endpoint: 'http://127.0.0.1:9/x' }), 400, ['endpoint']);
    // Not a push service: the server never POSTs to arbitrary addresses a user names.
    expectProblem(await nurse.put('/api/push/subscription', { ...b.json, endpoint: 'https://intranet.example/x' }), 400, ['endpoint']);
    expectProblem(await nurse.del('/api/push/subscription', {}), 400, ['endpoint']);
    expect(subscriptionRow(b.endpoint)).toBeUndefined();
  });

  it('need a session', async () => {
    expectProblem(await toReply(await app.request('/api/push/key')), 401);
  });
});

describe('ending access', () => {
  // A notification names the client and what the consultation is about, on the lock screen: a
  // phone whose sessions were ended on purpose (lost, stolen, handed back) must stop getting them.
  it('すべての端末からログアウト and an admin ending a person\'s sessions stop the pushes to that person\'s phones', async () => {
    const carer = await login('carer.suzuki');
    const admin = await login('admin.sakura');
    const lost = browser('/push/lost-phone');
    const nurse = await login('nurse.sato');
    expect((await nurse.put('/api/push/subscription', lost.json)).status).toBe(201);
    const elsewhere = await login('nurse.sato');
    expect((await elsewhere.del('/api/session/everywhere', undefined)).status).toBe(204);
    await consult(carer, YAMADA, 'sakura');
    await push.settled();
    expect(to(lost)).toHaveLength(0);
    expect(subscriptionRow(lost.endpoint)).toBeUndefined();

    // Signed in again, the phone hands its subscription over again (the client does at sign-in).
    const again = await login('nurse.sato');
    expect((await again.put('/api/push/subscription', lost.json)).status).toBe(201);
    expect((await admin.del('/api/admin/users/00000000-0000-4000-8000-000000000101/passkeys', undefined)).status).toBe(200);
    await consult(carer, YAMADA, 'sakura');
    await push.settled();
    expect(to(lost)).toHaveLength(0);
    expect(subscriptionRow(lost.endpoint)).toBeUndefined();
  });

  it('signing out on one phone keeps the other phones\' pushes (an on-call nurse stays reachable)', async () => {
    const carer = await login('carer.suzuki');
    const kept = browser('/push/kept-phone');
    const nurse = await login('nurse.sato');
    expect((await nurse.put('/api/push/subscription', kept.json)).status).toBe(201);
    const other = await login('nurse.sato');
    expect((await other.del('/api/session', undefined)).status).toBe(204);
    await consult(carer, YAMADA, 'sakura');
    await push.settled();
    expect(to(kept)).toHaveLength(1);
    expect((await nurse.del('/api/push/subscription', { endpoint: kept.endpoint })).status).toBe(204);
  });
});

describe('a nurse’s answer', () => {
  it('sends one push to the phones of the carer who asked, none to the nurse, none for 見ました, a replay or the carer’s own words', async () => {
    const nurse = await login('nurse.sato');
    const carer = await login('carer.suzuki');
    const sato = browser('/push/answer-sato');
    const suzuki = browser('/push/answer-suzuki');
    expect((await nurse.put('/api/push/subscription', sato.json)).status).toBe(201);
    expect((await carer.put('/api/push/subscription', suzuki.json)).status).toBe(201);
    const k = await consult(carer, YAMADA, 'sakura', 'immediate');
    await push.settled();
    received.length = 0;

    const say = (who: Who, body: Record<string, unknown>, messageId = newId()) =>
      who.put<Consultation>(`/api/consultations/${k.id}/messages/${messageId}`, body);
    expect((await say(nurse, { kind: 'acknowledge' })).status).toBe(201);
    await push.settled();
    expect(received).toHaveLength(0);

    const replyId = newId();
    const reply = { kind: 'message', body: '今から伺います', replyKind: 'visit' };
    expect((await say(nurse, reply, replyId)).status).toBe(201);
    await push.settled();
    expect(received.map((r) => r.path)).toEqual(['/push/answer-suzuki']);
    const payload = decrypt(suzuki, received[0]?.body ?? Buffer.alloc(0)) as PushPayload;
    expect(payload).toEqual({
      title: '看護師から返事があります',
      body: `${k.client.name}さんの相談（さくら訪問看護ステーション）`,
      url: `/consultations/${k.id}`,
      urgency: 'immediate',
      tag: `answer-${k.id}`,
    });
    expect(received[0]?.headers.urgency).toBe('high');

    received.length = 0;
    expect((await say(nurse, reply, replyId)).status).toBe(200);
    expect((await say(carer, { kind: 'message', body: 'ありがとうございます' })).status).toBe(201);
    await push.settled();
    expect(received).toHaveLength(0);
    await nurse.del('/api/push/subscription', { endpoint: sato.endpoint });
    await carer.del('/api/push/subscription', { endpoint: suzuki.endpoint });
  });
});

describe('a new consultation', () => {
  it('sends exactly one encrypted POST with a VAPID token to the station nurse, and none on replay', async () => {
    const nurse = await login('nurse.sato');
    const admin = await login('admin.sakura');
    const carer = await login('carer.suzuki');
    const sato = browser('/push/sato');
    const sakuraAdmin = browser('/push/admin-sakura');
    const suzuki = browser('/push/suzuki');
    expect((await nurse.put('/api/push/subscription', sato.json)).status).toBe(201);
    // Anyone may subscribe; only nurses get a station's consultations.
    expect((await admin.put('/api/push/subscription', sakuraAdmin.json)).status).toBe(201);
    expect((await carer.put('/api/push/subscription', suzuki.json)).status).toBe(201);

    const id = newId();
    const body = consultationBody(YAMADA, 'sakura', { urgency: 'immediate' });
    const created = await carer.put<Consultation>(`/api/consultations/${id}`, body);
    expect(created.status).toBe(201);
    await push.settled();

    expect(received).toHaveLength(1);
    const [post] = to(sato);
    expect(post?.method).toBe('POST');
    expectVapid(post?.headers.authorization);
    expect(post?.headers['content-encoding']).toBe('aes128gcm');
    expect(post?.headers.urgency).toBe('high');
    expect(Number(post?.headers.ttl)).toBeGreaterThan(0);
    const payload = decrypt(sato, post?.body ?? Buffer.alloc(0)) as PushPayload;
    expect(payload).toEqual({
      title: '新しい相談（至急）',
      body: expect.stringContaining(`${created.body.client.name}さん`) as string,
      url: `/consultations/${id}`,
      urgency: 'immediate',
      tag: `consultation-${id}`,
    });

    received.length = 0;
    expect((await carer.put(`/api/consultations/${id}`, body)).status).toBe(200);
    await push.settled();
    expect(received).toHaveLength(0);
  });

  it('sent through /api/batch (how a phone’s outbox sends it) pushes too', async () => {
    const carer = await login('carer.suzuki');
    const id = newId();
    const batch = await carer.post<{ responses: { status: number }[] }>('/api/batch', {
      requests: [{ id: 'r1', method: 'PUT', url: `/api/consultations/${id}`, body: consultationBody(YAMADA, 'sakura') }],
    });
    expect(batch.body.responses.map((r) => r.status)).toEqual([201]);
    await push.settled();
    expect(received.map((r) => r.path)).toEqual(['/push/sato']);
    expect(received[0]?.headers.urgency).toBe('normal');
  });

  it('to another station sends nothing to sakura’s nurse', async () => {
    const tanakaNurse = await login('nurse.tanaka');
    const tanaka = browser('/push/tanaka');
    expect((await tanakaNurse.put('/api/push/subscription', tanaka.json)).status).toBe(201);
    expect(subscriptionRow(`${origin}/push/sato`)).toBeDefined();

    await consult(await login('carer.ito'), KOBAYASHI, 'midori', 'within_days');
    await push.settled();
    expect(received.map((r) => r.path)).toEqual(['/push/tanaka']);
    expect(received[0]?.headers.urgency).toBe('low');
  });

  it('a push service answering 410 removes the subscription; 404 too; other errors keep it', async () => {
    const nurse = await login('nurse.sato');
    const carer = await login('carer.suzuki');
    const gone = browser('/push/gone');
    const missing = browser('/push/missing');
    const busy = browser('/push/busy');
    for (const b of [gone, missing, busy]) expect((await nurse.put('/api/push/subscription', b.json)).status).toBe(201);
    answers.set('/push/gone', 410);
    answers.set('/push/missing', 404);
    answers.set('/push/busy', 503);

    await consult(carer, YAMADA, 'sakura');
    await push.settled();
    expect(to(gone)).toHaveLength(1);
    expect(to(missing)).toHaveLength(1);
    expect(subscriptionRow(gone.endpoint)).toBeUndefined();
    expect(subscriptionRow(missing.endpoint)).toBeUndefined();
    expect(subscriptionRow(busy.endpoint)).toBeDefined();
    expect(logged.some((m) => m.includes('503'))).toBe(true);

    received.length = 0;
    await consult(carer, YAMADA, 'sakura');
    await push.settled();
    expect(to(gone)).toHaveLength(0);
    expect(to(missing)).toHaveLength(0);
    expect(to(busy)).toHaveLength(1);
    await nurse.del('/api/push/subscription', { endpoint: busy.endpoint });
  });

  it('is created even when the push service cannot be reached', async () => {
    const nurse = await login('nurse.sato');
    const unreachable = { ...browser('/x').json, endpoint: 'https://127.0.0.1:1/unreachable' };
    expect((await nurse.put('/api/push/subscription', unreachable)).status).toBe(201);
    const before = logged.length;
    await consult(await login('carer.suzuki'), YAMADA, 'sakura');
    await push.settled();
    expect(logged.slice(before).some((m) => m.startsWith('push to 127.0.0.1:1 failed'))).toBe(true);
    await nurse.del('/api/push/subscription', { endpoint: unreachable.endpoint });
  });

  it('is created even when the Push port throws, and a fake port sees the payload', async () => {
    const calls: [string, PushPayload][] = [];
    let fail = true;
    const fake: Push = {
      publicKey: keys.publicKey,
      accepts: () => true,
      notifyStation(orgId, payload) {
        calls.push([orgId, payload]);
        if (fail) throw new Error('push is down');
        return Promise.resolve();
      },
      notifyUser: () => Promise.resolve(),
    };
    const other = createApp({ db, push: fake });
    const carer = await login('carer.suzuki', () => other);
    await consult(carer, YAMADA, 'sakura', 'fyi');
    fail = false;
    const k = await consult(carer, YAMADA, 'sakura', 'today');
    expect(calls.map(([org, p]) => [org, p.title, p.url])).toEqual([
      ['sakura', '新しい相談（共有のみ）', expect.stringMatching(/^\/consultations\//)],
      ['sakura', '新しい相談（今日中）', `/consultations/${k.id}`],
    ]);
  });

  it('without a Push, /api/push answers 404 and consultations work as before', async () => {
    const bare = createApp({ db });
    const carer = await login('carer.suzuki', () => bare);
    expectProblem(await carer.get('/api/push/key'), 404);
    await consult(carer, YAMADA, 'sakura');
    await push.settled();
    expect(received).toHaveLength(0);
  });
});
