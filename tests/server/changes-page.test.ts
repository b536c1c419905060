// GET /api/changes reads a page's entities in a fixed number of statements (ADR 0021), and the
// page is exactly what it was when each entity was read on its own: same order, same shape,
// same key order, a row whose entity is gone left out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangesPage, Client, Consultation, Observation } from '../../src/shared/schemas.js';
import { touch } from '../../src/server/store/changes.js';
import { linkStation } from '../../src/server/store/directory.js';
import { insertPhoto } from '../../src/server/store/photos.js';
import { sql } from '../../src/server/store/sql.js';
import {
  HIMAWARI_CLIENTS,
  YAMADA,
  consultationBody,
  makeApp,
  newId,
  observationBody,
  type ApiClient,
  type TestServer,
} from '../fixtures/server.js';
import { counting } from '../fixtures/counting-db.js';

async function observe(who: ApiClient, s: TestServer, client: string, extra: Record<string, unknown> = {}): Promise<Observation> {
  const r = await who.put<Observation>(`/api/observations/${newId()}`, observationBody(client, s.clock.now(), extra));
  expect(r.status).toBe(201);
  return r.body;
}

async function consult(who: ApiClient, client: string, observationIds: string[] = []): Promise<Consultation> {
  const r = await who.put<Consultation>(`/api/consultations/${newId()}`, consultationBody(client, 'sakura', { observationIds }));
  expect(r.status).toBe(201);
  return r.body;
}

async function say(who: ApiClient, k: string, body: Record<string, unknown>): Promise<Consultation> {
  const r = await who.put<Consultation>(`/api/consultations/${k}/messages/${newId()}`, body);
  expect(r.status).toBe(201);
  return r.body;
}

async function setUsual(who: ApiClient, client: string, pulse: number): Promise<Client> {
  const r = await who.put<Client>(`/api/clients/${client}/usual`, { spo2Scale: 1, pulse });
  expect(r.status).toBe(200);
  return r.body;
}

const page = async (who: ApiClient, after: string, limit: number) =>
  (await who.get<ChangesPage>(`/api/changes?after=${encodeURIComponent(after)}&limit=${limit}`)).body;

describe('a page costs a fixed number of statements', () => {
  let s: TestServer;
  let count: ReturnType<typeof counting>;
  let carer: ApiClient;
  let nurse: ApiClient;
  let start: string;
  beforeAll(async () => {
    s = await makeApp((db) => {
      count = counting(db);
      return { db: count.db };
    });
    carer = await s.login('carer.suzuki');
    nurse = await s.login('nurse.sato');
    start = (await carer.get<ChangesPage>('/api/changes?limit=500')).body.cursor;
    // The first three rows after `start`: one of each type.
    await observe(carer, s, YAMADA);
    await consult(carer, YAMADA);
    await setUsual(nurse, YAMADA, 70);
    // Then many more of each, none of them touching those three again.
    for (let i = 0; i < 12; i++) {
      const o = await observe(carer, s, HIMAWARI_CLIENTS[1 + (i % 2)] ?? YAMADA);
      if (i % 2 === 0) await say(nurse, (await consult(carer, o.clientId, [o.id])).id, { kind: 'acknowledge' });
    }
    await setUsual(nurse, HIMAWARI_CLIENTS[1], 71);
    await setUsual(nurse, HIMAWARI_CLIENTS[2], 72);
  });
  afterAll(() => s.close());

  /** The statements one GET issues that read clients, records or messages (not the session's). */
  const entityReads = async (after: string, limit: number) => {
    count.statements.length = 0;
    const p = await page(carer, after, limit);
    const reads = count.statements.filter((t) => /\b(clients|observations|consultations|messages|care_links|photos)\b/.test(t));
    return { p, reads: reads.length };
  };

  it('a page of 3 and a page of 30 read the same number of statements', async () => {
    const small = await entityReads(start, 3);
    const large = await entityReads(start, 500);
    expect(small.p.changes.map((c) => c.type)).toEqual(['observation', 'consultation', 'client']);
    const types = (t: string) => large.p.changes.filter((c) => c.type === t).length;
    expect([types('client'), types('observation'), types('consultation')]).toEqual([3, 13, 7]);
    expect(small.reads).toBeGreaterThan(0);
    expect(large.reads).toBe(small.reads);
  });
});

const PHOTO = Buffer.from('not a real JPEG: the feed only reports its length');

describe('a mixed page is what it always was', () => {
  let s: TestServer;
  let carer: ApiClient;
  let nurse: ApiClient;
  beforeAll(async () => {
    s = await makeApp();
    carer = await s.login('carer.suzuki');
    nurse = await s.login('nurse.sato');
    // Two stations serve 山田 now: servedBy is listed in org id order.
    await linkStation(s.db, YAMADA, 'midori', s.clock.now().toISOString());
  });
  afterAll(() => s.close());

  it('clients, observations with and without a photo, consultations open and answered, a vanished entity', async () => {
    const start = (await carer.get<ChangesPage>('/api/changes?limit=500')).body.cursor;
    const SASAKI = HIMAWARI_CLIENTS[1];
    const o1 = await observe(carer, s, YAMADA, { note: '食欲がない', softSigns: ['eating_less'] });
    const o2 = await observe(carer, s, SASAKI, { vitals: { spo2: 93, pulse: 96 } });
    const photoAt = s.clock.now().toISOString();
    await insertPhoto(s.db, {
      observationId: o2.id,
      clientId: SASAKI,
      contentType: 'image/jpeg',
      bytes: PHOTO,
      sha256: 'x',
      authorId: carer.session.user.id,
      now: photoAt,
    });
    const k1 = await consult(carer, YAMADA, [o1.id]);
    const k2 = await consult(carer, SASAKI);
    await say(nurse, k1.id, { kind: 'acknowledge' });
    const answered = await say(nurse, k1.id, { kind: 'message', body: '水分を取ってもらってください', replyKind: 'advice' });
    // Ruby as the furigana service would have stored it.
    const reply = answered.messages[1];
    const ruby = [{ base: '水分', reading: 'すいぶん' }, { base: 'を取ってもらってください' }];
    await sql(s.db, 'UPDATE messages SET body_ruby_json = ? WHERE id = ?').run(JSON.stringify({ body: ruby }), reply?.id);
    const yamada = await setUsual(nurse, YAMADA, 77);
    // A row whose entity does not exist is left out.
    await touch(s.db, 'observation', newId(), YAMADA);

    const observation = (o: Observation, photo?: Observation['photo']) => ({
      id: o.id,
      clientId: o.clientId,
      authorId: carer.session.user.id,
      observedAt: o.observedAt,
      vitals: o.vitals,
      softSigns: o.softSigns,
      note: o.note,
      news2: o.news2,
      createdAt: o.createdAt,
      ...(photo ? { photo } : {}),
    });
    const message = (m: Consultation['messages'][number] | undefined, extra: Record<string, unknown>) => ({
      id: m?.id,
      kind: m?.kind,
      ...extra,
      authorId: nurse.session.user.id,
      authorName: '佐藤 看護師',
      role: 'nurse',
      createdAt: m?.createdAt,
    });
    const consultation = (k: Consultation, name: string, status: string, messages: unknown[], updatedAt: string | undefined) => ({
      id: k.id,
      clientId: k.clientId,
      client: { id: k.clientId, name },
      fromOrgId: 'himawari',
      toOrgId: 'sakura',
      authorId: carer.session.user.id,
      authorName: '鈴木 ヘルパー',
      observationIds: k.observationIds,
      category: 'change',
      urgency: 'today',
      suggestedUrgency: k.suggestedUrgency,
      sbar: consultationBody(k.clientId, 'sakura').sbar,
      status,
      messages,
      createdAt: k.createdAt,
      updatedAt,
    });
    const expected = {
      changes: [
        // o2 moved past o1 when its photo came, o1 past o2 when k1 cited it.
        { type: 'observation', id: o2.id, data: observation(o2, { contentType: 'image/jpeg', bytes: PHOTO.length }) },
        { type: 'observation', id: o1.id, data: observation(o1) },
        { type: 'consultation', id: k2.id, data: consultation(k2, '佐々木 一郎', 'open', [], k2.updatedAt) },
        {
          type: 'consultation',
          id: k1.id,
          data: consultation(
            k1,
            '山田 花子',
            'answered',
            [
              message(answered.messages[0], {}),
              message(reply, { body: '水分を取ってもらってください', replyKind: 'advice', bodyRuby: ruby }),
            ],
            answered.updatedAt,
          ),
        },
        {
          type: 'client',
          id: YAMADA,
          data: {
            id: YAMADA,
            name: '山田 花子',
            kana: 'やまだ はなこ',
            ownerOrgId: 'himawari',
            servedBy: ['midori', 'sakura'],
            spo2Scale: 1,
            emergencyPlan: '急変時は119番通報し、長男（090-0000-0001）へ連絡。かかりつけ：みなと内科。',
            usual: yamada.usual,
          },
        },
      ],
      more: false,
    };
    const got = await page(carer, start, 500);
    const { cursor, ...rest } = got;
    expect(cursor).toMatch(/^\d+$/);
    expect(rest).toEqual(expected);
    // Byte for byte: the same keys in the same order.
    expect(JSON.stringify(rest)).toBe(JSON.stringify(expected));
    // The same page a row at a time.
    const one: unknown[] = [];
    for (let after = start; ; ) {
      const p = await page(carer, after, 1);
      one.push(...p.changes);
      after = p.cursor;
      if (!p.more) break;
    }
    expect(JSON.stringify(one)).toBe(JSON.stringify(expected.changes));
  });
});
