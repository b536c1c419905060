// The phone's sync rules (docs/decisions/0007-local-entity-lifecycle.md), each with a test that
// fails when the rule is broken: the real client code on fake-indexeddb against the real server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KizukiDb } from '../../src/client/db/db.js';
import { addMessage, saveConsultation, saveObservation, saveUsualValues } from '../../src/client/db/writes.js';
import { syncOnce } from '../../src/client/sync/engine.js';
import { RetryableSyncError } from '../../src/client/sync/ports.js';
import { discard, readStale, resend } from '../../src/client/sync/reconcile.js';
import type { ConsultationInput, ObservationInput } from '../../src/shared/schemas.js';
import { consultationBody, makeApp, newId, YAMADA, type ApiClient, type TestServer } from '../fixtures/server.js';
import { largeJpeg, localCopy, phoneFor, serverCopyFor, serverShape, tinyJpeg, type Phone } from './phone.js';

let s: TestServer;
beforeEach(async () => {
  s = await makeApp();
});
afterEach(() => s.close());

const observation = (note: string): ObservationInput => ({
  clientId: YAMADA,
  observedAt: s.clock.now().toISOString(),
  vitals: { temperature: 37.4, pulse: 88 },
  softSigns: [],
  note,
});
const consultation = (observationIds: string[] = []) => consultationBody(YAMADA, 'sakura', { observationIds }) as ConsultationInput;

async function observe(p: Phone, note: string, photo?: { blob: Blob; base64: string }): Promise<string> {
  const id = newId();
  await saveObservation(p.db, { id, input: observation(note), session: p.session, spo2Scale: 1, now: s.clock.now(), ...(photo ? { photo } : {}) });
  return id;
}

async function consult(p: Phone): Promise<string> {
  const id = newId();
  await saveConsultation(p.db, { id, input: consultation(), session: p.session, clientName: '山田 花子', now: s.clock.now() });
  return id;
}

async function say(p: Phone, consultationId: string, input: Parameters<typeof addMessage>[1]['input']): Promise<string> {
  const messageId = newId();
  await addMessage(p.db, { consultationId, messageId, input, session: p.session, now: s.clock.now() });
  return messageId;
}

/** Rows in a server table (the demo region comes with history: compare before and after). */
const rows = async (table: 'observations' | 'consultations' | 'messages' | 'photos') =>
  ((await s.db.get(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number }).n;

const rejected = (db: KizukiDb) => db.outbox.where('state').equals('rejected').toArray();
const pending = (db: KizukiDb) => db.outbox.where('state').equals('pending').toArray();

async function expectSameAsServer(p: Phone, kind: 'observation' | 'consultation' | 'client', id: string): Promise<void> {
  expect(await localCopy(p.db, kind, id), `${kind} ${id} on the phone equals the server's`).toEqual(await serverShape(s, p, kind, id));
}

/**
 * Makes the next outbox write fail (disk full, a bug…), after letting `skip` writes through: at
 * IndexedDB itself, which refuses the request, so that it fails whether the write goes through
 * Dexie or not (a save writes without Dexie's layers, db/direct-write.ts).
 */
function failOutboxWrite(db: KizukiDb, skip = 0): () => void {
  let seen = 0;
  const restores = (['add', 'put'] as const).map((name) => {
    const original = IDBObjectStore.prototype[name];
    IDBObjectStore.prototype[name] = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if (this.name === 'outbox' && this.transaction.db === db.backendDB() && seen++ >= skip) {
        throw new DOMException('outbox write failed', 'UnknownError');
      }
      return original.apply(this, args);
    };
    return () => {
      IDBObjectStore.prototype[name] = original;
    };
  });
  return () => restores.forEach((restore) => restore());
}

describe('a write and its outbox entry are one transaction', () => {
  it('an observation whose outbox entry cannot be written is not stored either', async () => {
    const p = await phoneFor(s, 'carer.suzuki');
    const restore = failOutboxWrite(p.db);
    await expect(observe(p, 'lost with its entry')).rejects.toThrow();
    restore();
    expect(await p.db.observations.count()).toBe(0);
    expect(await p.db.outbox.count()).toBe(0);
  });

  it('an observation with a photo: when the photo\'s entry fails, neither the observation nor the photo is stored', async () => {
    const p = await phoneFor(s, 'carer.suzuki');
    const restore = failOutboxWrite(p.db, 1);
    await expect(observe(p, 'with photo', tinyJpeg())).rejects.toThrow();
    restore();
    expect(await p.db.observations.count()).toBe(0);
    expect(await p.db.photos.count()).toBe(0);
    expect(await p.db.outbox.count()).toBe(0);
  });

  it('a consultation, a message and usual values are not stored without their entries', async () => {
    const carer = await phoneFor(s, 'carer.suzuki');
    const kId = await consult(carer);
    await syncOnce(carer.deps);
    let restore = failOutboxWrite(carer.db);
    await expect(consult(carer)).rejects.toThrow();
    await expect(say(carer, kId, { kind: 'message', body: '届かない' })).rejects.toThrow();
    restore();
    expect((await carer.db.consultations.toArray()).map((k) => k.id)).toEqual([kId]);
    expect((await carer.db.consultations.get(kId))?.messages).toEqual([]);

    const nurse = await phoneFor(s, 'nurse.sato');
    await syncOnce(nurse.deps);
    const before = await nurse.db.clients.get(YAMADA);
    restore = failOutboxWrite(nurse.db);
    await expect(
      saveUsualValues(nurse.db, { clientId: YAMADA, input: { temperature: 35.9, spo2Scale: 1 }, session: nurse.session, now: s.clock.now() }),
    ).rejects.toThrow();
    restore();
    expect(await nurse.db.clients.get(YAMADA)).toEqual(before);
    expect(await nurse.db.outbox.count()).toBe(0);
  });
});

describe('rejections (real answers of the real server)', () => {
  let nurse: ApiClient;
  beforeEach(async () => {
    nurse = await s.login('nurse.sato');
  });

  async function closedConsultation(p: Phone): Promise<string> {
    const kId = await consult(p);
    await syncOnce(p.deps);
    expect((await nurse.put(`/api/consultations/${kId}/messages/${newId()}`, { kind: 'close' })).status).toBe(201);
    return kId;
  }

  it('409: a message to a consultation the nurse closed is refused, the phone shows the closed consultation, and the entries behind it still go', async () => {
    const p = await phoneFor(s, 'carer.suzuki');
    const kId = await closedConsultation(p);
    await say(p, kId, { kind: 'message', body: 'もう一つ質問です' });
    const behind = await observe(p, 'behind the refused message');
    const before = await rows('observations');

    const outcome = await syncOnce(p.deps);
    expect(outcome).toMatchObject({ sent: 1, rejected: 1 });
    expect(await rows('observations')).toBe(before + 1);
    expect((await p.db.observations.get(behind))?.synced).toBe(true);
    const [refused] = await rejected(p.db);
    expect(refused?.error).toMatchObject({ status: 409, detail: 'この相談は完了しています。新しい相談を作成してください。' });
    // Not frozen: the phone shows what the server holds (closed, without the refused message).
    expect((await p.db.consultations.get(kId))?.status).toBe('closed');
    await expectSameAsServer(p, 'consultation', kId);

    // A 409 is not "retry later": the next pass does not send it again.
    const messages = await rows('messages');
    await syncOnce(p.deps);
    expect(await rows('messages')).toBe(messages);
    expect(await rejected(p.db)).toHaveLength(1);
    expect(p.net.log.filter((l) => l === 'POST /api/batch')).toHaveLength(2);

    // 削除する: the entry goes; the record stays as the server has it.
    await discard(p.db, refused?.seq ?? -1);
    await syncOnce(p.deps);
    expect(await p.db.outbox.count()).toBe(0);
    await expectSameAsServer(p, 'consultation', kId);
  });

  it('削除する on a rejected item restores the server\'s copy even when the refresh could not reach the server', async () => {
    const p = await phoneFor(s, 'carer.suzuki');
    const kId = await closedConsultation(p);
    await say(p, kId, { kind: 'message', body: '電波が切れる直前' });
    // The batch is answered (409); the signal is gone before the refresh.
    const flushOnly = {
      ...p.deps,
      fetch: async (path: string, init?: RequestInit) => {
        if (path !== '/api/batch') throw new TypeError('Failed to fetch');
        return p.deps.fetch(path, init);
      },
    };
    await expect(syncOnce(flushOnly)).rejects.toBeInstanceOf(RetryableSyncError);
    const [refused] = await rejected(p.db);
    expect(refused?.error?.status).toBe(409);
    expect(await readStale(p.db)).toEqual([{ kind: 'consultation', id: kId }]);

    p.net.online = false;
    await discard(p.db, refused?.seq ?? -1);
    expect(await p.db.outbox.count()).toBe(0);
    expect(await readStale(p.db)).toEqual([{ kind: 'consultation', id: kId }]);
    p.net.online = true;
    await syncOnce(p.deps);
    expect(await readStale(p.db)).toEqual([]);
    expect((await p.db.consultations.get(kId))?.status).toBe('closed');
    await expectSameAsServer(p, 'consultation', kId);
  });

  it('403: a read receipt from a carer is refused; the consultation keeps following the server (the nurse\'s reply arrives)', async () => {
    const p = await phoneFor(s, 'carer.suzuki');
    const kId = await consult(p);
    await syncOnce(p.deps);
    await say(p, kId, { kind: 'acknowledge' });
    await say(p, kId, { kind: 'message', body: '追加の情報です' });
    const outcome = await syncOnce(p.deps);
    expect(outcome).toMatchObject({ sent: 1, rejected: 1 });
    expect((await rejected(p.db))[0]?.error).toMatchObject({ status: 403, detail: '既読にできるのは看護師だけです。' });
    await expectSameAsServer(p, 'consultation', kId);

    expect((await nurse.put(`/api/consultations/${kId}/messages/${newId()}`, { kind: 'message', body: '伺います' })).status).toBe(201);
    await syncOnce(p.deps);
    expect((await p.db.consultations.get(kId))?.messages.map((m) => m.body)).toEqual(['追加の情報です', '伺います']);
    await expectSameAsServer(p, 'consultation', kId);
  });

  it('404: after the station is unlinked, the nurse\'s usual values and observation are refused, the client leaves the phone, and both go through once linked again', async () => {
    const admin = await s.login('admin.himawari');
    const p = await phoneFor(s, 'nurse.sato');
    await syncOnce(p.deps);
    expect(await p.db.clients.get(YAMADA)).toBeDefined();
    await saveUsualValues(p.db, { clientId: YAMADA, input: { temperature: 36.1, pulse: 70, spo2Scale: 1 }, session: p.session, now: s.clock.now() });
    const obsId = await observe(p, '訪問時の記録');
    expect((await admin.put(`/api/admin/clients/${YAMADA}/stations`, { stationIds: [] })).status).toBe(200);

    const outcome = await syncOnce(p.deps);
    expect(outcome).toMatchObject({ sent: 0, rejected: 2 });
    const refused = await rejected(p.db);
    expect(refused.map((e) => [e.entityType, e.error?.status, e.error?.detail])).toEqual([
      ['usual', 404, 'この利用者は見つかりません。'],
      ['observation', 404, 'この利用者は見つかりません。'],
    ]);
    // The phone shows nothing the server no longer lets this nurse see; what she entered waits in the outbox.
    expect(await p.db.clients.get(YAMADA)).toBeUndefined();
    expect(await p.db.observations.get(obsId)).toBeUndefined();

    expect((await admin.put(`/api/admin/clients/${YAMADA}/stations`, { stationIds: ['sakura'] })).status).toBe(200);
    for (const e of refused) await resend(p.db, e.seq ?? -1);
    expect(await syncOnce(p.deps)).toMatchObject({ sent: 2, rejected: 0 });
    expect(await p.db.outbox.count()).toBe(0);
    expect((await p.db.clients.get(YAMADA))?.usual?.temperature).toBe(36.1);
    await expectSameAsServer(p, 'client', YAMADA);
    await expectSameAsServer(p, 'observation', obsId);
  });

  it('400 on a photo: the observation stays as the server has it, the refused photo leaves the phone', async () => {
    const p = await phoneFor(s, 'carer.suzuki');
    const notJpeg = { blob: new Blob([new Uint8Array([1, 2, 3])]), base64: Buffer.from([1, 2, 3]).toString('base64') };
    const id = await observe(p, '写真が壊れている', notJpeg);
    expect(await syncOnce(p.deps)).toMatchObject({ sent: 1, rejected: 1 });
    expect((await rejected(p.db))[0]).toMatchObject({ entityType: 'photo', error: { status: 400 } });
    expect(await p.db.photos.get(id)).toBeUndefined();
    await expectSameAsServer(p, 'observation', id);
  });
});

describe('answers that are not final', () => {
  it('an entry that got no answer in the batch response stays queued, and is stored once when sent again', async () => {
    const p = await phoneFor(s, 'carer.suzuki');
    const ids = [await observe(p, 'one'), await observe(p, 'two'), await observe(p, 'three')];
    const before = await rows('observations');
    p.net.rewriteBatch = (responses) => responses.filter((_, i) => i !== 1);
    await expect(syncOnce(p.deps)).rejects.toBeInstanceOf(RetryableSyncError);
    expect((await pending(p.db)).map((e) => e.entityId)).toEqual([ids[1], ids[2]]);
    expect((await p.db.observations.get(ids[1] ?? ''))?.synced).toBe(false);

    p.net.rewriteBatch = undefined;
    await syncOnce(p.deps);
    expect(await p.db.outbox.count()).toBe(0);
    expect(await rows('observations')).toBe(before + 3);
    for (const id of ids) await expectSameAsServer(p, 'observation', id);
  });

  it('a 503 answer to one entry keeps it and the ones behind it queued', async () => {
    const p = await phoneFor(s, 'carer.suzuki');
    await observe(p, 'one');
    await observe(p, 'two');
    p.net.rewriteBatch = (responses) => responses.map((r, i) => (i === 0 ? { ...r, status: 503, body: null } : r));
    await expect(syncOnce(p.deps)).rejects.toBeInstanceOf(RetryableSyncError);
    expect(await pending(p.db)).toHaveLength(2);
  });
});

describe('photos and usual values travel through the outbox', () => {
  it('a photo reaches the server after its observation; the phone then knows what the server kept', async () => {
    const p = await phoneFor(s, 'carer.suzuki');
    const photos = await rows('photos');
    const id = await observe(p, '写真つき', tinyJpeg());
    expect(await syncOnce(p.deps)).toMatchObject({ sent: 2, rejected: 0 });
    expect(await rows('photos')).toBe(photos + 1);
    expect((await p.db.photos.get(id))?.synced).toBe(true);
    // The server re-encodes every photo (no metadata survives): the phone takes the size it kept.
    expect((await p.db.observations.get(id))?.photo).toMatchObject({ contentType: 'image/jpeg' });
    await expectSameAsServer(p, 'observation', id);
  });

  it('photos as large as the phone keeps them, several queued offline: each batch stays under the body limit and every photo arrives', async () => {
    const p = await phoneFor(s, 'carer.suzuki');
    const photos = await rows('photos');
    // What compress-image.ts may leave: up to 300 KB of JPEG each, ~400 KB as base64. Three of
    // them in one batch would be over the server's 1 MB body limit (413 for the whole batch).
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await observe(p, `大きな写真 ${i}`, await largeJpeg(i)));
    const outcome = await syncOnce(p.deps);
    expect(outcome).toMatchObject({ sent: 8, rejected: 0 });
    expect(await rows('photos')).toBe(photos + 4);
    expect(await p.db.outbox.count()).toBe(0);
    for (const id of ids) expect((await p.db.photos.get(id))?.synced).toBe(true);
    const batches = p.net.log.filter((l) => l === 'POST /api/batch').length;
    expect(batches, 'the queue was split into batches the server accepts').toBeGreaterThan(1);
  });

  it('an entry too large to send even alone is refused on the phone (413, said why), and the ones behind it go', async () => {
    const p = await phoneFor(s, 'carer.suzuki');
    const big = await observe(p, '大きすぎる記録');
    // No form makes this (a note is at most 4,000 characters): an entry from an older version or a bug.
    const entry = await p.db.outbox.where('entityId').equals(big).first();
    if (!entry?.seq) throw new Error('not queued');
    await p.db.outbox.update(entry.seq, { body: { ...(entry.body as object), note: 'あ'.repeat(400_000) } });
    const after = await observe(p, '後ろの記録');
    expect(await syncOnce(p.deps)).toMatchObject({ sent: 1, rejected: 1 });
    expect((await rejected(p.db))[0]).toMatchObject({ entityId: big, error: { status: 413 } });
    expect(p.net.log.filter((l) => l === 'POST /api/batch')).toHaveLength(1);
    expect((await serverCopyFor(s, p, `/api/observations/${after}`)).status).toBe(200);
    expect((await serverCopyFor(s, p, `/api/observations/${big}`)).status).toBe(404);
  });

  it('usual values set on the nurse\'s phone reach the server and the carer\'s phone; a carer\'s own attempt is refused and undone', async () => {
    const nurse = await phoneFor(s, 'nurse.sato');
    const carer = await phoneFor(s, 'carer.suzuki');
    await syncOnce(nurse.deps);
    await syncOnce(carer.deps);
    await saveUsualValues(nurse.db, { clientId: YAMADA, input: { temperature: 35.8, systolic: 118, spo2Scale: 1 }, session: nurse.session, now: s.clock.now() });
    expect(await syncOnce(nurse.deps)).toMatchObject({ sent: 1 });
    await expectSameAsServer(nurse, 'client', YAMADA);
    await syncOnce(carer.deps);
    expect((await carer.db.clients.get(YAMADA))?.usual).toMatchObject({ temperature: 35.8, systolic: 118 });

    await saveUsualValues(carer.db, { clientId: YAMADA, input: { temperature: 37.5, spo2Scale: 2 }, session: carer.session, now: s.clock.now() });
    expect((await carer.db.clients.get(YAMADA))?.usual?.temperature).toBe(37.5);
    expect(await syncOnce(carer.deps)).toMatchObject({ rejected: 1 });
    expect((await rejected(carer.db))[0]?.error?.status).toBe(403);
    expect((await carer.db.clients.get(YAMADA))?.usual?.temperature).toBe(35.8);
    await expectSameAsServer(carer, 'client', YAMADA);
  });
});

describe('usual values are not overwritten over another nurse\'s later change', () => {
  const CHANGED_MEANWHILE = 'ほかの看護師が先にいつもの値を変更していました。今の値を確かめてから、もう一度送るか削除してください。';
  const usual = (input: Partial<Parameters<typeof saveUsualValues>[1]['input']>) => ({ spo2Scale: 1 as const, ...input });

  /** 山田 served by a second station, whose nurse sets values through the API while sato's phone is offline. */
  async function twoStations(): Promise<{ sato: Phone; tanaka: ApiClient }> {
    const admin = await s.login('admin.himawari');
    expect((await admin.put(`/api/admin/clients/${YAMADA}/stations`, { stationIds: ['sakura', 'midori'] })).status).toBe(200);
    const sato = await phoneFor(s, 'nurse.sato');
    await syncOnce(sato.deps);
    return { sato, tanaka: await s.login('nurse.tanaka') };
  }

  it('an edit made offline is refused (409, said why) when another nurse changed them meanwhile; the phone then shows theirs, and もう一度送る sends hers from theirs', async () => {
    const { sato, tanaka } = await twoStations();
    const before = (await sato.db.clients.get(YAMADA))?.usual?.updatedAt;
    s.clock.advance(60_000);
    await saveUsualValues(sato.db, { clientId: YAMADA, input: usual({ temperature: 36.0 }), session: sato.session, now: s.clock.now() });
    expect((await pending(sato.db))[0]?.body).toMatchObject({ temperature: 36.0, basedOn: before });
    s.clock.advance(60_000);
    expect((await tanaka.put(`/api/clients/${YAMADA}/usual`, usual({ temperature: 37.0, basedOn: before }))).status).toBe(200);

    expect(await syncOnce(sato.deps)).toMatchObject({ rejected: 1 });
    const [refused] = await rejected(sato.db);
    expect(refused?.error).toMatchObject({ status: 409, detail: CHANGED_MEANWHILE });
    expect((await sato.db.clients.get(YAMADA))?.usual, 'the phone shows the values in effect').toMatchObject({ temperature: 37.0, updatedByName: '田中 看護師' });
    await expectSameAsServer(sato, 'client', YAMADA);

    const theirs = (await sato.db.clients.get(YAMADA))?.usual?.updatedAt;
    await resend(sato.db, refused?.seq ?? -1);
    // Hers again on her phone at once, to go from theirs.
    expect((await sato.db.clients.get(YAMADA))?.usual).toMatchObject({ temperature: 36.0, updatedByName: '佐藤 看護師' });
    expect((await pending(sato.db))[0]?.body).toMatchObject({ temperature: 36.0, basedOn: theirs });
    expect(await syncOnce(sato.deps)).toMatchObject({ sent: 1, rejected: 0 });
    expect((await serverShape(s, sato, 'client', YAMADA)) as { usual?: { temperature?: number } }).toMatchObject({ usual: { temperature: 36.0 } });
    await expectSameAsServer(sato, 'client', YAMADA);
  });

  it('edits queued one after another offline all go through, the last one standing', async () => {
    const { sato } = await twoStations();
    for (const temperature of [36.0, 36.1, 36.2]) {
      s.clock.advance(60_000);
      await saveUsualValues(sato.db, { clientId: YAMADA, input: usual({ temperature }), session: sato.session, now: s.clock.now() });
    }
    expect(await syncOnce(sato.deps)).toMatchObject({ sent: 3, rejected: 0 });
    expect((await sato.db.clients.get(YAMADA))?.usual?.temperature).toBe(36.2);
    await expectSameAsServer(sato, 'client', YAMADA);
  });

  it('a second edit queued behind the first starts where the first did, never from the phone\'s clock: both are refused over a change they did not see', async () => {
    const { sato, tanaka } = await twoStations();
    const before = (await sato.db.clients.get(YAMADA))?.usual?.updatedAt;
    s.clock.advance(60_000);
    expect((await tanaka.put(`/api/clients/${YAMADA}/usual`, usual({ temperature: 37.0, basedOn: before }))).status).toBe(200);
    // sato's phone has not heard of it: two edits, made after it by the clock.
    for (const temperature of [36.0, 36.1]) {
      s.clock.advance(60_000);
      await saveUsualValues(sato.db, { clientId: YAMADA, input: usual({ temperature }), session: sato.session, now: s.clock.now() });
    }
    expect((await pending(sato.db)).map((e) => (e.body as { basedOn?: string }).basedOn)).toEqual([before, before]);
    expect(await syncOnce(sato.deps)).toMatchObject({ sent: 0, rejected: 2 });
    expect((await serverShape(s, sato, 'client', YAMADA)) as { usual?: { temperature?: number } }).toMatchObject({ usual: { temperature: 37.0 } });
  });

  it('an edit after a refused one starts from the values the phone now shows, and goes through', async () => {
    const { sato, tanaka } = await twoStations();
    const before = (await sato.db.clients.get(YAMADA))?.usual?.updatedAt;
    await saveUsualValues(sato.db, { clientId: YAMADA, input: usual({ temperature: 36.0 }), session: sato.session, now: s.clock.now() });
    s.clock.advance(60_000);
    expect((await tanaka.put(`/api/clients/${YAMADA}/usual`, usual({ temperature: 37.0, basedOn: before }))).status).toBe(200);
    expect(await syncOnce(sato.deps)).toMatchObject({ rejected: 1 });
    s.clock.advance(60_000);
    await saveUsualValues(sato.db, { clientId: YAMADA, input: usual({ temperature: 36.5 }), session: sato.session, now: s.clock.now() });
    expect(await syncOnce(sato.deps)).toMatchObject({ sent: 1, rejected: 0 });
    await expectSameAsServer(sato, 'client', YAMADA);
    expect((await sato.db.clients.get(YAMADA))?.usual?.temperature).toBe(36.5);
  });

  it('the phone shows at once what the server will keep: home oxygen and the bands too', async () => {
    const { sato } = await twoStations();
    const input = usual({ temperature: 36.4, homeOxygen: true, bands: { temperature: 2.0, pulse: 10 } });
    await saveUsualValues(sato.db, { clientId: YAMADA, input, session: sato.session, now: s.clock.now() });
    expect((await sato.db.clients.get(YAMADA))?.usual).toMatchObject({ temperature: 36.4, homeOxygen: true, bands: { temperature: 2.0, pulse: 10 } });
    await syncOnce(sato.deps);
    await expectSameAsServer(sato, 'client', YAMADA);
  });
});
