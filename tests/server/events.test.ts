// GET /api/events (routes/events.ts): a signed-in stream that says "changes you may see are
// available" with the feed position as its id, only after the write is committed, never about
// what the caller may not see; a reconnect resumes from Last-Event-ID; sign-out ends it.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteDb } from '../../src/server/store/db.js';
import { createLocalChangeBus } from '../../src/server/change-bus.js';
import { HIMAWARI_CLIENTS, KOBAYASHI, YAMADA, consultationBody, makeApp, newId, observationBody, type ApiClient, type TestServer } from '../fixtures/server.js';

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  comment?: string;
}

/** An open stream: events (comments included) one at a time, in order. */
interface Stream {
  status: number;
  contentType: string;
  next(): Promise<SseEvent | 'closed'>;
  /** The next event that is not a comment nor a bare retry. */
  nextEvent(): Promise<SseEvent | 'closed'>;
  close(): Promise<void>;
}

let s: TestServer;
let sato: ApiClient; // さくら: the station YAMADA's consultations go to
let tanaka: ApiClient; // みどり: another station
let carer: ApiClient;
let ito: ApiClient; // あおぞら
let other: Database.Database;
const published: boolean[] = [];
const streams: Stream[] = [];

beforeAll(async () => {
  s = await makeApp((db) => {
    const bus = createLocalChangeBus();
    const reader = () => other;
    return {
      eventHeartbeatMs: 60_000,
      changes: {
        ...bus,
        publish() {
          // Whether the newest change row is already visible to another connection (committed).
          const newest = (db as SqliteDb).raw.prepare('SELECT MAX(seq) AS m FROM changes').get() as { m: number };
          const seen = reader().prepare('SELECT MAX(seq) AS m FROM changes').get() as { m: number };
          published.push(seen.m === newest.m);
          bus.publish();
        },
      },
    };
  });
  other = new Database(join(s.dir, 'kizuki.sqlite'), { readonly: true });
  sato = await s.login('nurse.sato');
  tanaka = await s.login('nurse.tanaka');
  carer = await s.login('carer.suzuki');
  ito = await s.login('carer.ito');
});
afterEach(async () => {
  await Promise.all(streams.splice(0).map((st) => st.close()));
});
afterAll(() => {
  other.close();
  s.close();
});

const maxSeq = () => String(((s.db as SqliteDb).raw.prepare('SELECT MAX(seq) AS m FROM changes').get() as { m: number }).m);

async function open(who: ApiClient | null, headers: Record<string, string> = {}, query = ''): Promise<Stream> {
  const res = await s.app.request(`/api/events${query}`, { headers: { ...(who ? { cookie: who.cookie } : {}), ...headers } });
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (): Promise<SseEvent | 'closed'> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: SseEvent = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) event.comment = line.slice(1).trim();
          else {
            const [field, ...rest] = line.split(':');
            (event as Record<string, string>)[field ?? ''] = rest.join(':').trimStart();
          }
        }
        return event;
      }
      const chunk = await reader?.read();
      if (!chunk || chunk.done) return 'closed';
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  const stream: Stream = {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    next,
    async nextEvent() {
      for (;;) {
        const e = await next();
        if (e === 'closed' || e.event !== undefined || e.data !== undefined) return e;
      }
    },
    close: async () => {
      await reader?.cancel().catch(() => undefined);
    },
  };
  streams.push(stream);
  return stream;
}

/** Lets the bus deliver what was published (it wakes listeners on the next turn). */
const delivered = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

const consult = async (toOrgId: string) => {
  const id = newId();
  expect((await carer.put(`/api/consultations/${id}`, consultationBody(YAMADA, toOrgId))).status).toBe(201);
  return id;
};

/** An observation of あおぞら's own client, which no station serves: invisible to さくら. */
const aozoraRecords = async () => {
  expect((await ito.put(`/api/observations/${newId()}`, observationBody(KOBAYASHI, s.clock.now()))).status).toBe(201);
};

describe('GET /api/events', () => {
  it('needs a session', async () => {
    const st = await open(null);
    expect(st.status).toBe(401);
  });

  it('a new stream says so at once (the app pulls to start), with the feed position as id', async () => {
    const st = await open(sato);
    expect(st.status).toBe(200);
    expect(st.contentType).toMatch(/^text\/event-stream/);
    expect(await st.next()).toEqual({ retry: '3000' });
    expect(await st.next()).toEqual({ id: maxSeq(), event: 'changes', data: maxSeq() });
  });

  it("the station's nurse hears of a new consultation after its commit; another station's nurse does not", async () => {
    const satoStream = await open(sato);
    const tanakaStream = await open(tanaka);
    await satoStream.nextEvent();
    await tanakaStream.nextEvent();

    published.length = 0;
    await consult('sakura');
    const afterFirst = maxSeq();
    expect(await satoStream.nextEvent()).toMatchObject({ id: afterFirst, event: 'changes' });
    expect(published.length).toBeGreaterThan(0);
    expect(published.every(Boolean), 'published only once the write is committed').toBe(true);

    // Tanaka may not see it: her next event is about the consultation sent to みどり after it.
    await delivered();
    await consult('midori');
    expect(await tanakaStream.nextEvent()).toMatchObject({ id: maxSeq(), event: 'changes' });
    expect(maxSeq()).not.toBe(afterFirst);
  });

  it('an observation wakes the station serving the client, not another one', async () => {
    const satoStream = await open(sato);
    const tanakaStream = await open(tanaka);
    await satoStream.nextEvent();
    await tanakaStream.nextEvent();
    expect((await carer.put(`/api/observations/${newId()}`, observationBody(YAMADA, s.clock.now()))).status).toBe(201);
    // さくら serves YAMADA: she sees the observation.
    expect(await satoStream.nextEvent()).toMatchObject({ id: maxSeq() });
    await delivered();
    await consult('midori');
    expect(await tanakaStream.nextEvent()).toMatchObject({ id: maxSeq() });
  });

  it('writes sent through /api/batch are heard too', async () => {
    const st = await open(sato);
    await st.nextEvent();
    const id = newId();
    const r = await carer.post<{ responses: { status: number }[] }>('/api/batch', {
      requests: [{ id: '1', method: 'PUT', url: `/api/consultations/${id}`, body: consultationBody(YAMADA, 'sakura') }],
    });
    expect(r.body.responses[0]?.status).toBe(201);
    expect(await st.nextEvent()).toMatchObject({ id: maxSeq(), event: 'changes' });
  });

  it('a reconnect with Last-Event-ID hears at once of what it missed, and of nothing else', async () => {
    const first = await open(sato);
    const seen = await first.nextEvent();
    const lastId = seen === 'closed' ? '' : (seen.id ?? '');
    await first.close();

    // Missed while away: the reconnect announces it at once.
    await consult('sakura');
    const resumed = await open(sato, { 'last-event-id': lastId });
    expect(await resumed.nextEvent()).toMatchObject({ id: maxSeq(), event: 'changes' });

    // Nothing missed: no event until the next visible change.
    const upToDate = await open(sato, { 'last-event-id': maxSeq() });
    await aozoraRecords();
    await delivered();
    await consult('sakura');
    expect(await upToDate.nextEvent()).toMatchObject({ id: maxSeq() });

    // Only changes it may not see missed: a reconnect of さくら stays quiet.
    const before = maxSeq();
    await aozoraRecords();
    const quiet = await open(sato, { 'last-event-id': before });
    await delivered();
    await consult('sakura');
    expect(await quiet.nextEvent()).toMatchObject({ id: maxSeq() });
  });

  it('?after= works as Last-Event-ID; a position it never wrote counts as a new stream', async () => {
    const before = maxSeq();
    await consult('sakura');
    const st = await open(sato, {}, `?after=${before}`);
    expect(await st.nextEvent()).toMatchObject({ id: maxSeq() });
    for (const bogus of ['abc', '-1', '1e3', String(Number(maxSeq()) + 1000)]) {
      const fresh = await open(sato, { 'last-event-id': bogus });
      expect(await fresh.nextEvent(), bogus).toMatchObject({ id: maxSeq(), event: 'changes' });
    }
  });

  it("a station unlinked from a client hears of it (its app must forget the client); a station that never saw the client hears nothing", async () => {
    const admin = await s.login('admin.himawari');
    const client = HIMAWARI_CLIENTS[2];
    const satoStream = await open(sato);
    const tanakaStream = await open(tanaka);
    await satoStream.nextEvent();
    await tanakaStream.nextEvent();
    try {
      expect((await admin.put(`/api/admin/clients/${client}/stations`, { stationIds: [] })).status).toBe(200);
      // Nothing of the client is visible to さくら any more, yet her stream says "changes".
      expect(await satoStream.nextEvent()).toMatchObject({ id: maxSeq(), event: 'changes' });
      // みどり never saw the client: her next event is the consultation sent to her after it.
      await delivered();
      await consult('midori');
      expect(await tanakaStream.nextEvent()).toMatchObject({ id: maxSeq(), event: 'changes' });
    } finally {
      expect((await admin.put(`/api/admin/clients/${client}/stations`, { stationIds: ['sakura'] })).status).toBe(200);
    }
    // Linked again: the client's rows are hers again (after the event of the consultation about
    // 山田, whom さくら serves).
    const ids = [];
    for (let e = await satoStream.nextEvent(); e !== 'closed'; e = await satoStream.nextEvent()) {
      ids.push(e.id);
      if (e.id === maxSeq()) break;
    }
    expect(ids.at(-1)).toBe(maxSeq());
  });

  it('signing out ends the stream at the next change', async () => {
    const nurse = await s.login('nurse.sato');
    const st = await open(nurse);
    await st.nextEvent();
    expect((await nurse.del('/api/session')).status).toBeLessThan(300);
    await consult('sakura');
    expect(await st.nextEvent()).toBe('closed');
  });
});

describe('GET /api/events heartbeat', () => {
  it('an idle stream carries only comments, and ends when the session has timed out', async () => {
    const h = await makeApp(() => ({ eventHeartbeatMs: 20, sessionIdleMs: 60_000 }));
    try {
      const nurse = await h.login('nurse.sato');
      const res = await h.app.request('/api/events', { headers: { cookie: nurse.cookie } });
      const reader = res.body?.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!text.includes(': heartbeat\n\n')) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) throw new Error('closed before a heartbeat');
        text += decoder.decode(chunk.value);
      }
      expect(text.match(/^event:/gm)).toHaveLength(1); // the opening one only
      h.clock.advance(61_000);
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
      }
    } finally {
      h.close();
    }
  });
});

describe('GET /api/events when the process stops', () => {
  it('closing the bus ends every open stream cleanly, and a stream opened afterwards at once', async () => {
    const bus = createLocalChangeBus();
    const h = await makeApp(() => ({ changes: bus, eventHeartbeatMs: 60_000 }));
    try {
      const nurse = await h.login('nurse.sato');
      let closing = false;
      const read = async (res: Response) => {
        const reader = res.body?.getReader();
        const decoder = new TextDecoder();
        let text = '';
        for (;;) {
          const chunk = await reader?.read();
          if (!chunk || chunk.done) return text;
          text += decoder.decode(chunk.value);
          // The opening event has been sent: the stream is up.
          if (text.includes('event: changes') && bus.size() === 1 && !closing) {
            closing = true;
            bus.close();
          }
        }
      };
      // The stream is read to its end: without the close it never ends (the test times out).
      const text = await read(await h.app.request('/api/events', { headers: { cookie: nurse.cookie } }));
      expect(text).toMatch(/^retry: \d+\n\n/);
      expect(bus.size()).toBe(0);
      // Opened while the process stops (a keep-alive connection may still send one): it ends at once.
      const late = await read(await h.app.request('/api/events', { headers: { cookie: nurse.cookie } }));
      expect(late).toMatch(/^retry: \d+\n\n/);
      expect(bus.size()).toBe(0);
    } finally {
      h.close();
    }
  });
});
