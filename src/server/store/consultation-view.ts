// Consultations as the API shows them: the row, the client's name and the messages. Read for
// many consultations at once in a fixed number of statements (the changes feed's pages:
// ADR 0021); one consultation is the same read with a list of one.
import type { MessageKind, ReplyKind, Role } from '../../shared/codes.js';
import type { Consultation, Message, MessageInput, RubySegment } from '../../shared/schemas.js';
import type { Db } from './db.js';
import type { ConsultationRow } from './records.js';
import { groupBy, idList, inList, sql } from './sql.js';

interface MessageRow {
  id: string;
  consultation_id: string;
  kind: MessageKind;
  body: string | null;
  reply_kind: ReplyKind | null;
  lang: string | null;
  input_json: string;
  body_ruby_json: string | null;
  author_id: string;
  author_name: string;
  role: Role;
  created_at: string;
}

/**
 * ふりがな of a nurse's free Japanese text, per field. `body_ruby_json` holds this object; rows
 * written before the task and 「次はここも」 had ruby hold the body's segments as a bare array.
 */
export interface MessageRuby {
  body?: RubySegment[];
  task?: RubySegment[];
  next?: RubySegment[];
}

export function rubyOf(json: string | null): Pick<Message, 'bodyRuby' | 'taskRuby' | 'nextRuby'> {
  if (json === null) return {};
  const stored = JSON.parse(json) as RubySegment[] | MessageRuby;
  const { body, task, next } = Array.isArray(stored) ? { body: stored } : stored;
  return { ...(body ? { bodyRuby: body } : {}), ...(task ? { taskRuby: task } : {}), ...(next ? { nextRuby: next } : {}) };
}

/** The extra fields a message was sent with (replyKind, feedback, followUp, completes, helped, template). */
function messageExtrasOf(inputJson: string): Partial<MessageInput> {
  const { replyKind, feedback, followUp, completes, helped, template } = JSON.parse(inputJson) as MessageInput;
  return {
    ...(template !== undefined ? { template } : {}),
    ...(replyKind !== undefined ? { replyKind } : {}),
    ...(feedback !== undefined ? { feedback } : {}),
    ...(followUp !== undefined ? { followUp } : {}),
    ...(completes !== undefined ? { completes } : {}),
    ...(helped !== undefined ? { helped } : {}),
  };
}

function toMessage(m: MessageRow): Message {
  return {
    id: m.id,
    kind: m.kind,
    ...(m.body !== null ? { body: m.body } : {}),
    ...messageExtrasOf(m.input_json),
    ...(m.lang !== null ? { lang: m.lang } : {}),
    ...rubyOf(m.body_ruby_json),
    authorId: m.author_id,
    authorName: m.author_name,
    role: m.role,
    createdAt: m.created_at,
  };
}

/** The consultations of `rows`, in their order: three statements whatever the count. */
export async function toConsultations(db: Db, rows: readonly ConsultationRow[]): Promise<Consultation[]> {
  if (rows.length === 0) return [];
  const clientIds = idList(db, [...new Set(rows.map((r) => r.client_id))]);
  const clients = new Map(
    (
      await sql(db, `SELECT id, name FROM clients WHERE ${inList(db, 'id')}`).all(clientIds) as { id: string; name: string }[]
    ).map((c) => [c.id, c]),
  );
  const authorIds = idList(db, [...new Set(rows.map((r) => r.author_id))]);
  const authors = new Map(
    (await sql(db, `SELECT id, name FROM users WHERE ${inList(db, 'id')}`).all(authorIds) as { id: string; name: string }[]).map((u) => [u.id, u.name]),
  );
  const messageRows = await sql(
    db,
    `SELECT m.*, u.name AS author_name FROM messages m JOIN users u ON u.id = m.author_id
     WHERE ${inList(db, 'm.consultation_id')} ORDER BY m.consultation_id, m.seq`,
  ).all(
    idList(
      db,
      rows.map((r) => r.id),
    ),
  ) as MessageRow[];
  const messages = groupBy(messageRows, (m) => m.consultation_id, toMessage);
  return rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    client: clients.get(r.client_id) as { id: string; name: string },
    fromOrgId: r.from_org_id,
    toOrgId: r.to_org_id,
    authorId: r.author_id,
    ...(authors.has(r.author_id) ? { authorName: authors.get(r.author_id) as string } : {}),
    observationIds: JSON.parse(r.observation_ids_json) as string[],
    category: r.category,
    urgency: r.urgency,
    suggestedUrgency: r.suggested_urgency,
    sbar: JSON.parse(r.sbar_json) as Consultation['sbar'],
    ...(r.request_kind !== null ? { requestKind: r.request_kind } : {}),
    status: r.status,
    messages: messages.get(r.id) ?? [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function toConsultation(db: Db, r: ConsultationRow): Promise<Consultation> {
  return (await toConsultations(db, [r]))[0] as Consultation;
}

/** The consultations of `ids` that exist, by id: four statements whatever the count. */
export async function consultationsByIds(db: Db, ids: readonly string[]): Promise<Map<string, Consultation>> {
  if (ids.length === 0) return new Map();
  const rows = await sql(db, `SELECT * FROM consultations WHERE ${inList(db, 'id')}`).all(idList(db, ids)) as ConsultationRow[];
  return new Map((await toConsultations(db, rows)).map((k) => [k.id, k]));
}
