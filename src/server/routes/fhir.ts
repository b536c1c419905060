// GET /api/clients/{id}/fhir[?since=instant]: the client's record as a FHIR R4 collection
// Bundle (application/fhir+json) for a station's electronic record. Only what the caller sees
// (access.ts): the owner and serving stations get the whole record; a station that was only
// consulted gets the client's name and the consultations sent to it with the observations they
// cite; anyone else 404. Nurses and admins only (a carer sees the client: 403). The audit
// middleware of app.ts logs every call as `clients.fhir`.
import { Hono } from 'hono';
import * as z from 'zod/mini';
import type { Consultation } from '../../shared/schemas.js';
import { mayExportRecords, relationToClient, wasConsultedAbout } from '../access.js';
import { clientBundle, type ExportConsultation, type ExportObservation } from '../fhir/bundle.js';
import type { AppEnv } from '../http.js';
import { problem } from '../http.js';
import { getClientRow, listOrganizations } from '../store/directory.js';
import type { Db } from '../store/db.js';
import { toConsultations } from '../store/consultation-view.js';
import { toObservation, type ConsultationRow, type ObservationRow } from '../store/records.js';
import { sql } from '../store/sql.js';

const NOT_FOUND = 'この利用者は見つかりません。';
const SinceSchema = z.iso.datetime({ offset: true });

export function fhirRoutes() {
  const r = new Hono<AppEnv>();

  r.get('/:id/fhir', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = c.req.param('id');
    const client = await getClientRow(db, id);
    const relation = client ? await relationToClient(db, actor, id) : 'none';
    const consultedOnly = relation === 'none';
    // A station that was only consulted sees those consultations; nobody else sees anything.
    if (!client || (consultedOnly && !await wasConsultedAbout(db, actor, id))) return problem(404, NOT_FOUND);
    // Consulted only: the station's nurse (wasConsultedAbout asks for one) exports what she was asked about.
    if (!consultedOnly && !mayExportRecords(actor, relation)) {
      // A carer sees the records but may not export them; a serving station's admin sees none.
      return problem(403, actor.role === 'carer'
        ? 'FHIR で書き出せるのは看護師と管理者です。'
        : 'この利用者の記録を書き出せるのは、担当ステーションの看護師と、利用者を登録した事業所の管理者です。');
    }
    const consultations = await consultationRowsFor(db, id, consultedOnly ? actor.orgId : null);

    const sinceParam = c.req.query('since');
    if (sinceParam !== undefined && !SinceSchema.safeParse(sinceParam).success) {
      return problem(400, 'since は日時（ISO 8601、タイムゾーン付き）で指定してください。', [{ path: 'since', message: '日時ではありません' }]);
    }
    const since = sinceParam === undefined ? null : new Date(sinceParam).toISOString();

    const shownConsultations = consultations.filter((k) => since === null || k.updated_at >= since);
    const observations = consultedOnly
      ? await citedObservationRows(db, id, actor.orgId, since)
      : (await sql(
          db,
          `SELECT o.*, u.name AS author_name FROM observations o JOIN users u ON u.id = o.author_id
           WHERE o.client_id = @client AND (CAST(@since AS TEXT) IS NULL OR o.created_at >= @since) ORDER BY o.observed_at, o.id`,
        ).all({ client: id, since }) as (ObservationRow & { author_name: string })[]);

    const bundle = clientBundle({
      client: {
        id: client.id,
        name: client.name,
        ...(consultedOnly
          ? {}
          : { ...(client.kana ? { kana: client.kana } : {}), ...(client.birth_year ? { birthYear: client.birth_year } : {}), ownerOrgId: client.owner_org_id }),
      },
      spo2Scale: client.spo2_scale,
      observations: observations.map((o): ExportObservation => ({ ...toObservation(o), authorName: o.author_name })),
      consultations: withAuthors(await toConsultations(db, shownConsultations), shownConsultations),
      organizations: new Map((await listOrganizations(db)).map((o) => [o.id, o.name])),
      now: c.get('now')().toISOString(),
    });
    return new Response(JSON.stringify(bundle), {
      headers: {
        'content-type': 'application/fhir+json; charset=utf-8',
        'cache-control': 'no-store',
        'content-disposition': `attachment; filename="kizuki-${client.id}.fhir.json"`,
      },
    });
  });

  return r;
}

type ConsultationWithAuthor = ConsultationRow & { author_name: string | null };

/**
 * The consultations with their authors' names in the same statement (ADR 0023): the export's
 * statements do not grow with the record, as a page of the changes feed's do not (ADR 0021).
 */
async function consultationRowsFor(db: Db, clientId: string, onlyToOrg: string | null): Promise<ConsultationWithAuthor[]> {
  return await sql(
    db,
    `SELECT k.*, u.name AS author_name FROM consultations k LEFT JOIN users u ON u.id = k.author_id
     WHERE k.client_id = @client AND (CAST(@org AS TEXT) IS NULL OR k.to_org_id = @org) ORDER BY k.created_at, k.id`,
  ).all({ client: clientId, org: onlyToOrg }) as ConsultationWithAuthor[];
}

async function citedObservationRows(db: Db, clientId: string, orgId: string, since: string | null) {
  return await sql(
    db,
    `SELECT DISTINCT o.*, u.name AS author_name FROM observations o JOIN users u ON u.id = o.author_id
     JOIN consultation_observations co ON co.observation_id = o.id JOIN consultations k ON k.id = co.consultation_id
     WHERE o.client_id = @client AND k.to_org_id = @org AND (CAST(@since AS TEXT) IS NULL OR o.created_at >= @since)
     ORDER BY o.observed_at, o.id`,
  ).all({ client: clientId, org: orgId, since }) as (ObservationRow & { author_name: string })[];
}

function withAuthors(consultations: Consultation[], rows: readonly ConsultationWithAuthor[]): ExportConsultation[] {
  const names = new Map(rows.map((r) => [r.id, r.author_name]));
  return consultations.map((k) => {
    const name = names.get(k.id);
    return { ...k, ...(name != null ? { authorName: name } : {}) };
  });
}
