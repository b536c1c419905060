// Issue 15: a nurse's reply template is a code with parameters (shared/templates.ts), stored as
// such; the free Japanese text of a nurse's message carries ふりがな added by the server (kuromoji).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consultation } from '../../src/shared/schemas.js';
import { MessageInputSchema } from '../../src/shared/schemas.js';
import { REPLY_TEMPLATES, TEMPLATE_CODES, renderTemplateJa, splitTemplatedBody } from '../../src/shared/templates.js';
import { alignWord, createFurigana, rubyWith, tokenizer } from '../../src/server/furigana.js';
import { rubyOf } from '../../src/server/store/consultation-view.js';
import { YAMADA, consultationBody, makeApp, newId, type ApiClient, type TestServer } from '../fixtures/server.js';

describe('reply templates', () => {
  it('render in Japanese with their parameters, and a body that starts with one splits into template and free text', () => {
    const t = { code: 'fluids_recheck' as const, params: { hours: 1 } };
    expect(renderTemplateJa(t)).toBe('水分を少しずつとってもらい、1時間後にもう一度測ってください。');
    expect(splitTemplatedBody({ body: `${renderTemplateJa(t)}\n熱も測ってください。`, template: t })).toEqual({
      template: t,
      free: '熱も測ってください。',
    });
    // Edited template text is free text: the code no longer says what was written.
    expect(splitTemplatedBody({ body: '水分をとってください', template: t })).toEqual({ free: '水分をとってください' });
  });

  it('every template validates with its starting parameters; wrong, missing or extra parameters do not', () => {
    for (const code of TEMPLATE_CODES) {
      const params = Object.fromEntries(Object.entries(REPLY_TEMPLATES[code].params).map(([k, d]) => [k, d.initial]));
      const template = { code, params };
      expect(MessageInputSchema.safeParse({ kind: 'message', body: renderTemplateJa(template), template }).success, code).toBe(true);
    }
    const bad = (template: unknown, body = '水分を少しずつとってもらい、1時間後にもう一度測ってください。') =>
      MessageInputSchema.safeParse({ kind: 'message', body, template }).success;
    expect(bad({ code: 'fluids_recheck', params: { hours: 0 } })).toBe(false);
    expect(bad({ code: 'fluids_recheck', params: {} })).toBe(false);
    expect(bad({ code: 'fluids_recheck', params: { hours: 1, days: 2 } })).toBe(false);
    expect(bad({ code: 'fluids_recheck', params: { hours: 1.5 } })).toBe(false);
    expect(bad({ code: 'no_such_template' })).toBe(false);
    // The body must start with the template's Japanese text.
    expect(bad({ code: 'fluids_recheck', params: { hours: 2 } })).toBe(false);
  });
});

describe('furigana', () => {
  it('aligns a word’s reading to its kanji, leaving its kana plain', () => {
    expect(alignWord('測っ', 'ハカッ')).toEqual([{ base: '測', reading: 'はか' }, { base: 'っ' }]);
    expect(alignWord('もう一度', 'モウイチド')).toEqual([{ base: 'もう' }, { base: '一度', reading: 'いちど' }]);
    expect(alignWord('取り扱い', 'トリアツカイ')).toEqual([
      { base: '取', reading: 'と' },
      { base: 'り' },
      { base: '扱', reading: 'あつか' },
      { base: 'い' },
    ]);
    expect(alignWord('ください', 'クダサイ')).toEqual([{ base: 'ください' }]);
    expect(alignWord('38', undefined)).toEqual([{ base: '38' }]);
  });

  it('reads a nurse’s sentence with kuromoji’s own dictionary, clinical words from the override table', async () => {
    const t = await tokenizer();
    const ruby = rubyWith(t, '水分を少しずつとってもらい、1時間後に測ってください。褥瘡と嘔吐に注意。');
    expect(ruby.map((s) => s.base).join('')).toBe('水分を少しずつとってもらい、1時間後に測ってください。褥瘡と嘔吐に注意。');
    const read = Object.fromEntries(ruby.filter((s) => s.reading).map((s) => [s.base, s.reading]));
    expect(read).toEqual({
      水分: 'すいぶん',
      少: 'すこ',
      時間: 'じかん',
      後: 'ご',
      測: 'はか',
      褥瘡: 'じょくそう',
      嘔吐: 'おうと',
      注意: 'ちゅうい',
    });
  }, 30_000);
});

describe('messages with a template and ふりがな', () => {
  let s: TestServer;
  let carer: ApiClient;
  let nurse: ApiClient;
  beforeAll(async () => {
    // A stand-in for kuromoji: every kanji run read as 「かな」 (the real one is tested above).
    s = await makeApp(() => ({
      furigana: {
        ruby: (text: string) =>
          Promise.resolve(text.split(/([\u4E00-\u9FFF]+)/).filter(Boolean).map((p) => (/[\u4E00-\u9FFF]/.test(p) ? { base: p, reading: 'かな' } : { base: p }))),
        warm: () => undefined,
      },
    }));
    carer = await s.login('carer.suzuki');
    nurse = await s.login('nurse.sato');
  });
  afterAll(() => s.close());

  async function open(): Promise<string> {
    const id = newId();
    expect((await carer.put<Consultation>(`/api/consultations/${id}`, consultationBody(YAMADA, 'sakura'))).status).toBe(201);
    return id;
  }

  it('stores the template code and parameters; ruby covers only the free text after the template', async () => {
    const id = await open();
    const template = { code: 'fluids_recheck', params: { hours: 3 } };
    const body = '水分を少しずつとってもらい、3時間後にもう一度測ってください。\n熱が出たら連絡を。';
    const r = await nurse.put<Consultation>(`/api/consultations/${id}/messages/${newId()}`, { kind: 'message', body, template, replyKind: 'advice' });
    expect(r.status).toBe(201);
    const m = (await carer.get<Consultation>(`/api/consultations/${id}`)).body.messages.at(-1);
    expect(m?.template).toEqual(template);
    expect(m?.body).toBe(body);
    expect(m?.bodyRuby).toEqual([{ base: '熱', reading: 'かな' }, { base: 'が' }, { base: '出', reading: 'かな' }, { base: 'たら' }, { base: '連絡', reading: 'かな' }, { base: 'を。' }]);
  });

  it('a template-only reply has no ruby; a carer’s message never gets ruby and may not carry a template', async () => {
    const id = await open();
    const template = { code: 'ask_more', params: {} };
    const r = await nurse.put<Consultation>(`/api/consultations/${id}/messages/${newId()}`, { kind: 'message', body: 'もう少し教えてください。', template });
    expect(r.status).toBe(201);
    expect(r.body.messages.at(-1)?.bodyRuby).toBeUndefined();
    const c = await carer.put<Consultation>(`/api/consultations/${id}/messages/${newId()}`, { kind: 'message', body: '熱は37度です' });
    expect(c.status).toBe(201);
    expect(c.body.messages.at(-1)?.bodyRuby).toBeUndefined();
    const forbidden = await carer.put(`/api/consultations/${id}/messages/${newId()}`, { kind: 'message', body: 'もう少し教えてください。', template });
    expect(forbidden.status).toBe(403);
  });

  it('free text the phone says is in another language gets no ruby', async () => {
    const id = await open();
    const r = await nurse.put<Consultation>(`/api/consultations/${id}/messages/${newId()}`, { kind: 'message', body: '了解', lang: 'zh' });
    expect(r.status).toBe(201);
    expect(r.body.messages.at(-1)?.bodyRuby).toBeUndefined();
    const ja = await nurse.put<Consultation>(`/api/consultations/${id}/messages/${newId()}`, { kind: 'message', body: '了解', lang: 'ja' });
    expect(ja.body.messages.at(-1)?.bodyRuby).toEqual([{ base: '了解', reading: 'かな' }]);
  });

  it('a follow-up task and 「次はここも」 from a nurse get ruby too', async () => {
    const id = await open();
    const r = await nurse.put<Consultation>(`/api/consultations/${id}/messages/${newId()}`, {
      kind: 'message',
      body: 'わかりました',
      followUp: { task: '2時間後に再検温' },
      feedback: { tags: [], next: '食事量も見て' },
    });
    expect(r.status).toBe(201);
    const m = (await carer.get<Consultation>(`/api/consultations/${id}`)).body.messages.at(-1);
    expect(m?.bodyRuby).toBeUndefined();
    expect(m?.taskRuby).toEqual([{ base: '2' }, { base: '時間後', reading: 'かな' }, { base: 'に' }, { base: '再検温', reading: 'かな' }]);
    expect(m?.nextRuby).toEqual([{ base: '食事量', reading: 'かな' }, { base: 'も' }, { base: '見', reading: 'かな' }, { base: 'て' }]);
    // Another language: no ruby on any of the three.
    const vi = await nurse.put<Consultation>(`/api/consultations/${id}/messages/${newId()}`, {
      kind: 'message',
      body: 'Đo lại',
      lang: 'vi',
      followUp: { task: '再検温' },
    });
    expect(vi.body.messages.at(-1)?.taskRuby).toBeUndefined();
  });

  it('reads a stored row of either shape: the body’s bare array (rows before the task had ruby) or the object', () => {
    const seg = [{ base: '熱', reading: 'ねつ' }];
    expect(rubyOf(JSON.stringify(seg))).toEqual({ bodyRuby: seg });
    expect(rubyOf(JSON.stringify({ task: seg, next: seg }))).toEqual({ taskRuby: seg, nextRuby: seg });
    expect(rubyOf(null)).toEqual({});
  });

  it('rejects a template whose text the body does not start with', async () => {
    const id = await open();
    const r = await nurse.put(`/api/consultations/${id}/messages/${newId()}`, {
      kind: 'message',
      body: '様子を見てください。',
      template: { code: 'visit_now' },
    });
    expect(r.status).toBe(400);
  });
});

it('createFurigana gives plain text without kanji at once (no tokenizer needed)', async () => {
  expect(await createFurigana().ruby('ありがとう')).toEqual([{ base: 'ありがとう' }]);
});
