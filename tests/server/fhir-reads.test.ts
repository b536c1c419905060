// GET /api/clients/{id}/fhir reads its consultations' authors with the consultations (ADR 0023):
// the export's statements do not grow with the record, and the export is exactly what it was
// when each author's name was read on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consultation } from '../../src/shared/schemas.js';
import { clientBundle, type ExportConsultation, type ExportObservation } from '../../src/server/fhir/bundle.js';
import type { Bundle } from '../../src/server/fhir/types.js';
import { toConsultations } from '../../src/server/store/consultation-view.js';
import type { Db } from '../../src/server/store/db.js';
import { getClientRow, listOrganizations } from '../../src/server/store/directory.js';
import { toObservation, type ConsultationRow, type ObservationRow } from '../../src/server/store/records.js';
import { sql } from '../../src/server/store/sql.js';
import { counting } from '../fixtures/counting-db.js';
import { YAMADA, consultationBody, makeApp, newId, type ApiClient, type TestServer } from '../fixtures/server.js';

/**
 * The export of a client the caller serves, built as the route built it before ADR 0023: the
 * same rows and builders, each consultation's author then read with a statement of its own.
 */
async function oneAuthorAtATime(db: Db, clientId: string, now: string): Promise<Bundle> {
  const client = await getClientRow(db, clientId);
  if (!client) throw new Error('no such client');
  const rows = await sql(db, 'SELECT * FROM consultations WHERE client_id = ? ORDER BY created_at, id').all(clientId) as ConsultationRow[];
  const observations = await sql(
    db,
    'SELECT o.*, u.name AS author_name FROM observations o JOIN users u ON u.id = o.author_id WHERE o.client_id = ? ORDER BY o.observed_at, o.id',
  ).all(clientId) as (ObservationRow & { author_name: string })[];
  const consultations: ExportConsultation[] = [];
  for (const k of await toConsultations(db, rows)) {
    const author = await sql(db, 'SELECT name FROM users WHERE id = ?').get(k.authorId) as { name: string } | undefined;
    consultations.push({ ...k, ...(author ? { authorName: author.name } : {}) });
  }
  return clientBundle({
    client: {
      id: client.id,
      name: client.name,
      ...(client.kana ? { kana: client.kana } : {}),
      ...(client.birth_year ? { birthYear: client.birth_year } : {}),
      ownerOrgId: client.owner_org_id,
    },
    spo2Scale: client.spo2_scale,
    observations: observations.map((o): ExportObservation => ({ ...toObservation(o), authorName: o.author_name })),
    consultations,
    organizations: new Map((await listOrganizations(db)).map((o) => [o.id, o.name])),
    now,
  });
}

describe('the FHIR export reads its consultations\' authors at once', () => {
  let s: TestServer;
  let count: ReturnType<typeof counting>;
  let nurse: ApiClient;
  let carers: ApiClient[];
  beforeAll(async () => {
    s = await makeApp((db) => {
      count = counting(db);
      return { db: count.db };
    });
    nurse = await s.login('nurse.sato');
    // Three authors of himawari, so that the authors are not all one name read once.
    carers = [await s.login('carer.suzuki'), await s.login('carer.takahashi'), await s.login('admin.himawari')];
  });
  afterAll(() => s.close());

  const consult = async (who: ApiClient) => {
    const r = await who.put<Consultation>(`/api/consultations/${newId()}`, consultationBody(YAMADA, 'sakura'));
    expect(r.status).toBe(201);
  };

  /** The export, and how many statements it read (the session's, the export's; not the audit's writes). */
  const exported = async () => {
    count.statements.length = 0;
    const r = await nurse.get<Bundle>(`/api/clients/${YAMADA}/fhir`);
    expect(r.status).toBe(200);
    return { bundle: r.body, reads: count.statements.filter((t) => /^\s*SELECT/i.test(t)).length };
  };

  it('six more consultations by three authors cost no more statements, and the export is what it was', async () => {
    await consult(carers[0] as ApiClient);
    const before = await exported();
    for (let i = 0; i < 6; i++) await consult(carers[i % 3] as ApiClient);
    const after = await exported();
    const tasks = (b: Bundle) => b.entry.filter((e) => e.resource.resourceType === 'Task').length;
    expect(tasks(after.bundle)).toBe(tasks(before.bundle) + 6);
    expect(after.reads).toBe(before.reads);
    // Byte for byte (key order included) the export the per-author reads made.
    const reference = await oneAuthorAtATime(s.db, YAMADA, after.bundle.timestamp ?? '');
    expect(JSON.stringify(after.bundle)).toBe(JSON.stringify(reference));
    const names = new Set(after.bundle.entry.flatMap((e) => (e.resource.resourceType === 'Task' ? [e.resource.requester?.display] : [])));
    expect(names).toEqual(new Set(['鈴木 ヘルパー', '高橋 ヘルパー', 'ひまわり 管理者']));
  });
});
