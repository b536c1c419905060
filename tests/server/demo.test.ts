// DEMO=1 seeds a living region (PRODUCT.md "Running it", issue 10.5): two weeks of
// observations, clients on both SpO2 scales (one on home oxygen), and consultations in every
// status and urgency with replies and feedback — each visible to the right people only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUSES, URGENCIES } from '../../src/shared/codes.js';
import type { ChangesPage, Client, Consultation } from '../../src/shared/schemas.js';
import { createApp } from '../../src/server/app.js';
import { DEMO_PASSWORD, seedDemo } from '../../src/server/demo.js';
import type { Db } from '../../src/server/store/db.js';
import { sessionCookie } from '../fixtures/server.js';
import { openTestDb } from '../fixtures/test-db.js';

let dir: string;
let db: Db;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kizuki-demo-'));
  db = await openTestDb(dir);
  // The server seeds with its ふりがな (index.ts); a stand-in reading marks where they went.
  const furigana = { ruby: async (text: string) => [{ base: text, reading: 'よみ' }], warm: () => undefined };
  await seedDemo(db, new Date(), { activity: true, furigana });
  app = createApp({ db, now: () => new Date() });
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function feedOf(loginId: string): Promise<ChangesPage['changes']> {
  const res = await app.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginId, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = sessionCookie(res);
  const page = (await (await app.request('/api/changes?limit=500', { headers: { cookie } })).json()) as ChangesPage;
  expect(page.more).toBe(false);
  return page.changes;
}
const consultations = (changes: ChangesPage['changes']) =>
  changes.flatMap((c) => (c.type === 'consultation' ? [c.data as Consultation] : []));

describe('the demo region is alive', () => {
  it('consultations exist in every status and every urgency', async () => {
    const rows = (await db.all('SELECT status, urgency FROM consultations')) as { status: string; urgency: string }[];
    for (const s of STATUSES) expect(rows.map((r) => r.status), s).toContain(s);
    for (const u of URGENCIES) expect(rows.map((r) => r.urgency), u).toContain(u);
  });

  it('nurse.sato signs in to a real 相談一覧: open ones to answer, with replies and feedback on others', async () => {
    const mine = consultations(await feedOf('nurse.sato'));
    expect(mine.filter((k) => k.status === 'open').length).toBeGreaterThan(0);
    const replies = mine.flatMap((k) => k.messages).filter((m) => m.kind === 'message' && m.role === 'nurse');
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.some((m) => m.feedback && m.feedback.tags.length > 0)).toBe(true);
    expect(mine.every((k) => k.toOrgId === 'sakura')).toBe(true);
  });

  it('the nurses\' replies are Japanese and carry ふりがな, as the API\'s do: a carer reading another language is told, one reading やさしい日本語 gets readings', async () => {
    const replies = consultations(await feedOf('carer.suzuki'))
      .flatMap((k) => k.messages)
      .filter((m) => m.kind === 'message' && m.role === 'nurse' && m.body);
    expect(replies.length).toBeGreaterThan(0);
    for (const m of replies) {
      expect(m.lang, m.body).toBe('ja');
      expect(m.bodyRuby, m.body).toEqual([{ base: m.body, reading: 'よみ' }]);
    }
    const next = consultations(await feedOf('carer.suzuki')).flatMap((k) => k.messages).find((m) => m.feedback?.next);
    expect(next?.nextRuby).toBeDefined();
  });

  it('a carer sees answered consultations; the closed one says whether the advice helped', async () => {
    const theirs = consultations(await feedOf('carer.suzuki'));
    expect(theirs.some((k) => k.status === 'answered')).toBe(true);
    const closedByCarer = theirs.flatMap((k) => k.messages).find((m) => m.kind === 'close' && m.role === 'carer');
    expect(closedByCarer?.helped).toBe(true);
  });

  it('aozora consulted midori, which sees that consultation and nothing else of himawari', async () => {
    const midori = consultations(await feedOf('nurse.tanaka'));
    expect(midori.length).toBeGreaterThan(0);
    expect(midori.every((k) => k.fromOrgId === 'aozora')).toBe(true);
  });

  it('clients on SpO2 scale 1 and 2, one on home oxygen, each with two weeks of observations', async () => {
    const changes = await feedOf('nurse.sato');
    const clients = changes.flatMap((c) => (c.type === 'client' ? [c.data as Client] : []));
    expect(clients.some((c) => c.spo2Scale === 1)).toBe(true);
    expect(clients.some((c) => c.spo2Scale === 2)).toBe(true);
    expect(clients.some((c) => c.usual?.homeOxygen === true)).toBe(true);
    expect(changes.filter((c) => c.type === 'observation').length).toBeGreaterThanOrEqual(14 * 2 * 3);
  });

  it('each seeded suggested urgency is what the rules say for the cited observations', async () => {
    const rows = (await db.all('SELECT urgency, suggested_urgency, observation_ids_json FROM consultations')) as {
      suggested_urgency: string;
      observation_ids_json: string;
    }[];
    for (const r of rows) if (JSON.parse(r.observation_ids_json).length === 0) expect(r.suggested_urgency).toBe('fyi');
  });
});
