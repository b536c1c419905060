// Issue 13 item 5: two server processes on one PostgreSQL database, behind a round-robin proxy
// written here (each request — pages, the service worker's /api/batch and /api/changes, the
// live event stream — goes to the other process than the one before). A carer and a nurse
// complete the loop; both processes must have served requests, and the database must hold each
// record once. Sessions, the feed's numbering and the live stream's wake-ups all cross
// processes through PostgreSQL (ADR 0012).
import { expect, test, type Browser } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startCluster, type Cluster } from '../fixtures/postgres.js';
import { freePort } from '../fixtures/ports.js';
import { OwnServer } from './fault-helpers.js';
import { signIn } from './helpers.js';

const YAMADA = '00000000-0000-4000-8000-000000000201';

/** Headers that belong to one connection, not to the request or answer passed on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);
const endToEnd = (headers: IncomingMessage['headers']) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));

interface RoundRobin {
  url: string;
  /** Requests each upstream received, by index. */
  counts: number[];
  /** `METHOD /path` of each request each upstream received (for the failure message). */
  log: string[][];
  close(): Promise<void>;
}

/** A proxy that sends request n to upstream n mod k: nothing sticks to a process. */
async function roundRobin(upstreams: readonly number[]): Promise<RoundRobin> {
  const counts = upstreams.map(() => 0);
  const log: string[][] = upstreams.map(() => []);
  let next = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const i = next++ % upstreams.length;
    counts[i] = (counts[i] ?? 0) + 1;
    log[i]?.push(`${req.method} ${req.url?.split('?')[0]}`);
    const up = httpRequest(
      // A connection per request (agent: false): a kept-alive socket the upstream closes just as
      // it is reused would answer ECONNRESET, a 502 the phone never sees from a real proxy.
      { host: '127.0.0.1', port: upstreams[i], method: req.method, path: req.url, headers: endToEnd(req.headers), agent: false },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, endToEnd(upRes.headers));
        // Event streams: every chunk goes out as it comes.
        res.flushHeaders();
        upRes.pipe(res);
      },
    );
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    // The page went away (an event stream closed, a navigation): close the upstream request too.
    res.on('close', () => up.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let cluster: Cluster | undefined;
let databaseUrl = '';
let dataDir = '';
const servers: OwnServer[] = [];
let proxy: RoundRobin | undefined;

test.beforeAll(async () => {
  test.setTimeout(300_000); // a cluster and two servers (migrations, the demo seed) on a busy machine
  cluster = await startCluster();
  const admin = new pg.Client({ connectionString: `${cluster.baseUrl}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE kizuki');
  await admin.end();
  databaseUrl = `${cluster.baseUrl}/kizuki`;
  // One DATA_DIR for both: vapid.json must be the same file for every process (docs/deployment.md).
  dataDir = mkdtempSync(join(tmpdir(), 'kizuki-e2e-two-'));
  const ports = new Set<number>();
  while (ports.size < 2) ports.add(await freePort());
  for (const port of ports) {
    servers.push(new OwnServer(port, { demo: true, env: { DATABASE_URL: databaseUrl, DATA_DIR: dataDir } }));
  }
  // Both start at once: migrations and the demo seed run once, under their locks.
  await Promise.all(servers.map((s) => s.start()));
  proxy = await roundRobin(servers.map((s) => s.port));
});

test.afterAll(async () => {
  await proxy?.close();
  await Promise.all(servers.map((s) => s.dispose()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  cluster?.stop();
});

async function phoneBehindProxy(browser: Browser) {
  const context = await browser.newContext({ baseURL: proxy?.url });
  return { context, page: await context.newPage() };
}

test('a carer and a nurse complete the loop while every request alternates between two processes', async ({ browser }) => {
  test.slow(); // two phones, two servers and a cluster on a shared machine
  const note = `二つのプロセス ${Date.now()}`;
  const reply = '夕方に伺います。水分をこまめに取ってもらってください。';

  // The carer records an observation and consults.
  const carer = await phoneBehindProxy(browser);
  const p = carer.page;
  await signIn(p, 'carer.suzuki');
  await p.getByRole('link', { name: '山田 花子' }).click();
  await expect(p.getByRole('heading', { name: '山田 花子' })).toBeVisible();
  await p.getByRole('link', { name: '記録する' }).click();
  await p.getByLabel('体温', { exact: true }).fill('37.9');
  await p.getByLabel('脈拍', { exact: true }).fill('104');
  await p.getByRole('checkbox', { name: '食事量が減った' }).check();
  await p.getByLabel('メモ', { exact: true }).fill(note);
  await p.getByRole('button', { name: '保存', exact: true }).click();
  await expect(p.getByText(note)).toBeVisible();
  await p.getByRole('link', { name: '看護師に相談する' }).click();
  await expect(p.getByLabel('状況（S）')).toHaveValue(new RegExp(note));
  await p.getByRole('button', { name: '相談を送る' }).click();
  await p.waitForURL(/\/consultations\//, { timeout: 30_000 });
  await expect(p.getByText('未送信 0件')).toBeVisible({ timeout: 30_000 });
  await expect(p.locator('[aria-current="step"]')).toHaveText('送信済み');

  // The nurse finds it in 相談一覧 and answers.
  const nurse = await phoneBehindProxy(browser);
  await signIn(nurse.page, 'nurse.sato');
  await expect(nurse.page.getByRole('heading', { name: '相談一覧' })).toBeVisible();
  const row = nurse.page.getByRole('listitem').filter({ hasText: note });
  await row.getByRole('link', { name: '山田 花子' }).click();
  await expect(nurse.page.getByText(note).first()).toBeVisible();
  await nurse.page.getByRole('radio', { name: '訪問します' }).check();
  await nurse.page.getByLabel('返信内容').fill(reply);
  await nurse.page.getByRole('button', { name: '返信する' }).click();
  await expect(nurse.page.getByText('未送信 0件')).toBeVisible({ timeout: 30_000 });

  // Without a reload, the carer's screen shows the answer; the carer says it helped and closes.
  await expect(p.locator('[aria-current="step"]')).toHaveText('回答あり', { timeout: 30_000 });
  await expect(p.getByText(reply)).toBeVisible();
  await p.getByRole('radio', { name: '役に立った' }).check();
  await p.getByRole('button', { name: '完了にする' }).click();
  await p.getByRole('button', { name: 'はい、完了する' }).click();
  await expect(p.locator('[aria-current="step"]')).toHaveText('完了', { timeout: 30_000 });
  await expect(p.getByText('未送信 0件')).toBeVisible({ timeout: 30_000 });

  // The nurse's side sees the consultation closed, and that the advice helped.
  await nurse.page.reload();
  await expect(nurse.page.getByText('完了にしました（助言は役に立った）')).toBeVisible({ timeout: 30_000 });

  // Both processes served the loop.
  const counts = proxy?.counts ?? [];
  const served = (proxy?.log ?? []).map((l) => l.filter((r) => r.includes(' /api/')));
  test.info().annotations.push({ type: 'requests per process', description: JSON.stringify(counts) });
  for (const [i, requests] of served.entries()) {
    expect(requests.length, `process ${i} served API requests (all: ${JSON.stringify(counts)})`).toBeGreaterThan(5);
  }
  const batches = served.flat().filter((r) => r === 'POST /api/batch').length;
  expect(batches, 'the service worker sent its writes through the proxy').toBeGreaterThan(0);

  // The database holds each record once.
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const obs = await db.query<{ id: string }>('SELECT id FROM observations WHERE note = $1', [note]);
    expect(obs.rows).toHaveLength(1);
    const obsId = obs.rows[0]?.id ?? '';
    const cons = await db.query<{ id: string; status: string }>(
      'SELECT c.id, c.status FROM consultations c JOIN consultation_observations co ON co.consultation_id = c.id WHERE co.observation_id = $1',
      [obsId],
    );
    expect(cons.rows).toHaveLength(1);
    const consultation = cons.rows[0];
    expect(consultation?.status).toBe('closed');
    const messages = await db.query<{ kind: string; body: string | null; input_json: string }>(
      'SELECT kind, body, input_json FROM messages WHERE consultation_id = $1 ORDER BY seq',
      [consultation?.id],
    );
    expect(messages.rows.filter((m) => m.kind === 'message' && m.body === reply)).toHaveLength(1);
    const closes = messages.rows.filter((m) => m.kind === 'close');
    expect(closes).toHaveLength(1);
    expect((JSON.parse(closes[0]?.input_json ?? '{}') as { helped?: unknown }).helped).toBe(true);
    // One feed row per entity, numbered (committed), and no number given twice.
    const feed = await db.query<{ type: string; seq: number | null }>(
      "SELECT type, seq FROM changes WHERE (type = 'observation' AND entity_id = $1) OR (type = 'consultation' AND entity_id = $2)",
      [obsId, consultation?.id],
    );
    expect(feed.rows.map((r) => r.type).sort()).toEqual(['consultation', 'observation']);
    for (const r of feed.rows) expect(r.seq).not.toBeNull();
    const dupes = await db.query('SELECT seq FROM changes WHERE seq IS NOT NULL GROUP BY seq HAVING COUNT(*) > 1');
    expect(dupes.rows).toHaveLength(0);
    const clientRows = await db.query('SELECT COUNT(*)::int AS n FROM observations WHERE client_id = $1 AND note = $2', [YAMADA, note]);
    expect(clientRows.rows[0]).toEqual({ n: 1 });
  } finally {
    await db.end();
  }

  await nurse.context.close();
  await carer.context.close();
});
