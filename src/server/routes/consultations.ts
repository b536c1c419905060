// PUT/GET /api/consultations/{id} and PUT .../messages/{messageId}: the consultation and its
// status machine (shared/status.ts). Check order: 404, 403, 400, replay, status. Each PUT's
// checks and insert run as one op of the request's group writer (store/writer.ts).
import { Hono } from 'hono';
import { CONSULTABLE_KINDS } from '../../shared/codes.js';
import { ConsultationInputSchema, IdSchema, MessageInputSchema, issuesToErrors } from '../../shared/schemas.js';
import type { Consultation, ProblemError, Vitals } from '../../shared/schemas.js';
import { applyMessage } from '../../shared/status.js';
import { suggestUrgency } from '../../shared/urgency.js';
import { answerPushPayload, consultationPushPayload } from '../../shared/push.js';
import type { News2 } from '../../shared/news2.js';
import type { SoftSign } from '../../shared/codes.js';
import { canSeeConsultation, mayOpenConsultation, relationToClient, sideIn } from '../access.js';
import type { AppEnv } from '../http.js';
import { json, problem, readJson } from '../http.js';
import type { Push } from '../push.js';
import type { Furigana } from '../furigana.js';
import { messageRuby } from '../message-ruby.js';
import { getClient, getOrganization } from '../store/directory.js';
import { toConsultation } from '../store/consultation-view.js';
import {
  canonical,
  getConsultationRow,
  getMessageRow,
  getObservationRow,
  insertConsultation,
  isFollowUpOf,
  insertMessage,
} from '../store/records.js';

const NOT_FOUND = 'この相談は見つかりません。';
const badId = (path: string) => problem(400, `${path} が UUID ではありません。`, [{ path, message: 'UUID ではありません' }]);

export function consultationRoutes(deps: { push?: Push | undefined; furigana?: Furigana | undefined }) {
  const r = new Hono<AppEnv>();

  r.get('/:id', async (c) => {
    const db = c.get('db');
    const id = c.req.param('id');
    const row = IdSchema.safeParse(id).success ? await getConsultationRow(db, id) : undefined;
    if (!row || !await canSeeConsultation(db, c.get('actor'), row)) return problem(404, NOT_FOUND);
    return json(c, await toConsultation(db, row));
  });

  r.put('/:id', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = c.req.param('id');
    if (!IdSchema.safeParse(id).success) return badId('id');
    const body = await readJson(c);
    if (!body.ok) return body.response;
    // Parsed here (pure), answered in its turn below: a 400 comes after the 404 and 403.
    const parsed = ConsultationInputSchema.safeParse(body.value);
    const now = c.get('now')().toISOString();

    // Checks and insert in one synchronous op of the group commit (store/writer.ts).
    const result = await c.get('writer').run(async (): Promise<{ response: Response; created?: Consultation; toOrgId?: string }> => {
      const existing = await getConsultationRow(db, id);
      if (existing && !await canSeeConsultation(db, actor, existing)) return { response: problem(404, NOT_FOUND) };
      const claimed = (body.value as { clientId?: unknown } | null)?.clientId;
      const clientId = existing?.client_id ?? (typeof claimed === 'string' ? claimed : undefined);
      if (clientId !== undefined) {
        const relation = await relationToClient(db, actor, clientId);
        if (relation === 'none' && !existing) {
          return { response: problem(404, 'この利用者は見つかりません。', [{ path: 'clientId', message: '見つかりません' }]) };
        }
        if (!mayOpenConsultation(actor, relation)) return { response: problem(403, 'この利用者について相談する権限がありません。') };
      }

      if (!parsed.success) return { response: problem(400, '入力内容に誤りがあります。', issuesToErrors(parsed.error.issues)) };
      const input = parsed.data;

      const errors: ProblemError[] = [];
      const to = await getOrganization(db, input.toOrgId);
      if (!to || !CONSULTABLE_KINDS.includes(to.kind)) {
        errors.push({ path: 'toOrgId', message: '訪問看護ステーションまたは療養通所介護事業所を選んでください' });
      }
      const cited = [];
      for (const [i, oid] of input.observationIds.entries()) {
        const o = await getObservationRow(db, oid);
        if (!o || o.client_id !== input.clientId) {
          errors.push({ path: `observationIds.${i}`, message: 'この利用者の記録ではありません' });
        }
        cited.push(o);
      }
      if (errors.length) return { response: problem(400, '入力内容に誤りがあります。', errors) };

      if (existing) {
        if (existing.input_json === canonical(input)) return { response: json(c, await toConsultation(db, existing), 200) };
        return { response: problem(409, 'この id の相談は別の内容で保存済みです。') };
      }
      // Against the client's usual values as they are now (a nurse may have set them since).
      const suggested = suggestUrgency(
        cited.flatMap((o) =>
          o
            ? [
                {
                  news2: JSON.parse(o.news2_json) as News2,
                  softSigns: JSON.parse(o.soft_signs_json) as SoftSign[],
                  vitals: JSON.parse(o.vitals_json) as Vitals,
                },
              ]
            : [],
        ),
        (await getClient(db, input.clientId))?.usual,
      );
      await insertConsultation(db, { id, authorId: actor.id, fromOrgId: actor.orgId, input, suggested, now });
      const stored = await getConsultationRow(db, id);
      const created = stored ? await toConsultation(db, stored) : undefined;
      return { response: json(c, created ?? null, 201), created, toOrgId: input.toOrgId };
    });

    // Only a new consultation (never a replay) reaches the station's nurses' phones, and only
    // once it is committed. Sent at once for every urgency, not awaited: a push service that is
    // down never fails the request.
    const { created, toOrgId } = result;
    if (created && toOrgId && deps.push) {
      const about = {
        id,
        urgency: created.urgency,
        category: created.category,
        clientName: created.client.name,
        fromOrgName: (await getOrganization(db, actor.orgId))?.name ?? '',
      };
      const payload = consultationPushPayload(about);
      const warn = (e: unknown) => console.warn('push failed:', e);
      try {
        void deps.push.notifyStation(toOrgId, payload, (lang) => consultationPushPayload(about, lang)).catch(warn);
      } catch (e) {
        warn(e);
      }
    }
    return result.response;
  });

  r.put('/:id/messages/:messageId', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = c.req.param('id');
    const messageId = c.req.param('messageId');
    // Read before the op (it awaits); a body error is still answered after the 404 and 403.
    const body = await readJson(c);
    const now = c.get('now')().toISOString();
    const ruby = body.ok ? await messageRuby(deps.furigana, actor.role, body.value) : undefined;

    // Every check that reads the database, then the insert, in one synchronous op of the group
    // commit: the status machine sees the messages committed or queued before this one.
    const result = await c.get('writer').run(async (): Promise<{ response: Response; answered?: Consultation }> => {
      const answer = (response: Response) => ({ response });
      const row = IdSchema.safeParse(id).success ? await getConsultationRow(db, id) : undefined;
      if (!row || !await canSeeConsultation(db, actor, row)) return answer(problem(404, NOT_FOUND));
      const side = await sideIn(db, actor, row);
      if (!side) return answer(problem(403, 'この相談に書き込む権限がありません。'));
      if (!body.ok) return answer(body.response);
      if ((body.value as { kind?: unknown } | null)?.kind === 'acknowledge' && actor.role !== 'nurse') {
        return answer(problem(403, '既読にできるのは看護師だけです。'));
      }
      if (!IdSchema.safeParse(messageId).success) return answer(badId('messageId'));
      const parsed = MessageInputSchema.safeParse(body.value);
      if (!parsed.success) return answer(problem(400, '入力内容に誤りがあります。', issuesToErrors(parsed.error.issues)));
      const input = parsed.data;
      if (side === 'provider' && (input.feedback || input.followUp || input.replyKind || input.template)) {
        return answer(problem(403, 'フィードバック・依頼・返信の種類・定型文は看護師だけが付けられます。'));
      }
      if (side === 'station' && (input.completes || input.helped !== undefined)) {
        return answer(problem(403, '対応の報告と評価は相談した事業所だけが付けられます。'));
      }
      if (input.completes && !await isFollowUpOf(db, row.id, input.completes)) {
        return answer(problem(400, '入力内容に誤りがあります。', [{ path: 'completes', message: 'この相談の看護師からの依頼ではありません' }]));
      }

      const existing = await getMessageRow(db, messageId);
      if (existing) {
        if (existing.consultation_id === row.id && existing.input_json === canonical(input)) {
          return answer(json(c, await toConsultation(db, row), 200));
        }
        return answer(problem(409, 'この id のメッセージは別の内容で保存済みです。'));
      }
      const next = applyMessage(row.status, input.kind, side);
      if (!next.ok) return answer(problem(409, 'この相談は完了しています。新しい相談を作成してください。'));
      await insertMessage(db, {
        id: messageId,
        consultation: row,
        input,
        authorId: actor.id,
        role: actor.role,
        newStatus: next.status,
        now,
        ruby,
      });
      const updated = await getConsultationRow(db, id);
      const view = updated ? await toConsultation(db, updated) : null;
      // A nurse's words (not a 見ました, not a close) are what the carer who asked waits for.
      const answered = side === 'station' && input.kind === 'message' && view ? view : undefined;
      return { response: json(c, view, 201), ...(answered ? { answered } : {}) };
    });

    // Only a new answer (never a replay) reaches the phones of the carer who asked, once it is
    // committed; not awaited, and a push service that is down never fails the request.
    const { answered } = result;
    if (answered && deps.push) {
      const about = {
        id: answered.id,
        urgency: answered.urgency,
        clientName: answered.client.name,
        stationName: (await getOrganization(db, answered.toOrgId))?.name ?? '',
      };
      const warn = (e: unknown) => console.warn('push failed:', e);
      try {
        void deps.push.notifyUser(answered.authorId, answerPushPayload(about), (lang) => answerPushPayload(about, lang)).catch(warn);
      } catch (e) {
        warn(e);
      }
    }
    return result.response;
  });

  return r;
}
