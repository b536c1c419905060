// PUT/GET /api/observations/{id}: idempotent create, NEWS2 on the server, every value rule
// of PRODUCT.md "Rules the routes share" at and just past its edge, and who may see / create.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/shared/schemas.js';
import { MIGRATIONS } from '../../src/server/store/migrations.js';
import { PG_MIGRATIONS } from '../../src/server/store/migrations-postgres.js';
import { sql } from '../../src/server/store/sql.js';
import {
  HIMAWARI_CLIENTS,
  KOBAYASHI,
  YAMADA,
  expectProblem,
  makeApp,
  newId,
  observationBody,
  type ApiClient,
  type TestServer,
} from '../fixtures/server.js';

let s: TestServer;
let carer: ApiClient;
beforeAll(async () => {
  s = await makeApp();
  carer = await s.login('carer.suzuki');
});
afterAll(() => s.close());

const now = () => s.clock.now();
const putObs = (who: ApiClient, id: string, body: unknown) => who.put<Observation>(`/api/observations/${id}`, body);

describe('create', () => {
  it('answers 201 with the stored resource and a NEWS2 the server computed', async () => {
    const id = newId();
    const observedAt = new Date(now().getTime() - 10 * 60 * 1000).toISOString();
    const vitals = {
      respiratoryRate: 22, // 2
      spo2: 94, // 1 (scale 1)
      onOxygen: true, // 2
      systolic: 105, // 1
      diastolic: 70,
      pulse: 115, // 2
      consciousness: 'A', // 0
      temperature: 38.5, // 1
    };
    const r = await putObs(carer, id, {
      clientId: YAMADA,
      observedAt,
      vitals,
      softSigns: ['eating_less', 'fall'],
      note: '朝から食欲がない',
    });
    expect(r.status).toBe(201);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(r.body).toEqual({
      id,
      clientId: YAMADA,
      authorId: carer.session.user.id,
      observedAt,
      vitals,
      softSigns: ['eating_less', 'fall'],
      note: '朝から食欲がない',
      news2: {
        score: 9,
        complete: true,
        redFlag: false,
        parameters: { respiratoryRate: 2, spo2: 1, onOxygen: 2, systolic: 1, pulse: 2, consciousness: 0, temperature: 1 },
      },
      createdAt: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(r.body.createdAt))).toBe(false);
    const got = await carer.get<Observation>(`/api/observations/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(r.body);
  });

  it('allows and ignores extra fields, at the top and inside vitals', async () => {
    const id = newId();
    const r = await putObs(carer, id, {
      ...observationBody(YAMADA, now(), { vitals: { temperature: 36.9, weightKg: 48 } }),
      photo: 'data:image/png;base64,AAAA',
      authorId: 'someone-else',
    });
    expect(r.status).toBe(201);
    expect(r.body.vitals).toEqual({ temperature: 36.9 });
    expect(r.body.authorId).toBe(carer.session.user.id);
    expect(Object.keys(r.body).sort()).toEqual(
      ['authorId', 'clientId', 'createdAt', 'id', 'news2', 'note', 'observedAt', 'softSigns', 'vitals'],
    );
  });

  it('ignores a NEWS2 the client sends', async () => {
    const id = newId();
    const r = await putObs(carer, id, {
      ...observationBody(YAMADA, now(), { vitals: { consciousness: 'V', pulse: 135 } }),
      news2: { score: 0, complete: true, redFlag: false, parameters: {} },
    });
    expect(r.status).toBe(201);
    expect(r.body.news2).toEqual({ score: 6, complete: false, redFlag: true, parameters: { consciousness: 3, pulse: 3 } });
  });

  it('scores a partial set as partial: complete false, only what was measured', async () => {
    const r = await putObs(carer, newId(), observationBody(YAMADA, now(), { vitals: { temperature: 37.0 } }));
    expect(r.status).toBe(201);
    expect(r.body.news2).toEqual({ score: 0, complete: false, redFlag: false, parameters: { temperature: 0 } });
  });

  it('with no vitals at all: score 0, not complete, no parameters; note is null', async () => {
    const r = await putObs(carer, newId(), { clientId: YAMADA, observedAt: now().toISOString(), vitals: {}, softSigns: ['not_usual'] });
    expect(r.status).toBe(201);
    expect(r.body.news2).toEqual({ score: 0, complete: false, redFlag: false, parameters: {} });
    expect(r.body.note).toBeNull();
  });

  it('on SpO2 scale 2, SpO2 without onOxygen counts as not measured', async () => {
    const client = HIMAWARI_CLIENTS[1];
    const before = (await s.db.get('SELECT spo2_scale FROM clients WHERE id = ?', [client])) as { spo2_scale: number };
    (await s.db.run('UPDATE clients SET spo2_scale = 2 WHERE id = ?', [client]));
    try {
      const without = await putObs(carer, newId(), observationBody(client, now(), { vitals: { spo2: 95 } }));
      expect(without.status).toBe(201);
      expect(without.body.news2.parameters).toEqual({});
      const onO2 = await putObs(carer, newId(), observationBody(client, now(), { vitals: { spo2: 95, onOxygen: true } }));
      expect(onO2.status).toBe(201);
      expect(onO2.body.news2.parameters).toEqual({ spo2: 2, onOxygen: 2 });
      const onAir = await putObs(carer, newId(), observationBody(client, now(), { vitals: { spo2: 95, onOxygen: false } }));
      expect(onAir.body.news2.parameters).toEqual({ spo2: 0, onOxygen: 0 });
    } finally {
      (await s.db.run('UPDATE clients SET spo2_scale = ? WHERE id = ?', [before.spo2_scale, client]));
    }
  });
});

describe('idempotent PUT', () => {
  it('the same body again, keys in another order, answers 200 with the stored resource', async () => {
    const id = newId();
    const at = now().toISOString();
    const first = await putObs(carer, id, {
      clientId: YAMADA,
      observedAt: at,
      vitals: { temperature: 37.4, pulse: 88, systolic: 130, diastolic: 80 },
      softSigns: ['drowsy'],
      note: 'x',
    });
    expect(first.status).toBe(201);
    const again = await putObs(carer, id, {
      note: 'x',
      softSigns: ['drowsy'],
      vitals: { diastolic: 80, systolic: 130, pulse: 88, temperature: 37.4 },
      observedAt: at,
      clientId: YAMADA,
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it('the resource sent back as it was read (note: null, its extra fields) replays it: 200; null and absent are one body', async () => {
    const id = newId();
    const body = { clientId: YAMADA, observedAt: now().toISOString(), vitals: { pulse: 72 }, softSigns: [] };
    const first = await putObs(carer, id, body);
    expect(first.status).toBe(201);
    expect(first.body.note).toBeNull();
    const asRead = (await carer.get(`/api/observations/${id}`)).body;
    const again = await putObs(carer, id, asRead);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toEqual(first.body);
    // The other way round: created with note: null, replayed without it.
    const other = newId();
    const created = await putObs(carer, other, { ...body, note: null });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.note).toBeNull();
    expect((await putObs(carer, other, body)).status).toBe(200);
    // Another null is still a 400 naming its field.
    expectProblem(await putObs(carer, newId(), { ...body, vitals: { pulse: null } }), 400, ['vitals.pulse']);
  });

  it('a different body for an existing id answers 409 and leaves the stored one alone', async () => {
    const id = newId();
    const body = observationBody(YAMADA, now());
    const first = await putObs(carer, id, body);
    expect(first.status).toBe(201);
    expectProblem(await putObs(carer, id, { ...body, vitals: { temperature: 37.1, pulse: 80 } }), 409);
    expectProblem(await putObs(carer, id, { ...body, note: 'changed' }), 409);
    expect((await carer.get(`/api/observations/${id}`)).body).toEqual(first.body);
  });

  it('the same PUT sent five times at once: one 201, four 200, one record', async () => {
    const id = newId();
    const body = observationBody(YAMADA, now());
    const replies = await Promise.all(Array.from({ length: 5 }, () => putObs(carer, id, body)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    for (const r of replies) expect(r.body).toEqual(replies[0]?.body);
    expect(((await s.db.get('SELECT COUNT(*) AS n FROM observations WHERE id = ?', [id])) as { n: number }).n).toBe(1);
  });

  it('another user of the owner replaying the same body gets 200, not a second record', async () => {
    const id = newId();
    const body = observationBody(YAMADA, now());
    expect((await putObs(carer, id, body)).status).toBe(201);
    const other = await s.login('carer.takahashi');
    const again = await putObs(other, id, body);
    expect(again.status).toBe(200);
    expect(again.body.authorId).toBe(carer.session.user.id);
  });
});

describe('value rules: 400 naming the field, nothing stored', () => {
  // [field path, vitals or body patch] — each just past an edge of PRODUCT.md's rules.
  const invalid: [string, Record<string, unknown>][] = [
    ['vitals.temperature', { vitals: { temperature: 29.9 } }],
    ['vitals.temperature', { vitals: { temperature: 45.1 } }],
    ['vitals.temperature', { vitals: { temperature: 36.55 } }],
    ['vitals.temperature', { vitals: { temperature: '36.5' } }],
    ['vitals.systolic', { vitals: { systolic: 39 } }],
    ['vitals.systolic', { vitals: { systolic: 301 } }],
    ['vitals.systolic', { vitals: { systolic: 120.5 } }],
    ['vitals.diastolic', { vitals: { diastolic: 19 } }],
    ['vitals.diastolic', { vitals: { diastolic: 201 } }],
    ['vitals.diastolic', { vitals: { diastolic: 70.5 } }],
    ['vitals.diastolic', { vitals: { systolic: 120, diastolic: 120 } }],
    ['vitals.diastolic', { vitals: { systolic: 100, diastolic: 110 } }],
    ['vitals.pulse', { vitals: { pulse: 19 } }],
    ['vitals.pulse', { vitals: { pulse: 251 } }],
    ['vitals.pulse', { vitals: { pulse: 80.5 } }],
    ['vitals.respiratoryRate', { vitals: { respiratoryRate: 1 } }],
    ['vitals.respiratoryRate', { vitals: { respiratoryRate: 81 } }],
    ['vitals.respiratoryRate', { vitals: { respiratoryRate: 16.5 } }],
    ['vitals.spo2', { vitals: { spo2: 49 } }],
    ['vitals.spo2', { vitals: { spo2: 101 } }],
    ['vitals.spo2', { vitals: { spo2: 97.5 } }],
    ['vitals.onOxygen', { vitals: { onOxygen: 'yes' } }],
    ['vitals.onOxygen', { vitals: { onOxygen: 1 } }],
    ['vitals.consciousness', { vitals: { consciousness: 'X' } }],
    ['vitals.consciousness', { vitals: { consciousness: 'a' } }],
    ['softSigns.0', { softSigns: ['headache'] }],
    ['softSigns.1', { softSigns: ['fall', 'Fall'] }],
    ['softSigns', { softSigns: 'fall' }],
    ['observedAt', { observedAt: 'yesterday' }],
    ['observedAt', { observedAt: undefined }],
    ['vitals', { vitals: undefined }],
    ['clientId', { clientId: undefined }],
  ];

  it.each(invalid)('%s: %j', async (path, patch) => {
    const id = newId();
    const body = observationBody(YAMADA, now(), { vitals: {} });
    const r = await putObs(carer, id, { ...body, ...patch });
    expectProblem(r, 400, [path]);
    expectProblem(await carer.get(`/api/observations/${id}`), 404);
  });

  it('observedAt more than 5 minutes in the future', async () => {
    const id = newId();
    const at = new Date(now().getTime() + 5 * 60 * 1000 + 5000);
    expectProblem(await putObs(carer, id, observationBody(YAMADA, at)), 400, ['observedAt']);
    expectProblem(await carer.get(`/api/observations/${id}`), 404);
  });

  it('names every bad field at once', async () => {
    const r = await putObs(carer, newId(), observationBody(YAMADA, now(), { vitals: { temperature: 50, pulse: 10 } }));
    expectProblem(r, 400, ['vitals.temperature', 'vitals.pulse']);
  });
});

describe('value rules: the edges themselves are accepted', () => {
  const valid: Record<string, unknown>[] = [
    { temperature: 30.0 },
    { temperature: 45.0 },
    { temperature: 36.5 },
    { temperature: 37 },
    { systolic: 40 },
    { systolic: 300 },
    { diastolic: 20 },
    { diastolic: 200 },
    { systolic: 121, diastolic: 120 },
    { systolic: 300, diastolic: 200 },
    { pulse: 20 },
    { pulse: 250 },
    { respiratoryRate: 2 },
    { respiratoryRate: 80 },
    { spo2: 50 },
    { spo2: 100 },
    { onOxygen: true },
    { onOxygen: false },
    { consciousness: 'A' },
    { consciousness: 'C' },
    { consciousness: 'V' },
    { consciousness: 'P' },
    { consciousness: 'U' },
  ];

  it.each(valid)('vitals %j', async (vitals) => {
    const id = newId();
    const r = await putObs(carer, id, observationBody(YAMADA, now(), { vitals }));
    expect(r.status).toBe(201);
    expect(r.body.vitals).toEqual(vitals);
  });

  it('every soft sign code of PRODUCT.md', async () => {
    const all = [
      'not_usual', 'eating_less', 'drinking_less', 'urine_change', 'bowel_change', 'sleep_change', 'drowsy',
      'confused', 'restless', 'less_talk', 'mobility_worse', 'fall', 'pain', 'breathing', 'cough', 'skin',
      'colour', 'swelling', 'vomiting', 'family_concern',
    ];
    const r = await putObs(carer, newId(), observationBody(YAMADA, now(), { softSigns: all }));
    expect(r.status).toBe(201);
    expect(r.body.softSigns).toEqual(all);
  });

  it('observedAt up to 5 minutes in the future, and with a +09:00 offset', async () => {
    const soon = new Date(now().getTime() + 5 * 60 * 1000 - 1000);
    expect((await putObs(carer, newId(), observationBody(YAMADA, soon))).status).toBe(201);
    const id = newId();
    const body = { ...observationBody(YAMADA, now()), observedAt: '2025-04-01T09:30:00+09:00' };
    const jst = await putObs(carer, id, body);
    expect(jst.status).toBe(201);
    // Answered as the client wrote it, on creation, on reading and on a replay.
    expect(jst.body.observedAt).toBe('2025-04-01T09:30:00+09:00');
    expect((await carer.get<Observation>(`/api/observations/${id}`)).body.observedAt).toBe('2025-04-01T09:30:00+09:00');
    const again = await putObs(carer, id, body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(jst.body);
  });

  it('observations are ordered by the instant, whatever offset each was written with', async () => {
    // 09:30+09:00 is 00:30Z: before 01:00Z, though later as text.
    const early = newId();
    const late = newId();
    expect((await putObs(carer, late, { ...observationBody(YAMADA, now()), observedAt: '2025-04-02T01:00:00Z' })).status).toBe(201);
    expect((await putObs(carer, early, { ...observationBody(YAMADA, now()), observedAt: '2025-04-02T09:30:00+09:00' })).status).toBe(201);
    const ordered = (await sql(s.db, 'SELECT id FROM observations WHERE id IN (?, ?) ORDER BY observed_at').all(early, late)) as { id: string }[];
    expect(ordered.map((r) => r.id)).toEqual([early, late]);
  });

  it('rows written before SQLite migration 14 / PostgreSQL 5 are rewritten by it: the instant in UTC, observedAt still answered as sent', async () => {
    const migration = (s.db.engine === 'postgres' ? PG_MIGRATIONS : MIGRATIONS).find((m) => m.includes('observed_at_sent')) ?? '';
    const update = migration.slice(migration.indexOf('UPDATE'));
    // Sent with an offset, in UTC without milliseconds, and as the server writes it.
    const sent = ['2025-04-03T09:30:00+09:00', '2025-04-03T01:00:00Z', '2025-04-03T00:45:00.250Z'];
    const ids = sent.map(() => newId());
    for (const [k, observedAt] of sent.entries()) {
      expect((await putObs(carer, ids[k] ?? '', { ...observationBody(YAMADA, now()), observedAt })).status).toBe(201);
      // As the row was stored before: observed_at as sent, nothing beside it.
      await sql(s.db, 'UPDATE observations SET observed_at = ?, observed_at_sent = NULL WHERE id = ?').run(observedAt, ids[k]);
    }
    await sql(s.db, update).run();
    const rows = await sql(s.db, 'SELECT id, observed_at, observed_at_sent FROM observations WHERE id IN (?, ?, ?) ORDER BY observed_at').all(...ids);
    expect(rows).toEqual([
      { id: ids[0], observed_at: '2025-04-03T00:30:00.000Z', observed_at_sent: sent[0] },
      { id: ids[2], observed_at: sent[2], observed_at_sent: null },
      { id: ids[1], observed_at: '2025-04-03T01:00:00.000Z', observed_at_sent: sent[1] },
    ]);
    for (const [k, id] of ids.entries()) expect((await carer.get<Observation>(`/api/observations/${id}`)).body.observedAt).toBe(sent[k]);
  });
});

describe('ids and access', () => {
  it('a bad id answers 400 naming id', async () => {
    expectProblem(await putObs(carer, 'not-a-uuid', observationBody(YAMADA, now())), 400, ['id']);
  });

  it('GET of an unknown or malformed id answers 404', async () => {
    expectProblem(await carer.get(`/api/observations/${newId()}`), 404);
    expectProblem(await carer.get('/api/observations/not-a-uuid'), 404);
  });

  it('a client the caller cannot see answers 404, and nothing is stored', async () => {
    const ito = await s.login('carer.ito');
    const id = newId();
    expectProblem(await putObs(ito, id, observationBody(YAMADA, now())), 404);
    expectProblem(await carer.get(`/api/observations/${id}`), 404);
  });

  it('an unknown client answers 404', async () => {
    expectProblem(await putObs(carer, newId(), observationBody(newId(), now())), 404);
  });

  it('visible but forbidden: the admin of the serving station answers 403, nothing stored', async () => {
    const admin = await s.login('admin.sakura');
    const id = newId();
    expectProblem(await putObs(admin, id, observationBody(YAMADA, now())), 403);
    expectProblem(await carer.get(`/api/observations/${id}`), 404);
  });

  it('403 comes before 400: a forbidden caller with an invalid body answers 403', async () => {
    const admin = await s.login('admin.sakura');
    expectProblem(await putObs(admin, newId(), observationBody(YAMADA, now(), { vitals: { pulse: 999 } })), 403);
  });

  it('404 comes before 400: an invisible client with an invalid body answers 404', async () => {
    const ito = await s.login('carer.ito');
    expectProblem(await putObs(ito, newId(), observationBody(YAMADA, now(), { vitals: { pulse: 999 } })), 404);
  });

  it('a nurse of the serving station may create (201) and the owner sees it', async () => {
    const nurse = await s.login('nurse.sato');
    const id = newId();
    const r = await putObs(nurse, id, observationBody(YAMADA, now(), { vitals: { spo2: 97 } }));
    expect(r.status).toBe(201);
    expect(r.body.authorId).toBe(nurse.session.user.id);
    expect((await carer.get(`/api/observations/${id}`)).status).toBe(200);
  });

  it('the admin of the owner may create (201)', async () => {
    const admin = await s.login('admin.himawari');
    expect((await putObs(admin, newId(), observationBody(YAMADA, now()))).status).toBe(201);
  });

  it('a nurse of a station that does not serve the client answers 404', async () => {
    const tanaka = await s.login('nurse.tanaka');
    expectProblem(await putObs(tanaka, newId(), observationBody(YAMADA, now())), 404);
  });

  it('carer.ito: a himawari client answers 404, and an existing himawari observation id answers 404 to GET and PUT', async () => {
    const ito = await s.login('carer.ito');
    const id = newId();
    const body = observationBody(YAMADA, now());
    expect((await putObs(carer, id, body)).status).toBe(201);
    expectProblem(await putObs(ito, newId(), body), 404);
    expectProblem(await ito.get(`/api/observations/${id}`), 404);
    // A PUT to an id that exists but is invisible is 404, whatever client the body names.
    expectProblem(await putObs(ito, id, body), 404);
    expectProblem(await putObs(ito, id, observationBody(KOBAYASHI, now())), 404);
    expect((await carer.get(`/api/observations/${id}`)).body).toMatchObject({ clientId: YAMADA });
  });

  it('carer.ito may record about its own client', async () => {
    const ito = await s.login('carer.ito');
    expect((await putObs(ito, newId(), observationBody(KOBAYASHI, now()))).status).toBe(201);
  });
});
