// Free text keeps the language it was written in (issue 15): `lang` on an observation's note,
// on each SBAR field, and on a message; a consultation's kind of request as a code. Stored,
// returned by GET and by the changes feed; optional, so older phones keep syncing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangesPage, Consultation, Observation } from '../../src/shared/schemas.js';
import {
  YAMADA,
  consultationBody,
  expectProblem,
  makeApp,
  newId,
  observationBody,
  type ApiClient,
  type TestServer,
} from '../fixtures/server.js';

let s: TestServer;
let carer: ApiClient;
let nurse: ApiClient;
beforeAll(async () => {
  s = await makeApp();
  carer = await s.login('carer.suzuki');
  nurse = await s.login('nurse.sato');
});
afterAll(() => s.close());

const earlier = () => new Date(s.clock.now().getTime() - 5 * 60 * 1000);

describe('an observation note', () => {
  it('keeps its lang through PUT, GET, the changes feed and a replay', async () => {
    const id = newId();
    const body = observationBody(YAMADA, earlier(), { softSigns: ['eating_less', 'fall'], note: 'Bà ăn ít hơn mọi ngày', lang: 'vi' });
    const put = await carer.put<Observation>(`/api/observations/${id}`, body);
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ note: 'Bà ăn ít hơn mọi ngày', lang: 'vi' });
    const got = await nurse.get<Observation>(`/api/observations/${id}`);
    expect(got.body.lang).toBe('vi');
    const feed = await nurse.get<ChangesPage>('/api/changes?limit=500');
    const change = feed.body.changes.find((c) => c.id === id);
    expect(change?.type === 'observation' && change.data.lang).toBe('vi');
    expect((await carer.put(`/api/observations/${id}`, body)).status).toBe(200);
    // The same note said to be in another language is a different body.
    expect((await carer.put(`/api/observations/${id}`, { ...body, lang: 'id' })).status).toBe(409);
  });

  it('without lang (an older phone) stores none and returns none', async () => {
    const id = newId();
    const put = await carer.put<Observation>(`/api/observations/${id}`, observationBody(YAMADA, earlier(), { note: '朝から食欲がない' }));
    expect(put.status).toBe(201);
    expect(put.body).not.toHaveProperty('lang');
  });

  it.each(['vietnamese', 'VI', 'vi_VN', '', 'x'.repeat(40)])('a lang that is not a canonical BCP 47 tag (%s) answers 400 naming lang', async (lang) => {
    const r = await carer.put(`/api/observations/${newId()}`, observationBody(YAMADA, earlier(), { note: 'a', lang }));
    expectProblem(r, 400, ['lang']);
  });

  it('accepts tags with script, region and private use', async () => {
    for (const lang of ['ne', 'my', 'fil', 'ja-x-easy', 'zh-Hant-TW']) {
      expect((await carer.put(`/api/observations/${newId()}`, observationBody(YAMADA, earlier(), { note: 'a', lang }))).status).toBe(201);
    }
  });
});

describe('a consultation', () => {
  it('keeps the language of each SBAR field and the kind of request', async () => {
    const id = newId();
    const base = consultationBody(YAMADA, 'sakura');
    const body = {
      ...base,
      sbar: { ...base.sbar, assessment: 'Tôi nghĩ bà bị mất nước', lang: { situation: 'ja', background: 'ja', assessment: 'vi', request: 'ja' } },
      requestKind: 'visit',
    };
    const put = await carer.put<Consultation>(`/api/consultations/${id}`, body);
    expect(put.status).toBe(201);
    const got = await nurse.get<Consultation>(`/api/consultations/${id}`);
    expect(got.body.sbar.lang).toEqual({ situation: 'ja', background: 'ja', assessment: 'vi', request: 'ja' });
    expect(got.body.requestKind).toBe('visit');
    expect((await carer.put(`/api/consultations/${id}`, body)).status).toBe(200);
  });

  it('an unknown kind of request or a bad field language answers 400 naming it', async () => {
    const base = consultationBody(YAMADA, 'sakura');
    expectProblem(await carer.put(`/api/consultations/${newId()}`, { ...base, requestKind: 'pizza' }), 400, ['requestKind']);
    expectProblem(
      await carer.put(`/api/consultations/${newId()}`, { ...base, sbar: { ...base.sbar, lang: { assessment: 'Vietnamese' } } }),
      400,
      ['sbar.lang.assessment'],
    );
  });

  it('without either (an older phone) returns neither', async () => {
    const put = await carer.put<Consultation>(`/api/consultations/${newId()}`, consultationBody(YAMADA, 'sakura'));
    expect(put.status).toBe(201);
    expect(put.body).not.toHaveProperty('requestKind');
    expect(put.body.sbar).not.toHaveProperty('lang');
  });
});

describe('a message', () => {
  it('keeps its lang; a message without one has none', async () => {
    const kId = newId();
    expect((await carer.put(`/api/consultations/${kId}`, consultationBody(YAMADA, 'sakura'))).status).toBe(201);
    const nurseMsg = newId();
    const carerMsg = newId();
    expect((await nurse.put(`/api/consultations/${kId}/messages/${nurseMsg}`, { kind: 'message', body: '水分を少しずつ', lang: 'ja' })).status).toBe(201);
    expect((await carer.put(`/api/consultations/${kId}/messages/${carerMsg}`, { kind: 'message', body: 'Đã cho uống nước', lang: 'vi' })).status).toBe(201);
    const ack = newId();
    expect((await nurse.put(`/api/consultations/${kId}/messages/${ack}`, { kind: 'acknowledge' })).status).toBe(201);
    const k = (await carer.get<Consultation>(`/api/consultations/${kId}`)).body;
    const byId = new Map(k.messages.map((m) => [m.id, m]));
    expect(byId.get(nurseMsg)?.lang).toBe('ja');
    expect(byId.get(carerMsg)?.lang).toBe('vi');
    expect(byId.get(ack)).not.toHaveProperty('lang');
    expectProblem(await carer.put(`/api/consultations/${kId}/messages/${newId()}`, { kind: 'message', body: 'x', lang: 'ja_JP' }), 400, ['lang']);
  });
});
