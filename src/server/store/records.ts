// Observations, consultations and their messages: rows in, API resources out (consultations
// as the API shows them: consultation-view.ts).
import type { ConsultationStatus, RequestKind, Role, SoftSign, Urgency } from '../../shared/codes.js';
import type { News2 } from '../../shared/news2.js';
import type { Consultation, ConsultationInput, MessageInput, Observation, ObservationInput, Vitals } from '../../shared/schemas.js';
import type { Db } from './db.js';
import { touch } from './changes.js';
import type { MessageRuby } from './consultation-view.js';
import { idList, inList, sql } from './sql.js';

export interface ObservationRow {
  id: string;
  client_id: string;
  author_id: string;
  observed_at: string;
  input_json: string;
  vitals_json: string;
  soft_signs_json: string;
  note: string | null;
  note_lang: string | null;
  news2_json: string;
  created_at: string;
  photo_type?: string | null;
  photo_bytes?: number | null;
}

export interface ConsultationRow {
  id: string;
  client_id: string;
  from_org_id: string;
  to_org_id: string;
  author_id: string;
  input_json: string;
  observation_ids_json: string;
  category: Consultation['category'];
  urgency: Urgency;
  suggested_urgency: Urgency;
  sbar_json: string;
  request_kind: RequestKind | null;
  status: ConsultationStatus;
  created_at: string;
  updated_at: string;
}

/** What the write read has changed under it: the store runs it again from the start. */
export class StaleReadError extends Error {
  readonly code = 'KIZUKI_STALE_READ';
  constructor() {
    super('A row read by this write changed before it committed.');
  }
}

/** Canonical JSON (sorted keys) so that "the same body" ignores key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const OBSERVATION_SELECT = `SELECT o.*, p.content_type AS photo_type, length(p.bytes) AS photo_bytes
     FROM observations o LEFT JOIN photos p ON p.observation_id = o.id`;

export async function getObservationRow(db: Db, id: string): Promise<ObservationRow | undefined> {
  return await sql(db, `${OBSERVATION_SELECT} WHERE o.id = ?`).get(id) as ObservationRow | undefined;
}

/** The observations of `ids` that exist, by id, in one statement whatever the count. */
export async function observationRowsByIds(db: Db, ids: readonly string[]): Promise<Map<string, ObservationRow>> {
  if (ids.length === 0) return new Map();
  const rows = await sql(db, `${OBSERVATION_SELECT} WHERE ${inList(db, 'o.id')}`).all(idList(db, ids)) as ObservationRow[];
  return new Map(rows.map((r) => [r.id, r]));
}

export function toObservation(r: ObservationRow): Observation {
  return {
    id: r.id,
    clientId: r.client_id,
    authorId: r.author_id,
    observedAt: r.observed_at,
    vitals: JSON.parse(r.vitals_json) as Vitals,
    softSigns: JSON.parse(r.soft_signs_json) as SoftSign[],
    note: r.note,
    ...(r.note_lang !== null ? { lang: r.note_lang } : {}),
    news2: JSON.parse(r.news2_json) as News2,
    createdAt: r.created_at,
    ...(r.photo_type ? { photo: { contentType: r.photo_type, bytes: r.photo_bytes ?? 0 } } : {}),
  };
}

/** Inserts an observation; returns the row as stored (what getObservationRow would read back). */
export async function insertObservation(
  db: Db,
  o: { id: string; authorId: string; input: ObservationInput; news2: News2; now: string },
): Promise<ObservationRow> {
  const row: ObservationRow = {
    id: o.id,
    client_id: o.input.clientId,
    author_id: o.authorId,
    // The instant in UTC, as every other stored time: rows are ordered and windowed by comparing
    // these strings (ORDER BY observed_at, the case's week), and 「09:30+09:00」 sorts after
    // 「01:00Z」 though it is half an hour earlier. The body as sent stays in input_json.
    observed_at: new Date(o.input.observedAt).toISOString(),
    input_json: canonical(o.input),
    vitals_json: JSON.stringify(o.input.vitals),
    soft_signs_json: JSON.stringify(o.input.softSigns),
    note: o.input.note ?? null,
    note_lang: o.input.lang ?? null,
    news2_json: JSON.stringify(o.news2),
    created_at: o.now,
    photo_type: null,
    photo_bytes: null,
  };
  await sql(
    db,
    `INSERT INTO observations (id, client_id, author_id, observed_at, input_json, vitals_json, soft_signs_json, note, note_lang, news2_json, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    row.id,
    row.client_id,
    row.author_id,
    row.observed_at,
    row.input_json,
    row.vitals_json,
    row.soft_signs_json,
    row.note,
    row.note_lang,
    row.news2_json,
    row.created_at,
  );
  await touch(db, 'observation', o.id, o.input.clientId);
  return row;
}

export async function getConsultationRow(db: Db, id: string): Promise<ConsultationRow | undefined> {
  return await sql(db, 'SELECT * FROM consultations WHERE id = ?').get(id) as ConsultationRow | undefined;
}

export async function insertConsultation(
  db: Db,
  k: { id: string; authorId: string; fromOrgId: string; input: ConsultationInput; suggested: Urgency; now: string },
): Promise<void> {
  const i = k.input;
  await sql(
    db,
    `INSERT INTO consultations (id, client_id, from_org_id, to_org_id, author_id, input_json, observation_ids_json,
       category, urgency, suggested_urgency, sbar_json, request_kind, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
  ).run(
    k.id,
    i.clientId,
    k.fromOrgId,
    i.toOrgId,
    k.authorId,
    canonical(i),
    JSON.stringify(i.observationIds),
    i.category,
    i.urgency,
    k.suggested,
    JSON.stringify(i.sbar),
    i.requestKind ?? null,
    k.now,
    k.now,
  );
  for (const obsId of new Set(i.observationIds)) {
    await sql(db, 'INSERT INTO consultation_observations (consultation_id, observation_id) VALUES (?, ?) ON CONFLICT DO NOTHING').run(k.id, obsId);
    // A station that does not serve the client now sees this observation: re-announce it.
    await touch(db, 'observation', obsId, i.clientId);
  }
  await touch(db, 'consultation', k.id, i.clientId);
}

export async function getMessageRow(db: Db, id: string): Promise<{ id: string; consultation_id: string; input_json: string } | undefined> {
  return await sql(db, 'SELECT id, consultation_id, input_json FROM messages WHERE id = ?').get(id) as
    | { id: string; consultation_id: string; input_json: string }
    | undefined;
}

export async function insertMessage(
  db: Db,
  m: {
    id: string;
    consultation: ConsultationRow;
    input: MessageInput;
    authorId: string;
    role: Role;
    newStatus: ConsultationStatus;
    now: string;
    /** ふりがな for the free Japanese text (furigana.ts), when the server added them. */
    ruby?: MessageRuby | undefined;
  },
): Promise<void> {
  // On PostgreSQL the messages of one consultation are decided one at a time: its row stays
  // locked until commit, and a status that moved since the route read it (a message committed
  // by another process meanwhile) sends the whole write round again (postgres.ts retries).
  if (db.engine === 'postgres') {
    const now = await sql(db, 'SELECT status FROM consultations WHERE id = ? FOR UPDATE').get(m.consultation.id);
    if ((now as { status?: string } | undefined)?.status !== m.consultation.status) throw new StaleReadError();
  }
  const seq = (
    await sql(db, 'SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM messages WHERE consultation_id = ?').get(m.consultation.id) as {
      n: number;
    }
  ).n;
  await sql(
    db,
    `INSERT INTO messages (id, consultation_id, seq, kind, body, reply_kind, lang, input_json, author_id, role, created_at,
       template_code, body_ruby_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    m.id,
    m.consultation.id,
    seq,
    m.input.kind,
    m.input.body ?? null,
    m.input.replyKind ?? null,
    m.input.lang ?? null,
    canonical(m.input),
    m.authorId,
    m.role,
    m.now,
    m.input.template?.code ?? null,
    m.ruby ? JSON.stringify(m.ruby) : null,
  );
  await sql(db, 'UPDATE consultations SET status = ?, updated_at = ? WHERE id = ?').run(m.newStatus, m.now, m.consultation.id);
  await touch(db, 'consultation', m.consultation.id, m.consultation.client_id);
}

/** Is `messageId` a nurse's message with a follow-up request in this consultation? */
export async function isFollowUpOf(db: Db, consultationId: string, messageId: string): Promise<boolean> {
  const m = await sql(db, 'SELECT input_json FROM messages WHERE id = ? AND consultation_id = ?').get(messageId, consultationId) as
    | { input_json: string }
    | undefined;
  return !!m && (JSON.parse(m.input_json) as MessageInput).followUp !== undefined;
}
