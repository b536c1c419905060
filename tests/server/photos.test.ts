// Photos of observations: JPEG only, decoded and re-encoded on the server so that nothing but
// pixels is stored (no Exif, GPS, XMP, second image), idempotent like every create, served
// only to those who may see the observation. Fixtures are generated with sharp.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reencodeJpeg } from '../../src/server/jpeg.js';
import { consultationBody, expectProblem, makeApp, newId, observationBody, YAMADA, type ApiClient, type TestServer } from '../fixtures/server.js';

const GPS = { IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 41/1 2234/100', GPSLongitudeRef: 'E', GPSLongitude: '139/1 41/1 3012/100' } };
const CAMERA = { IFD0: { Make: 'KizukiCam', Model: 'Phone 9', Software: 'camera-1.0' } };

/** 64×48 pixels of noise (by seed), so the compressed picture is large enough to cut into. */
function noise(seed: number, bytes = 64 * 48 * 3): Buffer {
  const px = Buffer.alloc(bytes);
  let x = seed * 2654435761;
  for (let i = 0; i < px.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    px[i] = x >>> 24;
  }
  return px;
}

/** A real JPEG made by sharp: a 64×48 picture carrying camera and GPS Exif. */
async function cameraJpeg(seed = 1, options: { progressive?: boolean } = {}): Promise<Buffer> {
  return sharp(noise(seed), { raw: { width: 64, height: 48, channels: 3 } })
    .jpeg({ quality: 90, progressive: options.progressive ?? false })
    .withExif({ ...CAMERA, ...GPS })
    .toBuffer();
}

/** An APP1 XMP segment with a location in it, as phones add beside Exif. */
function xmpSegment(): Buffer {
  const payload = Buffer.from(
    'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description exif:GPSLatitude="35,41.37N" exif:GPSLongitude="139,41.50E"/></x:xmpmeta>',
    'latin1',
  );
  return Buffer.concat([Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
}

/** Inserts segments right after SOI. */
const withSegments = (jpeg: Buffer, ...segments: Buffer[]) => Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);

/** Where a string occurs in a buffer (latin1), or not. */
const contains = (b: Buffer, text: string) => b.includes(Buffer.from(text, 'latin1'));
/** Each JPEG starts with FF D8; the pair never appears inside entropy-coded data (FF is stuffed). */
const soiCount = (b: Buffer) => {
  let n = 0;
  for (let i = b.indexOf(Buffer.from([0xff, 0xd8])); i >= 0; i = b.indexOf(Buffer.from([0xff, 0xd8]), i + 2)) n++;
  return n;
};

async function expectNoMetadata(stored: Buffer): Promise<void> {
  const meta = await sharp(stored).metadata();
  expect(meta.format).toBe('jpeg');
  expect(meta.exif, 'no Exif').toBeUndefined();
  expect(meta.xmp, 'no XMP').toBeUndefined();
  expect(meta.icc, 'no ICC profile').toBeUndefined();
  expect(meta.iptc, 'no IPTC').toBeUndefined();
  expect(soiCount(stored), 'one image only').toBe(1);
  for (const text of ['KizukiCam', 'GPS', 'xmpmeta', 'Exif', '139,41']) expect(contains(stored, text), text).toBe(false);
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

const newObservation = async () => {
  const id = newId();
  expect((await carer.put(`/api/observations/${id}`, observationBody(YAMADA, s.clock.now()))).status).toBe(201);
  return id;
};
const fetchPhoto = async (id: string) => {
  const res = await s.app.request(`/api/observations/${id}/photo`, { headers: { cookie: carer.cookie } });
  expect(res.status).toBe(200);
  return { res, stored: Buffer.from(await res.arrayBuffer()) };
};

describe('PUT /api/observations/{id}/photo', () => {
  it('stores the picture without any metadata; the same upload again is 200, another is 409', async () => {
    const upload = await cameraJpeg();
    expect(contains(upload, 'KizukiCam') && (await sharp(upload).metadata()).exif !== undefined, 'the fixture carries Exif').toBe(true);
    const first = await carer.put(`/api/observations/${obsId}/photo`, body(upload));
    expect(first.status).toBe(201);
    const { res, stored } = await fetchPhoto(obsId);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    // Never kept in the browser's HTTP cache: on a shared phone the next account must not see it.
    expect(res.headers.get('cache-control') ?? '').toMatch(/(^|,\s*)no-store(\s*,|$)/);
    await expectNoMetadata(stored);
    const meta = await sharp(stored).metadata();
    expect([meta.width, meta.height]).toEqual([64, 48]);
    expect((await carer.put(`/api/observations/${obsId}/photo`, body(upload))).status).toBe(200);
    expectProblem(await carer.put(`/api/observations/${obsId}/photo`, body(await cameraJpeg(2))), 409);
    const o = await carer.get<{ photo?: { contentType: string; bytes: number } }>(`/api/observations/${obsId}`);
    expect(o.body.photo).toEqual({ contentType: 'image/jpeg', bytes: stored.length });
  });

  it('uploads for one observation at once: one is stored (201), the rest are replays (200) or conflicts (409), never a 500', async () => {
    const id = await newObservation();
    const [a, b] = [await cameraJpeg(11), await cameraJpeg(12)];
    // Each request awaits the re-encoding before it decides: they all decide while none is stored.
    const replies = await Promise.all([a, b, a, b, a].map((upload) => carer.put(`/api/observations/${id}/photo`, body(upload))));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((st) => st === 201), statuses.join()).toHaveLength(1);
    const winner = statuses.indexOf(201) % 2; // 0: a won, 1: b won
    for (const [i, st] of statuses.entries()) if (st !== 201) expect(st, statuses.join()).toBe(i % 2 === winner ? 200 : 409);
    const { stored } = await fetchPhoto(id);
    expect(stored.length).toBe((replies[statuses.indexOf(201)]?.body as { bytes: number }).bytes);
  });

  it('several APP1 segments (Exif and XMP, twice): none survives', async () => {
    const id = await newObservation();
    const exifOnly = await cameraJpeg(3);
    const upload = withSegments(exifOnly, xmpSegment(), xmpSegment());
    expect(contains(upload, 'xmpmeta')).toBe(true);
    expect((await carer.put(`/api/observations/${id}/photo`, body(upload))).status).toBe(201);
    await expectNoMetadata((await fetchPhoto(id)).stored);
  });

  it('a multi-picture JPEG (a second, GPS-tagged image after the first): only the first picture is kept', async () => {
    const id = await newObservation();
    const second = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#0f0' } })
      .jpeg()
      .withExif({ ...GPS, IFD0: { Make: 'KizukiCam' } })
      .toBuffer();
    const upload = Buffer.concat([await cameraJpeg(4), second]);
    expect(soiCount(upload)).toBe(2);
    expect((await carer.put(`/api/observations/${id}/photo`, body(upload))).status).toBe(201);
    const { stored } = await fetchPhoto(id);
    await expectNoMetadata(stored);
    expect((await sharp(stored).metadata()).width).toBe(64);
  });

  it('a progressive JPEG with GPS: stored as a clean baseline JPEG', async () => {
    const id = await newObservation();
    const upload = await cameraJpeg(5, { progressive: true });
    expect((await sharp(upload).metadata()).isProgressive).toBe(true);
    expect((await carer.put(`/api/observations/${id}/photo`, body(upload))).status).toBe(201);
    const { stored } = await fetchPhoto(id);
    await expectNoMetadata(stored);
    expect((await sharp(stored).metadata()).isProgressive).toBe(false);
  });

  it('refuses a PNG dressed as a JPEG, a truncated JPEG, and what is not a picture: 400, nothing stored', async () => {
    const id = await newObservation();
    const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#f00' } }).png().toBuffer();
    expectProblem(await carer.put(`/api/observations/${id}/photo`, body(png)), 400, ['data']);
    const whole = await cameraJpeg(6);
    expect(whole.indexOf(Buffer.from([0xff, 0xda])), 'the cut falls inside the picture data').toBeLessThan(whole.length - 1000);
    expectProblem(await carer.put(`/api/observations/${id}/photo`, body(whole.subarray(0, whole.length - 1000))), 400, ['data']);
    // JPEG's first bytes, then garbage.
    expectProblem(await carer.put(`/api/observations/${id}/photo`, body(Buffer.concat([whole.subarray(0, 20), Buffer.alloc(200, 7)]))), 400, ['data']);
    expectProblem(await carer.put(`/api/observations/${id}/photo`, body(Buffer.from('GIF89a-not-a-jpeg'))), 400, ['data']);
    expectProblem(await carer.put(`/api/observations/${id}/photo`, { contentType: 'image/gif', data: 'AAAA' }), 400, ['contentType']);
    expectProblem(await carer.get(`/api/observations/${id}/photo`), 404);
  });

  it('never stores a photo larger than the phone sent (a detailed picture sent at low quality)', async () => {
    const sent = await sharp(noise(7, 640 * 480 * 3), { raw: { width: 640, height: 480, channels: 3 } }).jpeg({ quality: 55 }).toBuffer();
    const stored = await reencodeJpeg(sent);
    expect(stored).not.toBeNull();
    expect(stored?.length).toBeLessThanOrEqual(sent.length);
  });

  it('is invisible to other organizations (404) and forbidden to those who may not record (403)', async () => {
    const ito = await s.login('carer.ito');
    expectProblem(await ito.get(`/api/observations/${obsId}/photo`), 404);
    expectProblem(await ito.put(`/api/observations/${obsId}/photo`, body(await cameraJpeg(7))), 404);
    // The serving station's admin sees no records (ADR 0003 stop 21); a consulted station's nurse
    // sees the observation her station was asked about but may not record on it.
    const adminSakura = await s.login('admin.sakura');
    expectProblem(await adminSakura.get(`/api/observations/${obsId}/photo`), 404);
    expectProblem(await adminSakura.put(`/api/observations/${obsId}/photo`, body(await cameraJpeg(7))), 404);
    const cited = await newObservation();
    expect((await carer.put(`/api/consultations/${newId()}`, consultationBody(YAMADA, 'midori', { observationIds: [cited] }))).status).toBe(201);
    const tanaka = await s.login('nurse.tanaka');
    expect((await tanaka.get(`/api/observations/${cited}`)).status).toBe(200);
    expectProblem(await tanaka.put(`/api/observations/${cited}/photo`, body(await cameraJpeg(7))), 403);
    const sato = await s.login('nurse.sato');
    const seen = await s.app.request(`/api/observations/${obsId}/photo`, { headers: { cookie: sato.cookie } });
    expect(seen.status).toBe(200);
  });
});
