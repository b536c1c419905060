// POST /api/batch: up to 100 PUT/GET requests, run in order, each with exactly the meaning it
// has alone (same session, same checks, same status codes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consultation, Observation } from '../../src/shared/schemas.js';
import {
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

  it('a batch cannot reach the session or another batch', async () => {
    const r = await batch(carer, [
      { id: 's', method: 'GET', url: '/api/session' },
      { id: 'b', method: 'PUT', url: '/api/batch', body: { requests: [] } },
      { id: 'o', method: 'GET', url: '/api/organizations' },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.responses.map((x) => x.status)).toEqual([400, 400, 200]);
  });
});
