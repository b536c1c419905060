// GET /api/consultations/{id}/case: a closed consultation as a de-identified case for
// 事例検討会. Names (client, staff, organizations), ids and dates are seeded into every free
// text field and none survives; times are day offsets; who may make one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consultation, Observation } from '../../src/shared/schemas.js';
import type { DeidentifiedCase } from '../../src/server/case/deidentify.js';
import { dayOffset, makeScrubber } from '../../src/server/case/deidentify.js';
import { DEMO_ACCOUNTS, DEMO_CLIENTS } from '../../src/server/demo.js';
import { YAMADA, consultationBody, expectProblem, makeApp, newId, observationBody, type ApiClient, type TestServer } from '../fixtures/server.js';

let s: TestServer;
let carer: ApiClient;
let sato: ApiClient;
let consultation: Consultation;
let observation: Observation;
let result: DeidentifiedCase;
let text: string;

const NAMES = '山田花子さん（やまだ はなこ様、ヤマダ）、鈴木 ヘルパー、佐藤看護師、田中さん、ひまわり訪問介護、さくら訪問看護ステーション';
const CONTACT = '長男 090-1234-5678、2026年11月28日、11月29日に受診';

beforeAll(async () => {
  s = await makeApp();
  carer = await s.login('carer.suzuki');
  sato = await s.login('nurse.sato');
  const o = await carer.put<Observation>(
    `/api/observations/${newId()}`,
    observationBody(YAMADA, new Date(s.clock.now().getTime() - 60 * 60_000), {
      vitals: { temperature: 38.1, pulse: 102 },
      softSigns: ['drinking_less'],
      note: `${NAMES}。${CONTACT}`,
    }),
  );
  expect(o.status).toBe(201);
  observation = o.body;
  const id = newId();
  const k = await carer.put<Consultation>(
    `/api/consultations/${id}`,
    consultationBody(YAMADA, 'sakura', {
      observationIds: [observation.id],
      sbar: {
        situation: `ひまわり訪問介護の鈴木 ヘルパーです。山田 花子さんについてご相談です。${NAMES}`,
        background: `体温 38.1℃。${CONTACT}`,
        assessment: `山田さんはいつもより元気がない。id ${observation.id}`,
        request: '佐藤看護師に訪問をお願いしたい。',
      },
    }),
  );
  expect(k.status).toBe(201);
  const msg = (who: ApiClient, body: unknown) => who.put<Consultation>(`/api/consultations/${id}/messages/${newId()}`, body);
  await msg(sato, { kind: 'acknowledge' });
  await msg(sato, { kind: 'message', body: `鈴木さん、山田様に水分を。${NAMES}`, replyKind: 'advice', followUp: { task: `やまだ はなこさんを2時間後に再検温` } });
  await msg(sato, { kind: 'message', body: 'ありがとうございます。', feedback: { tags: ['noticed', 'clear_report'], next: `花子さんの尿の回数も（${CONTACT}）` } });
  const closed = await msg(carer, { kind: 'close', body: `佐藤さん、ありがとうございました。${NAMES}`, helped: true });
  expect(closed.status).toBe(201);
  consultation = closed.body;
  const r = await sato.get<DeidentifiedCase>(`/api/consultations/${id}/case`);
  expect(r.status).toBe(200);
  result = r.body;
  text = JSON.stringify(result);
});
afterAll(() => s.close());

describe('a de-identified case', () => {
  it('keeps no name of the client, the staff or an organization', () => {
    const client = DEMO_CLIENTS[0];
    expect(client?.id).toBe(YAMADA);
    const forbidden = [
      '山田', '花子', 'やまだ', 'はなこ', 'ヤマダ', 'ハナコ',
      ...DEMO_ACCOUNTS.flatMap((a) => a.name.split(' ').filter((p) => !['看護師', 'ヘルパー', '管理者', '支援員'].includes(p))),
      'ひまわり', 'さくら', 'みどり', 'あおぞら',
    ];
    for (const word of forbidden) expect(text, word).not.toContain(word);
  });

  it('keeps no id, no date and no phone number', () => {
    for (const id of [YAMADA, consultation.id, observation.id, ...consultation.messages.map((m) => m.id), carer.session.user.id, sato.session.user.id]) {
      expect(text).not.toContain(id);
    }
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).not.toMatch(/\d{4}年/);
    expect(text).not.toMatch(/\d{1,2}月\d{1,2}日/);
    expect(text).not.toContain('090-1234-5678');
    expect(text).not.toContain(s.clock.now().toISOString().slice(0, 10));
  });

  it('keeps no date or phone number typed with full-width digits, other dashes, or a Japanese era', () => {
    // What a Japanese IME often gives: ０９０－１２３４－５６７８, １１月２８日, 令和8年.
    const scrub = makeScrubber({ client: { name: '山田 花子' }, people: [], organizations: [] });
    const typed = [
      '長男 ０９０－１２３４－５６７８',
      '自宅 03−1234−5678',
      '長女 080ー1234ー5678',
      '２０２６年１１月２８日',
      '１１月２９日に受診',
      '令和8年11月28日',
      '昭和15年生まれ',
    ];
    for (const t of typed) {
      const out = scrub(t);
      expect(out, t).not.toMatch(/[0-9０-９]{3}/);
      expect(out, t).not.toMatch(/[0-9０-９]+[年月]/);
    }
    // Vitals in a note stay readable.
    expect(scrub('血圧 ９８／６０、体温 38.1℃、SpO2 91%')).toBe('血圧 98／60、体温 38.1℃、SpO2 91%');
  });

  it('times are day offsets; the trend, the I-SBAR-C, the replies and the feedback are there', () => {
    expect(result.opened).toMatch(/^\d+日目 \d{2}:\d{2}$/);
    expect(result.closed).toMatch(/^\d+日目 \d{2}:\d{2}$/);
    const cited = result.trend.find((e) => e.cited);
    expect(cited).toMatchObject({ vitals: { temperature: 38.1, pulse: 102 }, signs: ['水分が取れていない'] });
    expect(cited?.when).toMatch(/^\d+日目 \d{2}:\d{2}$/);
    expect(cited?.note).toContain('Aさん');
    expect(result.trend.length).toBeGreaterThan(1);
    expect(result.trend[0]?.when.startsWith('1日目')).toBe(true);
    expect(result.sbar.map((x) => x.label)).toEqual(['状況（I・S）', '背景（B）', '判断（A）', '依頼・提案（R）']);
    expect(result.sbar[0]?.text).toContain('訪問介護事業所の介護職員です。Aさんについてご相談です。');
    expect(result.messages.map((m) => m.who)).toEqual(['看護師', '看護師', '看護師', '介護職員']);
    expect(result.messages[1]?.text).toContain('【助言】');
    expect(result.feedback).toEqual(expect.arrayContaining(['よく気づきました', '報告がわかりやすい']));
    expect(result.helped).toBe(true);
  });

  it('counts days in Japan time', () => {
    expect(dayOffset('2026-11-30T14:59:00Z', '2026-11-29T15:00:00Z')).toBe('1日目 23:59');
    expect(dayOffset('2026-11-29T15:30:00Z', '2026-11-29T14:00:00Z')).toBe('2日目 00:30');
    expect(dayOffset('2026-11-29T15:00:00Z', '2026-11-29T16:00:00Z')).toBe('1日目 00:00');
  });
});

describe('who may make one', () => {
  it('404 invisible, 403 not a nurse, 409 not closed', async () => {
    expectProblem(await sato.get(`/api/consultations/${newId()}/case`), 404);
    expectProblem(await (await s.login('nurse.tanaka')).get(`/api/consultations/${consultation.id}/case`), 404);
    expectProblem(await carer.get(`/api/consultations/${consultation.id}/case`), 403);
    expectProblem(await (await s.login('admin.himawari')).get(`/api/consultations/${consultation.id}/case`), 403);
    // The serving station's admin does not see the consultation at all (ADR 0003 stop 21).
    expectProblem(await (await s.login('admin.sakura')).get(`/api/consultations/${consultation.id}/case`), 404);
    const open = newId();
    expect((await carer.put(`/api/consultations/${open}`, consultationBody(YAMADA, 'sakura'))).status).toBe(201);
    expectProblem(await sato.get(`/api/consultations/${open}/case`), 409);
  });

  it('is audited', async () => {
    await s.settle();
    const row = (await s.db.get("SELECT user_id, status FROM audit_log WHERE entity_type = 'consultations.case' AND entity_id = ? AND status = 200", [consultation.id]));
    expect(row).toEqual({ user_id: sato.session.user.id, status: 200 });
  });
});
