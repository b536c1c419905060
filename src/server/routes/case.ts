// GET /api/consultations/{id}/case: a closed consultation as a de-identified case for
// 事例検討会 (case/deidentify.ts). A nurse who sees the consultation; 404 invisible, 403 not a
// nurse, 409 not closed yet. The trend is the client's observations the nurse may see from a
// week before the consultation to its close. Audited as `consultations.case` by app.ts.
import { Hono } from 'hono';
import { IdSchema } from '../../shared/schemas.js';
import { canSeeClient, canSeeConsultation, mayMakeCase } from '../access.js';
import { deidentifyCase } from '../case/deidentify.js';
import type { AppEnv } from '../http.js';
import { json, problem } from '../http.js';
import { getClientRow, listOrganizations } from '../store/directory.js';
import { toConsultation } from '../store/consultation-view.js';
import { getConsultationRow, toObservation, type ObservationRow } from '../store/records.js';
import { sql } from '../store/sql.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export function caseRoutes() {
  const r = new Hono<AppEnv>();

  r.get('/:id/case', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = c.req.param('id');
    const row = IdSchema.safeParse(id).success ? await getConsultationRow(db, id) : undefined;
    if (!row || !await canSeeConsultation(db, actor, row)) return problem(404, 'この相談は見つかりません。');
    if (!mayMakeCase(actor)) return problem(403, '事例として書き出せるのは看護師です。');
    if (row.status !== 'closed') return problem(409, '完了した相談だけを事例として書き出せます。');
    const consultation = await toConsultation(db, row);
    const client = await getClientRow(db, row.client_id);
    if (!client) return problem(404, 'この相談は見つかりません。');

    const from = new Date(Date.parse(row.created_at) - WEEK_MS).toISOString();
    const observations = (
      await canSeeClient(db, actor, row.client_id)
        ? await sql(db, 'SELECT * FROM observations WHERE client_id = ? AND observed_at >= ? AND observed_at <= ? ORDER BY observed_at').all(
            row.client_id,
            from,
            row.updated_at,
          )
        : await sql(
            db,
            `SELECT o.* FROM observations o JOIN consultation_observations co ON co.observation_id = o.id
             WHERE co.consultation_id = ? ORDER BY o.observed_at`,
          ).all(row.id)
    ) as ObservationRow[];

    // Anyone who could be named in the free text: every staff account of the region (a nurse
    // from another station may be mentioned too). Names the app does not know (family, doctors)
    // cannot be found: see decision 0010.
    const people = await sql(db, 'SELECT name, role FROM users').all() as { name: string; role: 'carer' | 'nurse' | 'admin' }[];
    const authors = consultation.messages.flatMap((m) => (m.authorName ? [{ name: m.authorName, role: m.role }] : []));

    return json(
      c,
      deidentifyCase({
        consultation,
        observations: observations.map(toObservation),
        client: { name: client.name, ...(client.kana ? { kana: client.kana } : {}), ...(client.birth_year ? { birthYear: client.birth_year } : {}) },
        people: [...people, ...authors],
        organizations: await listOrganizations(db),
      }),
    );
  });

  return r;
}
