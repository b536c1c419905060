// The clinical rules as the server applies them (PRODUCT.md "NEWS2 on the server" and
// "suggested urgency"): scale 2 without air-or-oxygen, a departure from the client's usual
// values, and the usual values a nurse sets (home oxygen, per-client bands).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Consultation, Observation } from '../../src/shared/schemas.js';
import {
  HIMAWARI_CLIENTS,
  YAMADA,
  consultationBody,
  expectProblem,
  makeApp,
  newId,
  observationBody,
  type ApiClient,
  type TestServer,
} from '../fixtures/server.js';

const SCALE2 = HIMAWARI_CLIENTS[1];
const NAKAMURA = HIMAWARI_CLIENTS[2];

let s: TestServer;
let carer: ApiClient;
let nurse: ApiClient;
beforeAll(async () => {
  s = await makeApp();
  carer = await s.login('carer.suzuki');
  nurse = await s.login('nurse.sato');
});
afterAll(() => s.close());

async function observe(client: string, vitals: Record<string, unknown>, softSigns: string[] = []): Promise<Observation> {
  const r = await carer.put<Observation>(`/api/observations/${newId()}`, observationBody(client, s.clock.now(), { vitals, softSigns }));
  expect(r.status).toBe(201);
  return r.body;
}
async function suggested(client: string, o: Observation): Promise<string> {
  const r = await carer.put<Consultation>(`/api/consultations/${newId()}`, consultationBody(client, 'sakura', { observationIds: [o.id], urgency: 'fyi' }));
  expect(r.status).toBe(201);
  return r.body.suggestedUrgency;
}

describe('NEWS2 scale 2 on the server', () => {
  it('the demo has a scale-2 client on home oxygen', async () => {
    const r = await carer.get<Client>(`/api/clients/${SCALE2}`);
    expect(r.body.spo2Scale).toBe(2);
    expect(r.body.usual?.homeOxygen).toBe(true);
  });

  it('SpO2 80 without onOxygen is scored 3, red flag, suggested immediate', async () => {
    const o = await observe(SCALE2, { spo2: 80 });
    expect(o.news2).toEqual({ score: 3, complete: false, redFlag: true, parameters: { spo2: 3 } });
    expect(await suggested(SCALE2, o)).toBe('immediate');
  });

  it('SpO2 97 without onOxygen counts as not measured; with oxygen it scores 3 + 2', async () => {
    expect((await observe(SCALE2, { spo2: 97 })).news2.parameters).toEqual({});
    expect((await observe(SCALE2, { spo2: 97, onOxygen: true })).news2).toMatchObject({ score: 5, redFlag: true, parameters: { spo2: 3, onOxygen: 2 } });
  });

  it('a full set on room air is complete', async () => {
    const o = await observe(NAKAMURA, { temperature: 36.5, systolic: 120, diastolic: 70, pulse: 70, respiratoryRate: 16, spo2: 97, onOxygen: false, consciousness: 'A' });
    expect(o.news2).toMatchObject({ score: 0, complete: true });
  });
});

describe('suggested urgency and the client usual values', () => {
  it('a temperature 1.4 ℃ above usual with NEWS2 0 and no sign → today', async () => {
    const o = await observe(YAMADA, { temperature: 37.8 });
    expect(o.news2.score).toBe(0);
    expect(await suggested(YAMADA, o)).toBe('today');
  });

  it('a nurse sets home oxygen and a wider temperature band; the server uses the band', async () => {
    const put = await nurse.put<Client>(`/api/clients/${YAMADA}/usual`, {
      temperature: 36.4,
      pulse: 74,
      spo2Scale: 1,
      homeOxygen: true,
      bands: { temperature: 2.0, pulse: 10 },
    });
    expect(put.status).toBe(200);
    expect(put.body.usual).toMatchObject({ temperature: 36.4, pulse: 74, homeOxygen: true, bands: { temperature: 2.0, pulse: 10 } });
    expect(await suggested(YAMADA, await observe(YAMADA, { temperature: 37.8 }))).toBe('fyi');
    expect(await suggested(YAMADA, await observe(YAMADA, { pulse: 85 }))).toBe('today');
  });

  it('a band out of range answers 400 naming it', async () => {
    const r = await nurse.put(`/api/clients/${YAMADA}/usual`, { spo2Scale: 1, bands: { temperature: 9 } });
    expectProblem(r, 400, ['bands.temperature']);
  });
});
