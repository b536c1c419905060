// PUT/GET /api/consultations/{id}: shape, suggested urgency from the cited observations,
// validation, idempotency and access — and the station that is consulted about a client it
// does not serve (PRODUCT.md "Access").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangesPage, Client, Consultation, Observation } from '../../src/shared/schemas.js';
import { insertOrganization } from '../../src/server/store/directory.js';
import {
  HIMAWARI_CLIENTS,
  KOBAYASHI,
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
beforeAll(async () => {
  s = await makeApp();
  carer = await s.login('carer.suzuki');
  // A 療養通所介護 (medical_daycare) can receive consultations too; the demo has none.
  await insertOrganization(s.db, { id: 'tsusho', name: 'つうしょ療養通所介護', kind: 'medical_daycare' }, new Date().toISOString());
});
afterAll(() => s.close());

const now = () => s.clock.now();
const putK = (who: ApiClient, id: string, body: unknown) => who.put<Consultation>(`/api/consultations/${id}`, body);

async function observe(who: ApiClient, client: string, patch: Parameters<typeof observationBody>[2] = {}): Promise<Observation> {
  const r = await who.put<Observation>(`/api/observations/${newId()}`, observationBody(client, now(), patch));
  expect(r.status).toBe(201);
  return r.body;
}

describe('create', () => {
  it('answers 201 with the consultation as PRODUCT.md lists it', async () => {
    const o = await observe(carer, YAMADA, { vitals: { temperature: 37.0 }, softSigns: ['eating_less'] });
    const id = newId();
    const body = consultationBody(YAMADA, 'sakura', { observationIds: [o.id], category: 'change', urgency: 'within_days' });
    const r = await putK(carer, id, body);
    expect(r.status).toBe(201);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(r.body).toMatchObject({
      id,
      clientId: YAMADA,
      client: { id: YAMADA, name: '山田 花子' },
      fromOrgId: 'himawari',
      toOrgId: 'sakura',
      authorId: carer.session.user.id,
      observationIds: [o.id],
      category: 'change',
      urgency: 'within_days',
      suggestedUrgency: 'within_days',
      sbar: body.sbar,
      status: 'open',
      messages: [],
    });
    expect(r.body.client).toEqual({ id: YAMADA, name: '山田 花子' });
    expect(Number.isNaN(Date.parse(r.body.createdAt))).toBe(false);
    const got = await carer.get<Consultation>(`/api/consultations/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(r.body);
  });

  it('may be sent to a station that does not serve the client, and to a medical_daycare', async () => {
    expect((await putK(carer, newId(), consultationBody(YAMADA, 'midori'))).status).toBe(201);
    expect((await putK(carer, newId(), consultationBody(YAMADA, 'tsusho'))).status).toBe(201);
  });

  it('the admin of the owner may open one', async () => {
    const admin = await s.login('admin.himawari');
    expect((await putK(admin, newId(), consultationBody(YAMADA, 'sakura'))).status).toBe(201);
  });

  it('keeps the urgency the carer chose beside the suggestion', async () => {
    const o = await observe(carer, YAMADA, { vitals: { consciousness: 'U' } });
    const r = await putK(carer, newId(), consultationBody(YAMADA, 'sakura', { observationIds: [o.id], urgency: 'fyi' }));
    expect(r.status).toBe(201);
    expect(r.body.urgency).toBe('fyi');
    expect(r.body.suggestedUrgency).toBe('immediate');
  });
});

describe('suggestedUrgency is computed by the server from the cited observations', () => {
  const cases: [string, Parameters<typeof observationBody>[2], string][] = [
    ['NEWS2 ≥ 5 → immediate', { vitals: { respiratoryRate: 22, pulse: 115, temperature: 38.5 } }, 'immediate'],
    ['a red flag (one parameter scored 3) → immediate', { vitals: { consciousness: 'V' } }, 'immediate'],
    ['NEWS2 1–4 → today', { vitals: { temperature: 38.5 } }, 'today'],
    ['NEWS2 4 → today', { vitals: { respiratoryRate: 22, pulse: 115 } }, 'today'],
    ['only a fall sign → today', { vitals: { temperature: 37.0 }, softSigns: ['fall'] }, 'today'],
    ['only a breathing sign → today', { vitals: {}, softSigns: ['breathing'] }, 'today'],
    ['only a confused sign → today', { vitals: {}, softSigns: ['confused'] }, 'today'],
    ['only a colour sign → today', { vitals: {}, softSigns: ['colour'] }, 'today'],
    ['another sign → within_days', { vitals: { temperature: 36.8 }, softSigns: ['eating_less'] }, 'within_days'],
    ['nothing noticed, score 0 → fyi', { vitals: { temperature: 36.8, pulse: 70 }, softSigns: [] }, 'fyi'],
  ];
  it.each(cases)('%s', async (_name, patch, expected) => {
    const o = await observe(carer, YAMADA, patch);
    const r = await putK(carer, newId(), consultationBody(YAMADA, 'sakura', { observationIds: [o.id], urgency: 'fyi' }));
    expect(r.status).toBe(201);
    expect(r.body.suggestedUrgency).toBe(expected);
  });

  it('nothing cited → fyi', async () => {
    const r = await putK(carer, newId(), consultationBody(YAMADA, 'sakura', { observationIds: [], urgency: 'immediate' }));
    expect(r.status).toBe(201);
    expect(r.body.suggestedUrgency).toBe('fyi');
  });

  it('with several cited, the most urgent suggestion wins', async () => {
    const mild = await observe(carer, YAMADA, { vitals: {}, softSigns: ['eating_less'] });
    const fall = await observe(carer, YAMADA, { vitals: {}, softSigns: ['fall'] });
    const r = await putK(carer, newId(), consultationBody(YAMADA, 'sakura', { observationIds: [mild.id, fall.id] }));
    expect(r.body.suggestedUrgency).toBe('today');
    const bad = await observe(carer, YAMADA, { vitals: { spo2: 90 } });
    const r2 = await putK(carer, newId(), consultationBody(YAMADA, 'sakura', { observationIds: [mild.id, bad.id, fall.id] }));
    expect(r2.body.suggestedUrgency).toBe('immediate');
  });

  it('a suggestedUrgency the client sends is ignored', async () => {
    const r = await putK(carer, newId(), { ...consultationBody(YAMADA, 'sakura'), suggestedUrgency: 'immediate', status: 'closed' });
    expect(r.status).toBe(201);
    expect(r.body.suggestedUrgency).toBe('fyi');
    expect(r.body.status).toBe('open');
  });
});

describe('validation: 400 naming the field, nothing stored', () => {
  const expectNotStored = async (id: string) => expectProblem(await carer.get(`/api/consultations/${id}`), 404);

  it('toOrgId of a home_care organization', async () => {
    const id = newId();
    expectProblem(await putK(carer, id, consultationBody(YAMADA, 'himawari')), 400, ['toOrgId']);
    await expectNotStored(id);
  });

  it('toOrgId of a disability_service organization, or of no organization', async () => {
    expectProblem(await putK(carer, newId(), consultationBody(YAMADA, 'aozora')), 400, ['toOrgId']);
    expectProblem(await putK(carer, newId(), consultationBody(YAMADA, 'no-such-org')), 400, ['toOrgId']);
  });

  it('an empty situation', async () => {
    const id = newId();
    const body = consultationBody(YAMADA, 'sakura');
    expectProblem(await putK(carer, id, { ...body, sbar: { ...body.sbar, situation: '' } }), 400, ['sbar.situation']);
    await expectNotStored(id);
  });

  it('a situation of only spaces', async () => {
    const body = consultationBody(YAMADA, 'sakura');
    expectProblem(await putK(carer, newId(), { ...body, sbar: { ...body.sbar, situation: '  　 ' } }), 400, ['sbar.situation']);
  });

  it('an empty request', async () => {
    const body = consultationBody(YAMADA, 'sakura');
    expectProblem(await putK(carer, newId(), { ...body, sbar: { ...body.sbar, request: '' } }), 400, ['sbar.request']);
  });

  it('empty background and assessment are fine', async () => {
    const body = consultationBody(YAMADA, 'sakura');
    expect((await putK(carer, newId(), { ...body, sbar: { ...body.sbar, background: '', assessment: '' } })).status).toBe(201);
  });

  it('citing another client’s observation', async () => {
    const other = await observe(carer, HIMAWARI_CLIENTS[1]);
    const id = newId();
    expectProblem(await putK(carer, id, consultationBody(YAMADA, 'sakura', { observationIds: [other.id] })), 400, ['observationIds.0']);
    await expectNotStored(id);
  });

  it('citing an observation that does not exist', async () => {
    const own = await observe(carer, YAMADA);
    expectProblem(
      await putK(carer, newId(), consultationBody(YAMADA, 'sakura', { observationIds: [own.id, newId()] })),
      400,
      ['observationIds.1'],
    );
  });

  it('an unknown category or urgency', async () => {
    expectProblem(await putK(carer, newId(), consultationBody(YAMADA, 'sakura', { category: 'chat' })), 400, ['category']);
    expectProblem(await putK(carer, newId(), consultationBody(YAMADA, 'sakura', { urgency: 'now' })), 400, ['urgency']);
  });

  it('a bad id', async () => {
    expectProblem(await putK(carer, 'not-a-uuid', consultationBody(YAMADA, 'sakura')), 400, ['id']);
  });
});

describe('access', () => {
  it('a nurse (of the serving station) may not open one: 403, nothing stored', async () => {
    const nurse = await s.login('nurse.sato');
    const id = newId();
    expectProblem(await putK(nurse, id, consultationBody(YAMADA, 'sakura')), 403);
    expectProblem(await carer.get(`/api/consultations/${id}`), 404);
  });

  it('the admin of the serving station may not open one: 403', async () => {
    expectProblem(await putK(await s.login('admin.sakura'), newId(), consultationBody(YAMADA, 'sakura')), 403);
  });

  it('a client the caller cannot see answers 404', async () => {
    const ito = await s.login('carer.ito');
    expectProblem(await putK(ito, newId(), consultationBody(YAMADA, 'midori')), 404);
    expectProblem(await putK(await s.login('nurse.tanaka'), newId(), consultationBody(YAMADA, 'midori')), 404);
  });

  it('an existing consultation id the caller cannot see answers 404 to GET and PUT', async () => {
    const id = newId();
    const body = consultationBody(YAMADA, 'sakura');
    expect((await putK(carer, id, body)).status).toBe(201);
    const ito = await s.login('carer.ito');
    expectProblem(await ito.get(`/api/consultations/${id}`), 404);
    expectProblem(await putK(ito, id, body), 404);
    expectProblem(await putK(ito, id, consultationBody(KOBAYASHI, 'midori')), 404);
  });

  it('the serving station sees a consultation sent to another station', async () => {
    const id = newId();
    expect((await putK(carer, id, consultationBody(YAMADA, 'midori'))).status).toBe(201);
    expect((await (await s.login('nurse.sato')).get(`/api/consultations/${id}`)).status).toBe(200);
  });

  it('GET of an unknown or malformed id answers 404', async () => {
    expectProblem(await carer.get(`/api/consultations/${newId()}`), 404);
    expectProblem(await carer.get('/api/consultations/nope'), 404);
  });
});

describe('idempotent PUT', () => {
  it('the same body again (keys reordered) answers 200 with the stored consultation', async () => {
    const o = await observe(carer, YAMADA);
    const id = newId();
    const body = consultationBody(YAMADA, 'sakura', { observationIds: [o.id] });
    const first = await putK(carer, id, body);
    expect(first.status).toBe(201);
    const reordered = {
      sbar: { request: body.sbar.request, assessment: body.sbar.assessment, background: body.sbar.background, situation: body.sbar.situation },
      urgency: body.urgency,
      category: body.category,
      observationIds: body.observationIds,
      toOrgId: body.toOrgId,
      clientId: body.clientId,
    };
    const again = await putK(carer, id, reordered);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it('a different body for an existing id answers 409', async () => {
    const id = newId();
    const body = consultationBody(YAMADA, 'sakura');
    const first = await putK(carer, id, body);
    expect(first.status).toBe(201);
    expectProblem(await putK(carer, id, { ...body, urgency: 'immediate' }), 409);
    expectProblem(await putK(carer, id, { ...body, sbar: { ...body.sbar, situation: '別の内容' } }), 409);
    expect((await carer.get(`/api/consultations/${id}`)).body).toEqual(first.body);
  });
});

describe('a station consulted about a client it does not serve', () => {
  // A region of its own, so that midori's feed holds only what this story puts there.
  let k: TestServer;
  let ito: ApiClient;
  let tanaka: ApiClient;
  let cited: Observation;
  let uncited: Observation;
  let consultation: Consultation;
  let cursorBefore: string;

  beforeAll(async () => {
    k = await makeApp();
    ito = await k.login('carer.ito');
    tanaka = await k.login('nurse.tanaka');
    uncited = await observe(ito, KOBAYASHI, { vitals: { temperature: 36.6 }, note: 'いつも通り' });
    cited = await observe(ito, KOBAYASHI, { vitals: { temperature: 38.6, pulse: 112 }, softSigns: ['not_usual'] });
    // The station's feed position after both observations exist and before the consultation.
    const before = await tanaka.get<ChangesPage>('/api/changes');
    expect(before.status).toBe(200);
    expect(before.body.changes).toEqual([]);
    cursorBefore = before.body.cursor;
    const r = await putK(ito, newId(), consultationBody(KOBAYASHI, 'midori', { observationIds: [cited.id], urgency: 'today' }));
    expect(r.status).toBe(201);
    consultation = r.body;
  });
  afterAll(() => k.close());

  it('the consultation carries the client’s name', () => {
    expect(consultation.client).toEqual({ id: KOBAYASHI, name: '小林 健太' });
    expect(consultation.fromOrgId).toBe('aozora');
    expect(consultation.suggestedUrgency).toBe('today');
  });

  it('the station can GET the consultation', async () => {
    const r = await tanaka.get<Consultation>(`/api/consultations/${consultation.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(consultation);
  });

  it('the station can GET the cited observation', async () => {
    const r = await tanaka.get<Observation>(`/api/observations/${cited.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(cited);
  });

  it('the station cannot GET an uncited observation of the client: 404', async () => {
    expectProblem(await tanaka.get(`/api/observations/${uncited.id}`), 404);
  });

  it('GET /api/clients does not list the client', async () => {
    const r = await tanaka.get<Client[]>('/api/clients');
    expect(r.status).toBe(200);
    expect(r.body.map((c) => c.id)).not.toContain(KOBAYASHI);
  });

  it('the station may not record about the client: 404', async () => {
    expectProblem(await tanaka.put(`/api/observations/${newId()}`, observationBody(KOBAYASHI, now())), 404);
  });

  it('a PUT to the cited observation’s id (visible, not its to write) answers 403', async () => {
    const { clientId, observedAt, vitals, softSigns } = cited;
    expectProblem(await tanaka.put(`/api/observations/${cited.id}`, { clientId, observedAt, vitals, softSigns }), 403);
  });

  it('a PUT to the consultation’s id answers 403', async () => {
    const { clientId, toOrgId, observationIds, category, urgency, sbar } = consultation;
    expectProblem(await putK(tanaka, consultation.id, { clientId, toOrgId, observationIds, category, urgency, sbar }), 403);
  });

  it('the cited observation and the consultation appear in the station’s feed after a cursor taken before the consultation, though the observation is older', async () => {
    const r = await tanaka.get<ChangesPage>(`/api/changes?after=${encodeURIComponent(cursorBefore)}`);
    expect(r.status).toBe(200);
    const seen = r.body.changes.map((c) => `${c.type}:${c.id}`);
    expect(seen).toContain(`observation:${cited.id}`);
    expect(seen).toContain(`consultation:${consultation.id}`);
    expect(seen).not.toContain(`observation:${uncited.id}`);
    expect(r.body.changes.some((c) => c.type === 'client')).toBe(false);
    const obs = r.body.changes.find((c) => c.type === 'observation');
    expect(obs?.data).toEqual(cited);
  });

  it('from the beginning, the station’s feed holds exactly the consultation and the cited observation', async () => {
    const r = await tanaka.get<ChangesPage>('/api/changes');
    expect(r.body.changes.map((c) => `${c.type}:${c.id}`).sort()).toEqual(
      [`consultation:${consultation.id}`, `observation:${cited.id}`].sort(),
    );
  });

  it('another station (sakura) sees none of it', async () => {
    const sato = await k.login('nurse.sato');
    expectProblem(await sato.get(`/api/consultations/${consultation.id}`), 404);
    expectProblem(await sato.get(`/api/observations/${cited.id}`), 404);
    const feed = await sato.get<ChangesPage>('/api/changes?limit=500');
    expect(feed.body.changes.some((c) => c.id === consultation.id || c.id === cited.id || c.id === KOBAYASHI)).toBe(false);
  });
});
