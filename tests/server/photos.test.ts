// Photos of observations: JPEG only, location metadata (APP1/Exif) stripped on the server,
// idempotent like every create, served only to those who may see the observation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, makeApp, newId, observationBody, YAMADA, type ApiClient, type TestServer } from '../fixtures/server.js';

/** A minimal JPEG: SOI, an APP1 Exif segment carrying a fake GPS tag, a DQT-like segment, SOS, data, EOI. */
function jpeg(withExif: boolean, seed = 1): Buffer {
  const exifPayload = Buffer.concat([Buffer.from('Exif\0\0GPSLatitude=35.6895', 'latin1')]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, exifPayload.length + 2]), exifPayload]);
  const dqt = Buffer.from([0xff, 0xdb, 0, 4, seed, 2]);
  const sos = Buffer.from([0xff, 0xda, 0, 2, 1, 2, 3, seed, 0xff, 0xd9]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), ...(withExif ? [app1] : []), dqt, sos]);
}
const body = (b: Buffer) => ({ contentType: 'image/jpeg', data: b.toString('base64') });

let s: TestServer;
let carer: ApiClient;
let obsId: string;

beforeAll(async () => {
  s = await makeApp();
  carer = await s.login('carer.suzuki');
  obsId = newId();
  expect((await carer.put(`/api/observations/${obsId}`, observationBody(YAMADA, s.clock.now()))).status).toBe(201);
});
afterAll(() => s.close());

describe('PUT /api/observations/{id}/photo', () => {
  it('stores a JPEG without its Exif segment; the same upload again is 200, another is 409', async () => {
    const first = await carer.put(`/api/observations/${obsId}/photo`, body(jpeg(true)));
    expect(first.status).toBe(201);
    const res = await s.app.request(`/api/observations/${obsId}/photo`, { headers: { cookie: carer.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    // Never kept in the browser's HTTP cache: on a shared phone the next account must not see it.
    expect(res.headers.get('cache-control') ?? '').toMatch(/(^|,\s*)no-store(\s*,|$)/);
    const stored = Buffer.from(await res.arrayBuffer());
    expect(stored.includes(Buffer.from('GPSLatitude'))).toBe(false);
    expect(stored.equals(jpeg(false))).toBe(true);
    expect((await carer.put(`/api/observations/${obsId}/photo`, body(jpeg(true)))).status).toBe(200);
    expectProblem(await carer.put(`/api/observations/${obsId}/photo`, body(jpeg(true, 2))), 409);
    const o = await carer.get<{ photo?: { contentType: string; bytes: number } }>(`/api/observations/${obsId}`);
    expect(o.body.photo).toEqual({ contentType: 'image/jpeg', bytes: stored.length });
  });

  it('refuses what is not a JPEG, with nothing stored', async () => {
    const id = newId();
    expect((await carer.put(`/api/observations/${id}`, observationBody(YAMADA, s.clock.now()))).status).toBe(201);
    expectProblem(await carer.put(`/api/observations/${id}/photo`, body(Buffer.from('GIF89a-not-a-jpeg'))), 400, ['data']);
    expectProblem(await carer.put(`/api/observations/${id}/photo`, { contentType: 'image/gif', data: 'AAAA' }), 400, ['contentType']);
    expectProblem(await carer.get(`/api/observations/${id}/photo`), 404);
  });

  it('is invisible to other organizations (404) and forbidden to those who may not record (403)', async () => {
    const ito = await s.login('carer.ito');
    expectProblem(await ito.get(`/api/observations/${obsId}/photo`), 404);
    expectProblem(await ito.put(`/api/observations/${obsId}/photo`, body(jpeg(false))), 404);
    const adminSakura = await s.login('admin.sakura');
    expectProblem(await adminSakura.put(`/api/observations/${obsId}/photo`, body(jpeg(false))), 403);
    const sato = await s.login('nurse.sato');
    const seen = await s.app.request(`/api/observations/${obsId}/photo`, { headers: { cookie: sato.cookie } });
    expect(seen.status).toBe(200);
  });
});
