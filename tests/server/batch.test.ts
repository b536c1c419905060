// POST /api/batch: up to 100 PUT/GET requests, run in order, each with exactly the meaning it
// has alone (same session, same checks, same status codes).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Consultation, Observation } from '../../src/shared/schemas.js';
import { createAuditLog } from '../../src/server/audit.js';
import { createWriter } from '../../src/server/store/writer.js';
import type { SqliteDb } from '../../src/server/store/db.js';
import { testEngine } from '../fixtures/test-db.js';
import {
  KOBAYASHI,
  YAMADA,
  consultationBody,
  expectProblem,
  makeApp,
  newId,
  observationBody,
  type ApiClient,
  type ProblemBody,
  type TestServer,
} from '../fixtures/server.js';

let s: TestServer;
let carer: ApiClient;
beforeAll(async () => {
  s = await makeApp();
  carer = await s.login('carer.suzuki');
});
afterAll(() => s.close());

interface BatchAnswer {
  responses: { id: string; status: number; body: unknown }[];
}
type Sub = { id: string; method: string; url: string; body?: unknown };
const batch = (who: ApiClient, requests: Sub[]) => who.post<BatchAnswer>('/api/batch', { requests });
const now = () => s.clock.now();

describe('POST /api/batch', () => {
  it('runs the requests in order and answers {responses:[{id, status, body}]}', async () => {
    const oid = newId();
    const kid = newId();
    const obs = observationBody(YAMADA, now(), { vitals: { consciousness: 'P' } });
    const r = await batch(carer, [
      { id: 'a', method: 'PUT', url: `/api/observations/${oid}`, body: obs },
      { id: 'b', method: 'GET', url: `/api/observations/${oid}` },
      { id: 'c', method: 'PUT', url: `/api/consultations/${kid}`, body: consultationBody(YAMADA, 'sakura', { observationIds: [oid] }) },
      { id: 'd', method: 'PUT', url: `/api/consultations/${kid}/messages/${newId()}`, body: { kind: 'message', body: '追記' } },
      { id: 'e', method: 'GET', url: `/api/consultations/${kid}` },
    ]);
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(r.body.responses.map((x) => [x.id, x.status])).toEqual([
      ['a', 201],
      ['b', 200],
      ['c', 201],
      ['d', 201],
      ['e', 200],
    ]);
    const [a, b, c, , e] = r.body.responses;
    expect((a?.body as Observation).news2.redFlag).toBe(true);
    expect(b?.body).toEqual(a?.body);
    expect((c?.body as Consultation).suggestedUrgency).toBe('immediate');
    expect((e?.body as Consultation).messages.map((m) => m.body)).toEqual(['追記']);
    // And the writes are really stored.
    expect((await carer.get(`/api/observations/${oid}`)).body).toEqual(a?.body);
  });

  it('a PUT replayed inside a batch answers 200 with the stored resource; a different body 409', async () => {
    const id = newId();
    const body = observationBody(YAMADA, now());
    const alone = await carer.put<Observation>(`/api/observations/${id}`, body);
    expect(alone.status).toBe(201);
    const r = await batch(carer, [
      { id: '1', method: 'PUT', url: `/api/observations/${id}`, body },
      { id: '2', method: 'PUT', url: `/api/observations/${id}`, body: { ...body, note: '別' } },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.responses[0]).toEqual({ id: '1', status: 200, body: alone.body });
    expect(r.body.responses[1]?.status).toBe(409);
    expect((r.body.responses[1]?.body as ProblemBody).status).toBe(409);
  });

  it('the same PUT twice in one batch answers 201 then 200', async () => {
    const id = newId();
    const body = observationBody(YAMADA, now());
    const r = await batch(carer, [
      { id: 'x', method: 'PUT', url: `/api/observations/${id}`, body },
      { id: 'y', method: 'PUT', url: `/api/observations/${id}`, body },
    ]);
    expect(r.body.responses.map((x) => x.status)).toEqual([201, 200]);
    expect(r.body.responses[1]?.body).toEqual(r.body.responses[0]?.body);
  });

  it('a 400 entry in the middle does not stop the rest', async () => {
    const ids = [newId(), newId(), newId()];
    const r = await batch(carer, [
      { id: '1', method: 'PUT', url: `/api/observations/${ids[0]}`, body: observationBody(YAMADA, now()) },
      { id: '2', method: 'PUT', url: `/api/observations/${ids[1]}`, body: observationBody(YAMADA, now(), { vitals: { temperature: 46 } }) },
      { id: '3', method: 'PUT', url: `/api/observations/${ids[2]}`, body: observationBody(YAMADA, now()) },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.responses.map((x) => [x.id, x.status])).toEqual([
      ['1', 201],
      ['2', 400],
      ['3', 201],
    ]);
    const problem = r.body.responses[1]?.body as ProblemBody;
    expect(problem).toMatchObject({ type: expect.any(String), title: expect.any(String), status: 400, detail: expect.any(String) });
    expect(problem.errors?.map((e) => e.path)).toContain('vitals.temperature');
    expect((await carer.get(`/api/observations/${ids[2]}`)).status).toBe(200);
    expectProblem(await carer.get(`/api/observations/${ids[1]}`), 404);
  });

  it('a NUL character in one entry\'s body is a 400 for that entry alone; the batch and the rest go on', async () => {
    const ids = [newId(), newId()];
    const r = await batch(carer, [
      { id: '1', method: 'PUT', url: `/api/observations/${ids[0]}`, body: { ...observationBody(YAMADA, now()), note: 'a\u0000b' } },
      { id: '2', method: 'PUT', url: `/api/observations/${ids[1]}`, body: observationBody(YAMADA, now()) },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.responses.map((x) => [x.id, x.status])).toEqual([
      ['1', 400],
      ['2', 201],
    ]);
    expectProblem(await carer.get(`/api/observations/${ids[0]}`), 404);
  });

  it('404 and 403 mean inside a batch what they mean alone', async () => {
    const admin = await s.login('admin.sakura');
    const ito = await s.login('carer.ito');
    const body = observationBody(YAMADA, now());
    const forbidden = await batch(admin, [{ id: 'f', method: 'PUT', url: `/api/observations/${newId()}`, body }]);
    expect(forbidden.body.responses[0]?.status).toBe(403);
    const invisible = await batch(ito, [
      { id: 'i', method: 'PUT', url: `/api/observations/${newId()}`, body },
      { id: 'g', method: 'GET', url: '/api/clients' },
    ]);
    expect(invisible.body.responses.map((x) => x.status)).toEqual([404, 200]);
    expect((invisible.body.responses[1]?.body as { id: string }[]).map((c) => c.id)).not.toContain(YAMADA);
  });

  it('GET /api/changes works inside a batch', async () => {
    const r = await batch(carer, [{ id: 'c', method: 'GET', url: '/api/changes?limit=2' }]);
    expect(r.body.responses[0]?.status).toBe(200);
    expect(r.body.responses[0]?.body).toMatchObject({ changes: expect.any(Array), cursor: expect.any(String), more: true });
  });

  it('100 requests are accepted', async () => {
    const requests = Array.from({ length: 100 }, (_, i) => ({ id: String(i), method: 'GET', url: '/api/organizations' }));
    const r = await batch(carer, requests);
    expect(r.status).toBe(200);
    expect(r.body.responses).toHaveLength(100);
    expect(r.body.responses.every((x) => x.status === 200)).toBe(true);
  });

  it('more than 100 requests answer 400 and run none', async () => {
    const ids = Array.from({ length: 101 }, () => newId());
    const requests = ids.map((id, i) => ({
      id: String(i),
      method: 'PUT',
      url: `/api/observations/${id}`,
      body: observationBody(YAMADA, now()),
    }));
    expectProblem(await batch(carer, requests), 400, ['requests']);
    expectProblem(await carer.get(`/api/observations/${ids[0]}`), 404);
  });

  it('a method other than PUT or GET, or a URL outside /api, answers 400', async () => {
    expectProblem(await batch(carer, [{ id: '1', method: 'DELETE', url: '/api/session' }]), 400, ['requests.0.method']);
    expectProblem(await batch(carer, [{ id: '1', method: 'GET', url: '/index.html' }]), 400, ['requests.0.url']);
    expectProblem(await carer.post('/api/batch', { requests: [] }), 400, ['requests']);
    expectProblem(await carer.post('/api/batch', {}), 400, ['requests']);
  });

  it('an entry answers what it answers alone, its body parsed once with the batch', async () => {
    const invalid = observationBody(YAMADA, now(), { vitals: { temperature: 46 } });
    const alone = await carer.put(`/api/observations/${newId()}`, invalid);
    expectProblem(alone, 400, ['vitals.temperature']);
    const id = newId();
    const r = await batch(carer, [
      { id: 'invalid', method: 'PUT', url: `/api/observations/${id}`, body: invalid },
      { id: 'ok', method: 'PUT', url: `/api/observations/${id}`, body: observationBody(YAMADA, now(), { note: '一度だけ' }) },
      { id: 'nested', method: 'PUT', url: `/api/observations/${newId()}`, body: { ...observationBody(YAMADA, now()), note: { a: [1, { b: null }] } } },
    ]);
    expect(r.body.responses.map((x) => x.status)).toEqual([400, 201, 400]);
    expect(r.body.responses[0]?.body).toEqual(alone.body);
    expect(r.body.responses[1]?.body).toEqual((await carer.get(`/api/observations/${id}`)).body);
    // A NUL character in an entry's body: a 400 for that entry, as alone (the batch answers 200).
    const nul = await batch(carer, [{ id: 'nul', method: 'PUT', url: `/api/observations/${newId()}`, body: observationBody(YAMADA, now(), { note: 'a\u0000b' }) }]);
    expect(nul.status).toBe(200);
    expect(nul.body.responses[0]).toMatchObject({ id: 'nul', status: 400, body: { errors: [{ path: '(body)' }] } });
  });

  it('a batch cannot reach the session or another batch', async () => {
    const r = await batch(carer, [
      { id: 's', method: 'GET', url: '/api/session' },
      { id: 'b', method: 'PUT', url: '/api/batch', body: { requests: [] } },
      { id: 'o', method: 'GET', url: '/api/organizations' },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.responses.map((x) => x.status)).toEqual([400, 400, 200]);
  });

  it('a batch cannot hold the live stream (an answer that never ends would hold the batch forever)', async () => {
    const r = await batch(carer, [
      { id: 'e', method: 'GET', url: '/api/events' },
      { id: 'q', method: 'GET', url: '/api/events?after=1' },
      { id: 'o', method: 'GET', url: '/api/organizations' },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.responses.map((x) => x.status)).toEqual([400, 400, 200]);
  });

  it('a URL spelled with percent escapes is judged as the route it reaches: no session, batch or live stream', async () => {
    // The router decodes %73 → s, %62 → b, %65 → e: the live stream would hold the batch (and a
    // subscription) forever, and the session's routes are not a batch's.
    const r = await batch(carer, [
      { id: 's', method: 'GET', url: '/api/%73ession' },
      { id: 'p', method: 'PUT', url: '/api/%73ession/password', body: { currentPassword: 'x', newPassword: 'y'.repeat(12) } },
      { id: 'b', method: 'PUT', url: '/api/%62atch', body: { requests: [] } },
      { id: 'e', method: 'GET', url: '/api/%65vents' },
      { id: 'o', method: 'GET', url: '/api/organization%73' },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.responses.map((x) => x.status)).toEqual([400, 400, 400, 400, 200]);
  }, 10_000);

  it('a batch naming another account (Kizuki-Account) answers 409 and runs no entry; its own account, or none, runs', async () => {
    const me = (await carer.get<{ user: { id: string } }>('/api/session')).body.user.id;
    const them = (await (await s.login('carer.takahashi')).get<{ user: { id: string } }>('/api/session')).body.user.id;
    const oid = newId();
    const requests = [{ id: 'a', method: 'PUT', url: `/api/observations/${oid}`, body: observationBody(YAMADA, now()) }];
    const refused = await carer.post<ProblemBody>('/api/batch', { requests }, { 'kizuki-account': them });
    expectProblem(refused, 409);
    expect((await carer.get(`/api/observations/${oid}`)).status).toBe(404);
    const mine = await carer.post<BatchAnswer>('/api/batch', { requests }, { 'kizuki-account': me });
    expect(mine.body.responses.map((x) => x.status)).toEqual([201]);
    const unnamed = await batch(carer, requests);
    expect(unnamed.body.responses.map((x) => x.status)).toEqual([200]);
  });
});

// The outbox flushes through /api/batch: its writes share one group commit (routes/batch.ts),
// yet every entry answers what it answers alone, and nothing is acknowledged before the commit.
// SQLite's group writer and its file (PostgreSQL commits each write on its own: ADR 0012).
describe.runIf(testEngine() === 'sqlite')('POST /api/batch: one group commit', () => {
  let g: TestServer;
  let carer: ApiClient;
  /** The op count of each committed group, in order. */
  let commits: number[];
  /** Set by a test: the next runAll of the app's writer fails as SQLITE_FULL would. */
  let failNextGroup = false;
  /** Set by a test: in the next runAll, the op at this index throws after its writes. */
  let failOpAt: number | undefined;
  /** A second connection to the file: it sees only what is committed. */
  let other: Database.Database;
  beforeAll(async () => {
    g = await makeApp((db) => {
      const writer = createWriter(db, { onCommit: (n) => commits.push(n) });
      return {
        // The audit entries commit through a writer of their own here, so that `commits` counts only the routes' writes.
        audit: createAuditLog(db, createWriter(db)),
        writer: {
          ...writer,
          runAll: (ops) => {
            const k = failOpAt;
            failOpAt = undefined;
            if (k !== undefined) {
              return writer.runAll(
                ops.map((op, i) =>
                  i === k
                    ? async () => {
                        await op();
                        throw new Error('this entry failed after its writes');
                      }
                    : op,
                ),
              );
            }
            if (!failNextGroup) return writer.runAll(ops);
            failNextGroup = false;
            // SQLite rolls the whole transaction back (what SQLITE_FULL or an I/O error does).
            return writer.runAll([...ops, () => (db as SqliteDb).raw.exec('ROLLBACK') as never]);
          },
        },
      };
    });
    carer = await g.login('carer.suzuki');
    other = new Database(join(g.dir, 'kizuki.sqlite'), { readonly: true });
  });
  afterAll(() => {
    other.close();
    g.close();
  });
  beforeEach(() => {
    commits = [];
  });
  const onDisk = (table: string, id: string) => other.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
  /** The statuses the audit log holds (committed) for an entity. */
  const audited = (id: string) =>
    (other.prepare('SELECT status FROM audit_log WHERE entity_id = ? ORDER BY id').all(id) as { status: number }[]).map((r) => r.status);
  const at = () => new Date(g.clock.now().getTime() - 60_000);

  it('50 queued observations: one commit holds all 50, each row on disk when the answer arrives', async () => {
    const ids = Array.from({ length: 50 }, () => newId());
    const r = await batch(
      carer,
      ids.map((id, i) => ({ id: String(i), method: 'PUT', url: `/api/observations/${id}`, body: observationBody(YAMADA, at(), { note: `#${i}` }) })),
    );
    expect(r.status).toBe(200);
    expect(r.body.responses.map((x) => x.status)).toEqual(Array(50).fill(201));
    for (const id of ids) expect(onDisk('observations', id), `${id} committed when the batch answers`).toBe(true);
    expect(commits).toEqual([50]);
  });

  it('inside one commit each entry keeps its meaning alone: order, 201/200/409, 404, 403, 400', async () => {
    const k = newId();
    const obs = newId();
    const msg = newId();
    const body = consultationBody(YAMADA, 'sakura', { observationIds: [obs] });
    const r = await batch(carer, [
      { id: 'obs', method: 'PUT', url: `/api/observations/${obs}`, body: observationBody(YAMADA, at(), { vitals: { consciousness: 'P' } }) },
      // Cites the observation of the entry before it: seen, though not committed yet.
      { id: 'k', method: 'PUT', url: `/api/consultations/${k}`, body },
      { id: 'msg', method: 'PUT', url: `/api/consultations/${k}/messages/${msg}`, body: { kind: 'message', body: '追記' } },
      { id: 'k-again', method: 'PUT', url: `/api/consultations/${k}`, body },
      { id: 'k-other', method: 'PUT', url: `/api/consultations/${k}`, body: { ...body, urgency: 'fyi' } },
      { id: 'msg-other', method: 'PUT', url: `/api/consultations/${k}/messages/${msg}`, body: { kind: 'message', body: '別' } },
      { id: 'invisible', method: 'PUT', url: `/api/observations/${newId()}`, body: observationBody(KOBAYASHI, at()) },
      { id: 'ack', method: 'PUT', url: `/api/consultations/${k}/messages/${newId()}`, body: { kind: 'acknowledge' } },
      { id: 'invalid', method: 'PUT', url: `/api/observations/${newId()}`, body: observationBody(YAMADA, at(), { vitals: { temperature: 46 } }) },
      { id: 'bad-url', method: 'PUT', url: '/api/session', body: {} },
      { id: 'missing', method: 'PUT', url: `/api/consultations/${newId()}/messages/${newId()}`, body: { kind: 'message', body: 'x' } },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.responses.map((x) => [x.id, x.status])).toEqual([
      ['obs', 201],
      ['k', 201],
      ['msg', 201],
      ['k-again', 200],
      ['k-other', 409],
      ['msg-other', 409],
      ['invisible', 404],
      ['ack', 403],
      ['invalid', 400],
      ['bad-url', 400],
      ['missing', 404],
    ]);
    const [o, created, messaged, again] = r.body.responses;
    expect((created?.body as Consultation).suggestedUrgency).toBe('immediate');
    expect((created?.body as Consultation).observationIds).toEqual([(o?.body as Observation).id]);
    expect((messaged?.body as Consultation).messages.map((m) => m.body)).toEqual(['追記']);
    // The replay answers what is stored now, message included — as it would alone, after it.
    expect((again?.body as Consultation).messages.map((m) => m.body)).toEqual(['追記']);
    // One commit: the 10 entries that reach a write route (the refused URL never runs).
    expect(commits).toEqual([10]);
    expect(onDisk('consultations', k) && onDisk('messages', msg) && onDisk('observations', obs)).toBe(true);
  });

  it('a GET or a photo waits for the writes before it, then runs alone', async () => {
    const a = newId();
    const b = newId();
    const r = await batch(carer, [
      { id: 'a', method: 'PUT', url: `/api/observations/${a}`, body: observationBody(YAMADA, at()) },
      { id: 'read-a', method: 'GET', url: `/api/observations/${a}` },
      { id: 'b', method: 'PUT', url: `/api/observations/${b}`, body: observationBody(YAMADA, at()) },
      { id: 'photo-b', method: 'PUT', url: `/api/observations/${b}/photo`, body: { contentType: 'image/jpeg', data: 'not a jpeg' } },
      { id: 'read-b', method: 'GET', url: `/api/observations/${b}` },
    ]);
    // The photo is refused for its content (400), not because b is missing (404).
    expect(r.body.responses.map((x) => [x.id, x.status])).toEqual([
      ['a', 201],
      ['read-a', 200],
      ['b', 201],
      ['photo-b', 400],
      ['read-b', 200],
    ]);
  });

  it('when the commit fails, no entry is acknowledged and none is stored', async () => {
    const ids = [newId(), newId(), newId()];
    failNextGroup = true;
    const r = await batch(
      carer,
      ids.map((id, i) => ({ id: String(i), method: 'PUT', url: `/api/observations/${id}`, body: observationBody(YAMADA, at()) })),
    );
    expect(r.body.responses.map((x) => x.status)).toEqual([500, 500, 500]);
    for (const id of ids) expect(onDisk('observations', id)).toBe(false);
    // The writer goes on: the same entries sent again are created.
    const again = await batch(
      carer,
      ids.map((id, i) => ({ id: String(i), method: 'PUT', url: `/api/observations/${id}`, body: observationBody(YAMADA, at()) })),
    );
    expect(again.body.responses.map((x) => x.status)).toEqual([201, 201, 201]);
    // Each entry's audit entry was written in its op: the failed commit took them with it (the
    // 500s are logged afterwards); the second commit holds them, on disk when the batch answers.
    for (const id of ids) expect(audited(id)).toEqual([500, 201]);
  });

  it('an entry whose write fails answers 500 and is not stored; the entries around it commit, in order', async () => {
    const ids = [newId(), newId(), newId(), newId()];
    failOpAt = 1;
    const r = await batch(carer, [
      ...ids.slice(0, 3).map((id, i) => ({ id: String(i), method: 'PUT', url: `/api/observations/${id}`, body: observationBody(YAMADA, at()) })),
      { id: '3', method: 'PUT', url: `/api/observations/${ids[3]}`, body: observationBody(YAMADA, at(), { vitals: { temperature: 46 } }) },
    ]);
    expect(r.body.responses.map((x) => [x.id, x.status])).toEqual([
      ['0', 201],
      ['1', 500],
      ['2', 201],
      ['3', 400],
    ]);
    // One commit for the four ops; the failed one rolled back alone, its audit entry with it.
    expect(commits).toEqual([4]);
    expect(ids.map((id) => onDisk('observations', id))).toEqual([true, false, true, false]);
    await g.settle();
    expect(ids.map(audited)).toEqual([[201], [500], [201], [400]]);
  });
});
