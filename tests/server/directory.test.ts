// GET /api/organizations (the regional directory) and GET /api/clients (what the caller's
// organization owns or serves; PRODUCT.md "Access").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Organization } from '../../src/shared/schemas.js';
import { HIMAWARI_CLIENTS, KOBAYASHI, makeApp, type TestServer } from '../fixtures/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await makeApp();
});
afterAll(() => s.close());

const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));

describe('GET /api/organizations', () => {
  it('lists the regional directory as [{id, name, kind}]', async () => {
    const carer = await s.login('carer.ito');
    const r = await carer.get<Organization[]>('/api/organizations');
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(byId(r.body)).toEqual([
      { id: 'aozora', name: 'あおぞら障害福祉サービス', kind: 'disability_service' },
      { id: 'himawari', name: 'ひまわり訪問介護', kind: 'home_care' },
      { id: 'midori', name: 'みどり訪問看護ステーション', kind: 'visiting_nursing' },
      { id: 'sakura', name: 'さくら訪問看護ステーション', kind: 'visiting_nursing' },
    ]);
  });

  it('is the same directory for every caller', async () => {
    const a = await (await s.login('nurse.tanaka')).get<Organization[]>('/api/organizations');
    const b = await (await s.login('admin.himawari')).get<Organization[]>('/api/organizations');
    expect(byId(a.body)).toEqual(byId(b.body));
  });
});

describe('GET /api/clients', () => {
  const himawariIds = [...HIMAWARI_CLIENTS].sort();
  const SASAKI = HIMAWARI_CLIENTS[1];

  /** The fields PRODUCT.md names; extra fields (emergencyPlan, usual values) are allowed. */
  const named = (c: Client) => ({
    id: c.id,
    name: c.name,
    kana: c.kana,
    ownerOrgId: c.ownerOrgId,
    servedBy: c.servedBy,
    spo2Scale: c.spo2Scale,
  });

  const expectHimawariClients = async (clients: Client[]) => {
    expect(clients.map((c) => c.id).sort()).toEqual(himawariIds);
    const sato = (await s.login('nurse.sato')).session.user.id;
    for (const c of clients) {
      expect(named(c)).toEqual({
        id: expect.any(String),
        name: expect.any(String),
        kana: expect.any(String),
        ownerOrgId: 'himawari',
        servedBy: ['sakura'],
        spo2Scale: expect.any(Number),
      });
      // Scale 1 unless a nurse of the serving station set 2: the demo has sakura's nurse put
      // 佐々木 (home oxygen) on scale 2; the other two stay on the default.
      if (c.id === SASAKI) {
        expect(c.spo2Scale).toBe(2);
        expect(c.usual?.updatedBy).toBe(sato);
      } else {
        expect(c.spo2Scale).toBe(1);
      }
    }
  };

  it('a carer of the owner sees its three clients, served by sakura, SpO2 scale 1 unless a nurse set 2', async () => {
    const r = await (await s.login('carer.suzuki')).get<Client[]>('/api/clients');
    expect(r.status).toBe(200);
    await expectHimawariClients(r.body);
    expect(r.body.find((c) => c.id === HIMAWARI_CLIENTS[0])).toMatchObject({ name: '山田 花子', kana: 'やまだ はなこ', spo2Scale: 1 });
  });

  it('the admin of the owner sees the same three', async () => {
    await expectHimawariClients((await (await s.login('admin.himawari')).get<Client[]>('/api/clients')).body);
  });

  it('a nurse of the serving station sees the same three, as the owner sees them', async () => {
    const r = await (await s.login('nurse.sato')).get<Client[]>('/api/clients');
    expect(r.status).toBe(200);
    await expectHimawariClients(r.body);
    const owner = await (await s.login('carer.suzuki')).get<Client[]>('/api/clients');
    expect(byId(r.body)).toEqual(byId(owner.body));
  });

  it('a nurse of a station that serves nobody sees no client', async () => {
    const r = await (await s.login('nurse.tanaka')).get<Client[]>('/api/clients');
    expect(r.status).toBe(200);
    expect(r.body).toEqual([]);
  });

  it('aozora sees only its own client, served by no station, on the default scale 1', async () => {
    const r = await (await s.login('carer.ito')).get<Client[]>('/api/clients');
    expect(r.status).toBe(200);
    expect(r.body.map(named)).toEqual([
      { id: KOBAYASHI, name: '小林 健太', kana: 'こばやし けんた', ownerOrgId: 'aozora', servedBy: [], spo2Scale: 1 },
    ]);
  });
});
