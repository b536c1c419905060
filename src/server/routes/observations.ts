// PUT/GET /api/observations/{id}. Checks in the order every write route uses:
// 404 invisible, 403 forbidden, 400 invalid, replay (200 same body / 409 different), create.
// The PUT's checks and insert run as one op of the group writer (store/writer.ts) the request
// was given (a batch gives its sub-requests one that commits them together).
import { Hono } from 'hono';
import { news2 } from '../../shared/news2.js';
import { IdSchema, ObservationInputSchema, isTooFarInFuture, issuesToErrors } from '../../shared/schemas.js';
import { canSeeObservation, mayRecordObservation, recordingContext } from '../access.js';
import type { AppEnv } from '../http.js';
import { json, problem, readJson } from '../http.js';
import { getClientRow } from '../store/directory.js';
import { canonical, getObservationRow, insertObservation, toObservation } from '../store/records.js';

const NOT_FOUND = 'この記録は見つかりません。';

export function observationRoutes() {
  const r = new Hono<AppEnv>();

  r.get('/:id', async (c) => {
    const db = c.get('db');
    const id = c.req.param('id');
    const row = IdSchema.safeParse(id).success ? await getObservationRow(db, id) : undefined;
    if (!row || !await canSeeObservation(db, c.get('actor'), row)) return problem(404, NOT_FOUND);
    return json(c, toObservation(row));
  });

  r.put('/:id', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = c.req.param('id');
    if (!IdSchema.safeParse(id).success) return problem(400, 'id が UUID ではありません。', [{ path: 'id', message: 'UUID ではありません' }]);
    const body = await readJson(c);
    if (!body.ok) return body.response;
    // Parsed here (pure), answered in its turn below: a 400 comes after the 404 and 403.
    const parsed = ObservationInputSchema.safeParse(withoutNullNote(body.value));
    const now = c.get('now')();

    // Check-then-write in one synchronous op of the group commit: a concurrent PUT of the same
    // id (earlier in the group) is already visible here. Resolves after the commit's fsync.
    return c.get('writer').run(async () => {
      const existing = await getObservationRow(db, id);
      if (existing && !await canSeeObservation(db, actor, existing)) return problem(404, NOT_FOUND);
      const claimed = (body.value as { clientId?: unknown } | null)?.clientId;
      const clientId = existing?.client_id ?? (typeof claimed === 'string' ? claimed : undefined);
      // The relation and the SpO2 scale in one read; the scale is used below only for this client.
      const client = clientId === undefined ? undefined : await recordingContext(db, actor, clientId);
      if (clientId !== undefined) {
        const relation = client?.relation ?? 'none';
        // An existing observation seen through a consultation (a consulted station) is visible: 403, not 404.
        if (relation === 'none' && !existing) {
          return problem(404, 'この利用者は見つかりません。', [{ path: 'clientId', message: '見つかりません' }]);
        }
        if (!mayRecordObservation(actor, relation)) return problem(403, 'この利用者の記録を作成する権限がありません。');
      }

      if (!parsed.success) return problem(400, '入力内容に誤りがあります。', issuesToErrors(parsed.error.issues));
      const input = parsed.data;
      if (isTooFarInFuture(input.observedAt, now.getTime())) {
        return problem(400, '観察日時が未来になっています。', [{ path: 'observedAt', message: '5分以上先の日時です' }]);
      }

      if (existing) {
        if (existing.input_json === canonical(input)) return json(c, toObservation(existing), 200);
        return problem(409, 'この id の記録は別の内容で保存済みです。');
      }
      const scale = clientId === input.clientId ? client?.spo2Scale : (await getClientRow(db, input.clientId))?.spo2_scale;
      const score = news2(input.vitals, scale ?? 1);
      const row = await insertObservation(db, { id, authorId: actor.id, input, news2: score, now: now.toISOString() });
      // The row as inserted (no photo yet): the same answer a read-back would give, without the read.
      return json(c, toObservation(row), 201);
    });
  });

  return r;
}

/**
 * `note: null` is what an observation without a note answers; sent back (a client PUTting a
 * resource as it read it), it means what it says there: no note. Any other `null` stays a 400
 * (docs/product.md, stop 21).
 */
function withoutNullNote(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('note' in value) || value.note !== null) return value;
  const rest: Record<string, unknown> = { ...value };
  delete rest.note;
  return rest;
}

