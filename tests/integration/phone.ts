// A phone for integration tests: the real client database (Dexie on fake-indexeddb) and the
// real sync engine, talking to the real server app in-process (tests/fixtures/server.ts)
// through a network the test controls: offline, 5xx, an answer lost after the server committed.
import 'fake-indexeddb/auto';
import sharp from 'sharp';
import { KizukiDb } from '../../src/client/db/db.js';
import type { SyncDeps } from '../../src/client/sync/ports.js';
import type { Session } from '../../src/shared/schemas.js';
import type { TestServer } from '../fixtures/server.js';

export type Fault = 'offline' | '503' | 'lose-answer';

export interface Network {
  online: boolean;
  /** Faults for the next requests, first one first. */
  faults: Fault[];
  /** Rewrites a batch answer before the phone sees it (e.g. to drop an entry's answer). */
  rewriteBatch?: (responses: { id: string; status: number; body: unknown }[]) => { id: string; status: number; body: unknown }[];
  /** Every request that reached the server: method and path. */
  log: string[];
}

export interface Phone {
  /** The database name: more tabs and the worker open the same one. */
  name: string;
  db: KizukiDb;
  session: Session;
  cookie: string;
  net: Network;
  deps: SyncDeps;
  /** Another tab (or the service worker) of this phone: its own connection to the same database. */
  tab(): { db: KizukiDb; deps: SyncDeps };
}

let n = 0;

export async function phoneFor(server: TestServer, loginId: string): Promise<Phone> {
  const api = await server.login(loginId);
  const name = `phone-${loginId}-${n++}-${Math.random().toString(36).slice(2)}`;
  const db = new KizukiDb(name);
  await db.meta.put({ key: 'session', value: api.session });
  const net: Network = { online: true, faults: [], log: [] };
  const phone: Phone = {
    name,
    db,
    session: api.session,
    cookie: api.cookie,
    net,
    deps: depsFor(db),
    tab: () => {
      const other = new KizukiDb(name);
      return { db: other, deps: depsFor(other) };
    },
  };
  function depsFor(d: KizukiDb): SyncDeps {
    return {
      db: d,
      now: () => server.clock.now(),
      fetch: async (path, init) => {
        if (!net.online) throw new TypeError('Failed to fetch');
        const fault = net.faults.shift();
        if (fault === 'offline') throw new TypeError('Failed to fetch');
        if (fault === '503') {
          return new Response(JSON.stringify({ type: 'about:blank', title: 'busy', status: 503, detail: 'busy' }), {
            status: 503,
            headers: { 'content-type': 'application/problem+json' },
          });
        }
        net.log.push(`${init?.method ?? 'GET'} ${path}`);
        const res = await server.app.request(path, {
          ...init,
          headers: { ...(init?.headers as Record<string, string> | undefined), cookie: phone.cookie },
        });
        // The server committed; the answer never reaches the phone.
        if (fault === 'lose-answer') throw new TypeError('Failed to fetch');
        if (path === '/api/batch' && net.rewriteBatch && res.ok) {
          const body = (await res.json()) as { responses: { id: string; status: number; body: unknown }[] };
          return Response.json({ responses: net.rewriteBatch(body.responses) });
        }
        return res;
      },
    };
  }
  return phone;
}

/** A minimal JPEG the server accepts (SOI, a DQT-like segment, SOS, data, EOI). */
// A real JPEG (the server decodes and re-encodes every photo), made once.
const BASE_JPEG = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 120, b: 80 } } })
  .jpeg()
  .toBuffer();

/** A real 8×8 JPEG; `seed` goes into a comment segment so that each photo's bytes differ. */
export function tinyJpeg(seed = 1): { blob: Blob; base64: string } {
  const comment = Buffer.from([0xff, 0xfe, 0, 6, seed & 0xff, (seed >> 8) & 0xff, (seed >> 16) & 0xff, (seed >> 24) & 0xff]);
  const bytes = Buffer.concat([BASE_JPEG.subarray(0, 2), comment, BASE_JPEG.subarray(2)]);
  return { blob: new Blob([bytes], { type: 'image/jpeg' }), base64: bytes.toString('base64') };
}

/** What the server holds for this phone's user (status and body), read with its cookie. */
export async function serverCopyFor(server: TestServer, phone: Phone, path: string): Promise<{ status: number; body: unknown }> {
  const res = await server.app.request(path, { headers: { cookie: phone.cookie } });
  return { status: res.status, body: res.status === 200 ? ((await res.json()) as unknown) : null };
}

/**
 * The local copy of an entity as the server would send it (the phone's own bookkeeping
 * fields removed), or undefined when the phone has none.
 */
export async function localCopy(db: KizukiDb, kind: 'observation' | 'consultation' | 'client', id: string): Promise<unknown> {
  if (kind === 'client') return db.clients.get(id);
  if (kind === 'observation') {
    const o = await db.observations.get(id);
    if (!o) return undefined;
    return omit(o, ['synced']);
  }
  const k = await db.consultations.get(id);
  if (!k) return undefined;
  return omit(k, ['synced', 'updatedAt']);
}

/** The server's copy in the same shape as localCopy (undefined when the server says 404). */
export async function serverShape(server: TestServer, phone: Phone, kind: 'observation' | 'consultation' | 'client', id: string): Promise<unknown> {
  const path = kind === 'client' ? `/api/clients/${id}` : `/api/${kind}s/${id}`;
  const { status, body } = await serverCopyFor(server, phone, path);
  if (status === 404) return undefined;
  if (status !== 200) throw new Error(`${path} answered ${status}`);
  if (kind === 'consultation') {
    return omit(body as Record<string, unknown>, ['updatedAt']);
  }
  return body;
}

function omit<T extends object>(o: T, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

/**
 * A real JPEG close to the largest the phone keeps (compress-image.ts: ≤ 300 KB): noise
 * compresses badly, so 620 × 480 at quality 95 lands near 300 KB. `seed` changes the noise.
 */
export async function largeJpeg(seed = 1): Promise<{ blob: Blob; base64: string }> {
  const side = 620;
  const raw = Buffer.alloc(side * 480 * 3);
  let x = seed * 2654435761;
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    raw[i] = x >>> 24;
  }
  const bytes = await sharp(raw, { raw: { width: side, height: 480, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
  return { blob: new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), base64: bytes.toString('base64') };
}
