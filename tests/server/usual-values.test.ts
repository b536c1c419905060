// Usual values are not silently overwritten (docs/product.md "Usual values"): an edit that says
// which values it started from (`basedOn`) is refused with 409 when another person — or the same
// nurse from another sign-in — changed them after that, and the problem says who, when, and what
// the values are now.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '../../src/shared/schemas.js';
import { YAMADA, expectProblem, makeApp, type ApiClient, type TestServer } from '../fixtures/server.js';

let s: TestServer;
let sato: ApiClient;
let tanaka: ApiClient;
beforeEach(async () => {
  s = await makeApp();
  // A second station (midori, nurse.tanaka) serves 山田 beside sakura (nurse.sato).
  const admin = await s.login('admin.himawari');
  expect((await admin.put(`/api/admin/clients/${YAMADA}/stations`, { stationIds: ['sakura', 'midori'] })).status).toBe(200);
  sato = await s.login('nurse.sato');
  tanaka = await s.login('nurse.tanaka');
  return () => s.close();
});

const usualNow = async () => (await sato.get<Client>(`/api/clients/${YAMADA}`)).body.usual;
const put = (who: ApiClient, body: Record<string, unknown>) => who.put<Client>(`/api/clients/${YAMADA}/usual`, { spo2Scale: 1, ...body });
const advance = () => s.clock.advance(60_000);

describe('PUT /api/clients/{id}/usual with basedOn', () => {
  it('an edit from the values as they are is applied', async () => {
    const base = (await usualNow())?.updatedAt;
    expect(base, 'the demo sets 山田\'s usual values').toBeTruthy();
    advance();
    const r = await put(tanaka, { temperature: 36.8, basedOn: base });
    expect(r.status).toBe(200);
    expect(r.body.usual).toMatchObject({ temperature: 36.8, updatedByName: '田中 看護師' });
    expect(r.body.usual, 'the precondition is not one of the values').not.toHaveProperty('basedOn');
  });

  it('an edit from values another nurse has changed since is refused, and theirs stay', async () => {
    const base = (await usualNow())?.updatedAt;
    advance();
    expect((await put(sato, { temperature: 36.2, basedOn: base })).status).toBe(200);
    advance();
    const r = await put(tanaka, { temperature: 37.0, basedOn: base });
    const p = expectProblem(r, 409);
    expect(p.detail).toBe('ほかの看護師が先にいつもの値を変更していました。今の値を確かめてから、もう一度送るか削除してください。');
    expect(r.body).toMatchObject({ changedBy: '佐藤 看護師', current: { temperature: 36.2, updatedByName: '佐藤 看護師' } });
    expect((r.body as unknown as { changedAt: string }).changedAt).toBe((await usualNow())?.updatedAt);
    expect((await usualNow())?.temperature).toBe(36.2);
    const history = (await sato.get<unknown[]>(`/api/clients/${YAMADA}/usual/history`)).body;
    expect(history[0]).toMatchObject({ authorName: '佐藤 看護師' });

    // Sent again from the values as they are now, it goes through.
    advance();
    expect((await put(tanaka, { temperature: 37.0, basedOn: (await usualNow())?.updatedAt })).status).toBe(200);
    expect((await usualNow())?.temperature).toBe(37.0);
  });

  it('a nurse\'s own later change does not count against her: edits queued one after another all start from the same values', async () => {
    const base = (await usualNow())?.updatedAt;
    advance();
    expect((await put(tanaka, { temperature: 36.6, basedOn: base })).status).toBe(200);
    advance();
    expect((await put(tanaka, { temperature: 36.7, basedOn: base })).status).toBe(200);
    expect((await usualNow())?.temperature).toBe(36.7);
  });

  it('her own change from another sign-in does count: an older edit of hers from this phone is refused, saying so', async () => {
    const base = (await usualNow())?.updatedAt;
    // The office's browser: the same nurse, signed in apart from her phone.
    const office = await s.login('nurse.tanaka');
    advance();
    expect((await put(office, { temperature: 36.6, basedOn: base })).status).toBe(200);
    advance();
    const r = await put(tanaka, { temperature: 36.9, basedOn: base });
    const p = expectProblem(r, 409);
    expect(p.detail).toBe('同じアカウントで、別の端末から先にいつもの値が変更されていました。今の値を確かめてから、もう一度送るか削除してください。');
    expect(r.body).toMatchObject({ changedBy: '田中 看護師', current: { temperature: 36.6 } });
    expect((await usualNow())?.temperature).toBe(36.6);
    // Her phone's own edits still chain: from the values as they are now, two in a row go through.
    const now = (await usualNow())?.updatedAt;
    advance();
    expect((await put(tanaka, { temperature: 36.9, basedOn: now })).status).toBe(200);
    advance();
    expect((await put(tanaka, { temperature: 37.0, basedOn: now })).status).toBe(200);
    expect((await usualNow())?.temperature).toBe(37.0);
  });

  it('basedOn null: applied when nobody set values, refused when someone did', async () => {
    expectProblem(await put(tanaka, { temperature: 36.6, basedOn: null }), 409);
    // 小林 style: a client without usual values. The demo's 山田 has some; a fresh client has none.
    const admin = await s.login('admin.himawari');
    const id = crypto.randomUUID();
    expect((await admin.put(`/api/admin/clients/${id}`, { name: '新規 太郎', kana: 'しんき たろう' })).status).toBe(201);
    expect((await admin.put(`/api/admin/clients/${id}/stations`, { stationIds: ['midori'] })).status).toBe(200);
    const first = await tanaka.put<Client>(`/api/clients/${id}/usual`, { spo2Scale: 1, temperature: 36.3, basedOn: null });
    expect(first.status).toBe(200);
    expect(first.body.usual?.temperature).toBe(36.3);
  });

  it('a basedOn written with another offset means the same instant, either way', async () => {
    const inZone = (iso: string | undefined, hours: number) => {
      const shifted = new Date(Date.parse(iso ?? '') + hours * 3600_000).toISOString().slice(0, -1);
      return `${shifted}${hours < 0 ? '-' : '+'}${String(Math.abs(hours)).padStart(2, '0')}:00`;
    };
    advance();
    expect((await put(sato, { temperature: 36.2, basedOn: (await usualNow())?.updatedAt })).status).toBe(200);
    const first = (await usualNow())?.updatedAt;
    // From sato's change, written in New York time: nothing after it, applied.
    advance();
    expect((await put(tanaka, { temperature: 36.9, basedOn: inZone(first, -5) })).status).toBe(200);
    // sato changes them again; an edit from her first change, written in Japan time, is refused.
    advance();
    expect((await put(sato, { temperature: 36.3, basedOn: (await usualNow())?.updatedAt })).status).toBe(200);
    advance();
    expectProblem(await put(tanaka, { temperature: 37.2, basedOn: inZone(first, 9) }), 409);
    expect((await usualNow())?.temperature).toBe(36.3);
  });

  it('without basedOn the values are overwritten, as before', async () => {
    advance();
    expect((await put(sato, { temperature: 36.2 })).status).toBe(200);
    advance();
    expect((await put(tanaka, { temperature: 37.1 })).status).toBe(200);
    expect((await usualNow())?.temperature).toBe(37.1);
  });

  it('a basedOn that is not a date-time answers 400 naming it, and changes nothing', async () => {
    const before = await usualNow();
    expectProblem(await put(tanaka, { temperature: 37.1, basedOn: 'yesterday' }), 400, ['basedOn']);
    expect(await usualNow()).toEqual(before);
  });

  it('in a batch, the refused edit answers 409 and the entries around it keep their meaning', async () => {
    const base = (await usualNow())?.updatedAt;
    advance();
    expect((await put(sato, { temperature: 36.2, basedOn: base })).status).toBe(200);
    advance();
    const url = `/api/clients/${YAMADA}/usual`;
    const r = await tanaka.post<{ responses: { id: string; status: number; body: { detail?: string } }[] }>('/api/batch', {
      requests: [
        { id: 'a', method: 'PUT', url, body: { spo2Scale: 1, temperature: 37.0, basedOn: base } },
        { id: 'b', method: 'GET', url: `/api/clients/${YAMADA}` },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.responses.map((x) => x.status)).toEqual([409, 200]);
    expect(r.body.responses[0]?.body.detail).toContain('ほかの看護師');
    expect((await usualNow())?.temperature).toBe(36.2);
  });
});
