// PUT/GET /api/observations/{id}/photo: one photo per observation. Same checks and order as
// every write: 404 invisible, 403 forbidden, 400 invalid, replay (200 same / 409 different).
import { Hono } from 'hono';
import { createHash } from 'node:crypto';
import { IdSchema, MAX_PHOTO_BYTES, PhotoInputSchema, issuesToErrors } from '../../shared/schemas.js';
import { canSeeObservation, mayRecordObservation, relationToClient } from '../access.js';
import type { AppEnv } from '../http.js';
import { json, problem, readJson } from '../http.js';
import { reencodeJpeg } from '../jpeg.js';
import { getObservationRow } from '../store/records.js';
import { getPhoto, insertPhoto } from '../store/photos.js';

const NOT_FOUND = 'この記録は見つかりません。';

export function photoRoutes() {
  const r = new Hono<AppEnv>();

  r.get('/:id/photo', async (c) => {
    const db = c.get('db');
    const id = c.req.param('id');
    const row = IdSchema.safeParse(id).success ? await getObservationRow(db, id) : undefined;
    if (!row || !await canSeeObservation(db, c.get('actor'), row)) return problem(404, NOT_FOUND);
    const photo = await getPhoto(db, id);
    if (!photo) return problem(404, 'この記録に写真はありません。');
    return new Response(new Uint8Array(photo.bytes), {
      headers: {
        'content-type': photo.content_type,
        // Not kept in the browser's HTTP cache: on a shared phone the next account must not see it.
        'cache-control': 'private, no-store',
        etag: `"${photo.sha256}"`,
        'content-disposition': 'inline',
      },
    });
  });

  r.put('/:id/photo', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = c.req.param('id');
    const row = IdSchema.safeParse(id).success ? await getObservationRow(db, id) : undefined;
    if (!row || !await canSeeObservation(db, actor, row)) return problem(404, NOT_FOUND);
    if (!mayRecordObservation(actor, await relationToClient(db, actor, row.client_id))) {
      return problem(403, 'この記録に写真を付ける権限がありません。');
    }
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = PhotoInputSchema.safeParse(body.value);
    if (!parsed.success) return problem(400, '写真の形式が正しくありません。', issuesToErrors(parsed.error.issues));
    const raw = Buffer.from(parsed.data.data, 'base64');
    const clean = raw.length <= MAX_PHOTO_BYTES ? await reencodeJpeg(raw) : null;
    if (!clean) {
      return problem(400, '写真の形式が正しくありません（JPEG、400KB まで）。', [{ path: 'data', message: 'JPEG ではないか、大きすぎます' }]);
    }
    const sha256 = createHash('sha256').update(raw).digest('hex');
    // The replay check and the insert in one transaction: two uploads for one observation at
    // once (two processes, or two requests awaiting the re-encoding) must answer 201 and then
    // 200 or 409 — never both insert (a primary-key violation, a 500).
    return db.transaction(async () => {
      const existing = await getPhoto(db, id);
      if (existing) {
        if (existing.sha256 === sha256) return json(c, { observationId: id, contentType: existing.content_type, bytes: existing.bytes.length }, 200);
        return problem(409, 'この記録には別の写真が保存済みです。');
      }
      await insertPhoto(db, { observationId: id, clientId: row.client_id, contentType: parsed.data.contentType, bytes: clean, sha256, authorId: actor.id, now: c.get('now')().toISOString() });
      return json(c, { observationId: id, contentType: parsed.data.contentType, bytes: clean.length }, 201);
    });
  });

  return r;
}
