// PUT /api/consultations/{id}/messages/{messageId}: the status machine of PRODUCT.md "Rules the
// routes share", idempotent replay, and the order of checks (404, 403, 400, replay, status).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consultation } from '../../src/shared/schemas.js';
import {
  KOBAYASHI,
  YAMADA,
  consultationBody,
  expectProblem,
  makeApp,
  newId,
  type ApiClient,
  type TestServer,
} from '../fixtures/server.js';

let s: TestServer;
let carer: ApiClient;
let nurse: ApiClient;
beforeAll(async () => {
  s = await makeApp();
  carer = await s.login('carer.suzuki');
  nurse = await s.login('nurse.sato');
});
afterAll(() => s.close());

type Status = Consultation['status'];

async function open(by: ApiClient = carer, client = YAMADA, to = 'sakura'): Promise<string> {
  const id = newId();
  const r = await by.put<Consultation>(`/api/consultations/${id}`, consultationBody(client, to));
  expect(r.status).toBe(201);
  return id;
}

const send = (who: ApiClient, kId: string, body: unknown, messageId = newId()) =>
  who.put<Consultation>(`/api/consultations/${kId}/messages/${messageId}`, body);

const ack = { kind: 'acknowledge' };
const close = { kind: 'close' };
const text = (body: string) => ({ kind: 'message', body });

async function statusOf(kId: string): Promise<Status> {
  const r = await carer.get<Consultation>(`/api/consultations/${kId}`);
  expect(r.status).toBe(200);
  return r.body.status;
}

/** Sends and expects 201 with the given resulting status. */
async function step(who: ApiClient, kId: string, body: unknown, expected: Status): Promise<Consultation> {
  const r = await send(who, kId, body);
  expect(r.status).toBe(201);
  expect(r.body.status).toBe(expected);
  expect(await statusOf(kId)).toBe(expected);
  return r.body;
}

async function toStatus(target: Status): Promise<string> {
  const id = await open();
  if (target === 'acknowledged') await step(nurse, id, ack, 'acknowledged');
  if (target === 'answered') await step(nurse, id, text('様子を見てください'), 'answered');
  if (target === 'closed') await step(carer, id, close, 'closed');
  return id;
}

describe('acknowledge', () => {
  it('by a carer answers 403 and changes nothing', async () => {
    const id = await open();
    expectProblem(await send(carer, id, ack), 403);
    const r = await carer.get<Consultation>(`/api/consultations/${id}`);
    expect(r.body.status).toBe('open');
    expect(r.body.messages).toEqual([]);
  });

  it('by the admin of the owner answers 403', async () => {
    const id = await open();
    expectProblem(await send(await s.login('admin.himawari'), id, ack), 403);
  });

  it('by a nurse moves open → acknowledged, 201 with the consultation and the message', async () => {
    const id = await open();
    const messageId = newId();
    const r = await send(nurse, id, ack, messageId);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id, status: 'acknowledged', clientId: YAMADA });
    expect(r.body.messages).toEqual([
      expect.objectContaining({ id: messageId, kind: 'acknowledge', authorId: nurse.session.user.id, role: 'nurse', createdAt: expect.any(String) }),
    ]);
    expect(r.body.messages[0]?.body).toBeUndefined();
  });

  it('is accepted without change on acknowledged', async () => {
    const id = await toStatus('acknowledged');
    await step(nurse, id, ack, 'acknowledged');
  });

  it('is accepted without change on answered', async () => {
    const id = await toStatus('answered');
    await step(nurse, id, ack, 'answered');
  });
});

describe('message', () => {
  it('a nurse’s message moves open → answered', async () => {
    const id = await open();
    await step(nurse, id, text('訪問します'), 'answered');
  });

  it('a nurse’s message moves acknowledged → answered', async () => {
    const id = await toStatus('acknowledged');
    const k = await step(nurse, id, { ...text('水分を取ってもらってください'), replyKind: 'advice' }, 'answered');
    expect(k.messages.at(-1)).toMatchObject({ kind: 'message', body: '水分を取ってもらってください', role: 'nurse' });
  });

  it('a carer’s message on answered moves it back to open', async () => {
    const id = await toStatus('answered');
    await step(carer, id, text('熱が下がりません'), 'open');
  });

  it('a carer’s message on open or acknowledged changes nothing', async () => {
    const a = await open();
    await step(carer, a, text('追記です'), 'open');
    const b = await toStatus('acknowledged');
    await step(carer, b, text('追記です'), 'acknowledged');
  });

  it('a nurse’s message on answered stays answered', async () => {
    const id = await toStatus('answered');
    await step(nurse, id, text('追加の助言'), 'answered');
  });

  it('without a body answers 400 naming body', async () => {
    const id = await open();
    expectProblem(await send(carer, id, { kind: 'message' }), 400, ['body']);
    expectProblem(await send(nurse, id, { kind: 'message', body: '   ' }), 400, ['body']);
    expect(await statusOf(id)).toBe('open');
  });

  it('an unknown kind answers 400 naming kind', async () => {
    const id = await open();
    expectProblem(await send(carer, id, { kind: 'shout', body: 'x' }), 400, ['kind']);
  });

  it('lists every message, all kinds, in order', async () => {
    const id = await open();
    const ids = [newId(), newId(), newId(), newId(), newId()];
    const steps: [ApiClient, unknown][] = [
      [nurse, ack],
      [nurse, text('訪問します')],
      [carer, text('ありがとうございます')],
      [nurse, ack],
      [carer, close],
    ];
    for (const [i, [who, body]] of steps.entries()) expect((await send(who, id, body, ids[i])).status).toBe(201);
    const r = await carer.get<Consultation>(`/api/consultations/${id}`);
    expect(r.body.status).toBe('closed');
    expect(r.body.messages.map((m) => [m.id, m.kind, m.role, m.body])).toEqual([
      [ids[0], 'acknowledge', 'nurse', undefined],
      [ids[1], 'message', 'nurse', '訪問します'],
      [ids[2], 'message', 'carer', 'ありがとうございます'],
      [ids[3], 'acknowledge', 'nurse', undefined],
      [ids[4], 'close', 'carer', undefined],
    ]);
    for (const m of r.body.messages) expect(typeof m.createdAt).toBe('string');
  });
});

describe('close', () => {
  it.each(['open', 'acknowledged', 'answered'] as const)('by the carer moves %s → closed', async (from) => {
    const id = await toStatus(from);
    await step(carer, id, close, 'closed');
  });

  it('by the nurse moves open → closed', async () => {
    const id = await open();
    await step(nurse, id, close, 'closed');
  });

  it.each([
    ['a carer message', () => carer, text('まだ熱があります')],
    ['a nurse message', () => nurse, text('追加です')],
    ['an acknowledge', () => nurse, ack],
    ['another close', () => carer, close],
  ] as const)('after close, %s answers 409 and adds nothing', async (_name, who, body) => {
    const id = await toStatus('closed');
    expectProblem(await send(who(), id, body), 409);
    const r = await carer.get<Consultation>(`/api/consultations/${id}`);
    expect(r.body.status).toBe('closed');
    expect(r.body.messages).toHaveLength(1);
  });
});

describe('replay', () => {
  it('the same message id with the same body answers 200 with the consultation, adding nothing', async () => {
    const id = await open();
    const mid = newId();
    const first = await send(nurse, id, { body: '訪問します', kind: 'message' }, mid);
    expect(first.status).toBe(201);
    const again = await send(nurse, id, { kind: 'message', body: '訪問します' }, mid);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.body.messages).toHaveLength(1);
  });

  it('the same message id with a different body answers 409', async () => {
    const id = await open();
    const mid = newId();
    expect((await send(nurse, id, text('訪問します'), mid)).status).toBe(201);
    expectProblem(await send(nurse, id, text('様子を見てください'), mid), 409);
    expectProblem(await send(nurse, id, close, mid), 409);
    expect((await carer.get<Consultation>(`/api/consultations/${id}`)).body.messages).toHaveLength(1);
  });

  it('a message id already used on another consultation answers 409', async () => {
    const a = await open();
    const b = await open();
    const mid = newId();
    expect((await send(carer, a, text('同じ id'), mid)).status).toBe(201);
    expectProblem(await send(carer, b, text('同じ id'), mid), 409);
  });
});

describe('order of checks: 404, 403, 400, replay, status', () => {
  it('404: a consultation the caller cannot see, even with an invalid body', async () => {
    const id = await open();
    const ito = await s.login('carer.ito');
    expectProblem(await send(ito, id, { kind: 'nonsense' }), 404);
    expectProblem(await send(ito, id, text('こんにちは')), 404);
    expectProblem(await send(await s.login('nurse.tanaka'), id, ack), 404);
  });

  it('404: an unknown or malformed consultation id', async () => {
    expectProblem(await send(carer, newId(), text('x')), 404);
    expectProblem(await send(carer, 'not-a-uuid', text('x')), 404);
  });

  it('404: the admin of the serving station sees no consultation (ADR 0003 stop 21), even with an invalid body', async () => {
    const id = await open();
    const admin = await s.login('admin.sakura');
    expectProblem(await admin.get(`/api/consultations/${id}`), 404);
    expectProblem(await send(admin, id, { kind: 'nonsense' }), 404);
    expectProblem(await send(admin, id, text('x')), 404);
  });

  it('403 before 400: a carer’s acknowledge with an invalid body', async () => {
    const id = await open();
    expectProblem(await send(carer, id, { kind: 'acknowledge', body: 42 }), 403);
  });

  it('403 before 400: a carer’s acknowledge with a malformed message id', async () => {
    const id = await open();
    expectProblem(await send(carer, id, ack, 'not-a-uuid'), 403);
  });

  it('400: a malformed message id', async () => {
    const id = await open();
    expectProblem(await send(carer, id, text('x'), 'not-a-uuid'), 400, ['messageId']);
  });

  it('400 before replay: an invalid body under an existing message id answers 400', async () => {
    const id = await open();
    const mid = newId();
    expect((await send(carer, id, text('最初'), mid)).status).toBe(201);
    expectProblem(await send(carer, id, { kind: 'message' }, mid), 400, ['body']);
  });

  it('replay before status: on a closed consultation, replaying an earlier message or the close answers 200', async () => {
    const id = await open();
    const m1 = newId();
    const m2 = newId();
    expect((await send(nurse, id, text('訪問します'), m1)).status).toBe(201);
    expect((await send(carer, id, close, m2)).status).toBe(201);
    const r1 = await send(nurse, id, text('訪問します'), m1);
    expect(r1.status).toBe(200);
    expect(r1.body.status).toBe('closed');
    expect((await send(carer, id, close, m2)).status).toBe(200);
    // A replay with a different body is still a conflict, and a new message hits the status.
    expectProblem(await send(nurse, id, text('変更'), m1), 409);
    expectProblem(await send(nurse, id, text('新しい'), newId()), 409);
  });
});

describe('the consulted station', () => {
  it('a nurse of the station a consultation was sent to acknowledges, answers, and the carer closes', async () => {
    const ito = await s.login('carer.ito');
    const tanaka = await s.login('nurse.tanaka');
    const id = await open(ito, KOBAYASHI, 'midori');
    const k1 = await send(tanaka, id, ack);
    expect(k1.status).toBe(201);
    expect(k1.body.status).toBe('acknowledged');
    const k2 = await send(tanaka, id, text('明日訪問します'));
    expect(k2.body.status).toBe('answered');
    const k3 = await send(ito, id, close);
    expect(k3.body.status).toBe('closed');
    const seen = await ito.get<Consultation>(`/api/consultations/${id}`);
    expect(seen.body.messages.map((m) => m.kind)).toEqual(['acknowledge', 'message', 'close']);
  });
});
