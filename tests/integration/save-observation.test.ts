// A save writes its observation, its outbox entry and the draft's deletion in one IndexedDB
// transaction of its own, without Dexie's layers (db/direct-write.ts): the card is rendered in the
// commit's own event, and Dexie hears of the change right after — its live queries and its query
// cache in this window at once, other tabs and workers through its channel. And a failed request
// still takes the whole save with it.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { ObservationInput, Session } from '../../src/shared/schemas.js';

// A window's events (Dexie listens to them for commits made in this window by another copy of
// Dexie, and so for the save's): in place before Dexie loads, as in the page.
const windowEvents = new EventTarget();
vi.stubGlobal('addEventListener', windowEvents.addEventListener.bind(windowEvents));
vi.stubGlobal('removeEventListener', windowEvents.removeEventListener.bind(windowEvents));
vi.stubGlobal('dispatchEvent', windowEvents.dispatchEvent.bind(windowEvents));
const { Dexie, liveQuery } = await import('dexie');
const { KizukiDb } = await import('../../src/client/db/db.js');
const { saveObservation } = await import('../../src/client/db/writes.js');
const { savedSince } = await import('../../src/client/db/recent-saves.js');
const { afterNextPaint } = await import('../../src/client/hooks/use-after-first-paint.js');

const CLIENT = '00000000-0000-4000-8000-000000000201';
const session = { user: { id: '00000000-0000-4000-8000-000000000101' } } as Session;
const input = (note: string): ObservationInput => ({
  clientId: CLIENT,
  observedAt: new Date().toISOString(),
  vitals: { temperature: 37.1 },
  softSigns: [],
  note,
});
const draftKey = `draft:observation:${CLIENT}`;

async function phone() {
  const db = new KizukiDb(`save-${crypto.randomUUID()}`);
  await db.meta.put({ key: draftKey, value: { note: '書きかけ' } });
  return db;
}

/** The client's observations, as the client page's timeline reads them (a query Dexie caches). */
const timeline = (db: InstanceType<typeof KizukiDb>) => () =>
  db.observations.where('[clientId+observedAt]').between([CLIENT, ''], [CLIENT, '\uffff']).toArray();

/** Subscribes to a live query; `latest()` is its last answer (undefined before the first). */
function watch<T>(query: () => Promise<T>) {
  let latest: T | undefined;
  let answers = 0;
  const sub = liveQuery(query).subscribe((v) => {
    latest = v;
    answers++;
  });
  return { latest: () => latest, answers: () => answers, stop: () => sub.unsubscribe() };
}

describe('a save and Dexie', () => {
  it('its live queries learn of the record: the timeline, and the outbox count the status bar shows', async () => {
    const db = await phone();
    const cards = watch(timeline(db));
    const pending = watch(() => db.outbox.where('state').equals('pending').count());
    await vi.waitFor(() => expect([cards.latest(), pending.latest()]).toEqual([[], 0]));
    const id = crypto.randomUUID();
    await saveObservation(db, { id, input: input('一件目'), session, spo2Scale: 1, now: new Date(), draftKey });
    await vi.waitFor(() => expect([cards.latest()?.map((o) => o.id), pending.latest()]).toEqual([[id], 1]));
    cards.stop();
    pending.stop();
  });

  it('without frames (no requestAnimationFrame), Dexie hears of the commit in its own event, after the card and before the save resolves: no live query answers from its cache what changed', async () => {
    const db = await phone();
    const cards = watch(timeline(db));
    await vi.waitFor(() => expect(cards.latest()).toEqual([]));
    const order: string[] = [];
    const heard = () => order.push('Dexie heard');
    Dexie.on('storagemutated', heard);
    const id = crypto.randomUUID();
    await saveObservation(db, { id, input: input('二件目'), session, spo2Scale: 1, now: new Date(), onCommitted: () => order.push('card') });
    order.push('resolved');
    // A query started now (the client page's, right after the card's frame) is not answered with
    // the cached result from before the save.
    const fresh = watch(timeline(db));
    await vi.waitFor(() => expect(fresh.answers()).toBeGreaterThan(0));
    expect(fresh.latest()?.map((o) => o.id)).toEqual([id]);
    expect(order.slice(0, 3)).toEqual(['card', 'Dexie heard', 'resolved']);
    Dexie.on('storagemutated').unsubscribe(heard);
    cards.stop();
    fresh.stop();
  });

  it('in a page, Dexie hears of it after the card\'s frame, before what the card\'s render left for after that frame (the client page\'s queries): those are not answered from the cache', async () => {
    const db = await phone();
    const cards = watch(timeline(db));
    await vi.waitFor(() => expect(cards.latest()).toEqual([]));
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    const order: string[] = [];
    const heard = () => order.push('Dexie heard');
    Dexie.on('storagemutated', heard);
    let pageRead: ReturnType<typeof watch<unknown[]>> | undefined;
    try {
      const id = crypto.randomUUID();
      await saveObservation(db, {
        id,
        input: input('四件目'),
        session,
        spo2Scale: 1,
        now: new Date(),
        onCommitted: () => {
          order.push('card');
          afterNextPaint(() => {
            order.push('page reads');
            pageRead = watch(timeline(db));
          });
        },
      });
      order.push('resolved');
      expect(order).toEqual(['card', 'resolved']);
      // The frame: its callbacks, then the tasks they queued.
      for (const cb of frames.splice(0)) cb(0);
      await vi.waitFor(() => expect(pageRead?.answers()).toBeGreaterThan(0));
      // Dexie's own channel message hears it once more, a task later, in any order with the
      // page's read (CI, under load): the first hearing is what must come first.
      expect(order.slice(0, 3)).toEqual(['card', 'resolved', 'Dexie heard']);
      expect(order.indexOf('page reads')).toBeGreaterThan(order.indexOf('Dexie heard'));
      expect((pageRead?.latest() as { id: string }[] | undefined)?.map((o) => o.id)).toEqual([id]);
    } finally {
      vi.stubGlobal('requestAnimationFrame', undefined);
      vi.stubGlobal('cancelAnimationFrame', undefined);
      Dexie.on('storagemutated').unsubscribe(heard);
      cards.stop();
      pageRead?.stop();
    }
  });

  it('other tabs and workers hear of it on Dexie\'s channel, with the parts it changed', async () => {
    const db = await phone();
    const other = new BroadcastChannel('x-storagemutated-1');
    const messages: Record<string, unknown>[] = [];
    other.onmessage = (e: MessageEvent<Record<string, unknown>>) => messages.push(e.data);
    const id = crypto.randomUUID();
    await saveObservation(db, { id, input: input('三件目'), session, spo2Scale: 1, now: new Date(), draftKey });
    await vi.waitFor(() => expect(messages.length).toBeGreaterThan(0));
    other.close();
    const parts = Object.keys(messages[0] ?? {});
    for (const part of ['observations/', 'observations/[clientId+observedAt]', 'outbox/', 'outbox/state', 'meta/', 'meta/:dels']) {
      expect(parts).toContain(`idb://${db.name}/${part}`);
    }
  });
});

describe('a save is one transaction', () => {
  it('an observation IndexedDB refuses (its id already stored) leaves nothing of the save: no outbox entry, the draft kept, no card', async () => {
    const db = await phone();
    const id = crypto.randomUUID();
    await db.observations.add({ id, clientId: CLIENT, authorId: session.user.id, observedAt: new Date().toISOString(), vitals: {}, softSigns: [], note: null, news2: null, createdAt: new Date().toISOString(), synced: true } as never);
    let committed = false;
    await expect(
      saveObservation(db, { id, input: input('重複'), session, spo2Scale: 1, now: new Date(), draftKey, onCommitted: () => (committed = true) }),
    ).rejects.toMatchObject({ name: 'ConstraintError' });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.meta.get(draftKey)).toBeDefined();
    expect((await db.observations.get(id))?.note).toBeNull();
    expect(committed).toBe(false);
    expect(savedSince(CLIENT, -Infinity).map((o) => o.id)).not.toContain(id);
  });
});
