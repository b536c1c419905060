// Faults injected into the sync path, in real Chromium against the production build: the
// server answering 503, the service worker stopped after the server committed, the server
// killed mid-flush, two tabs and the worker at once, a 401 mid-flush, a browser without
// Background Sync, 200 records across a reload, a record saved while a pass runs. Each test
// ends with the server holding exactly the records made, once each, and the phone showing
// 未送信 0件.
import { expect, test, type APIRequestContext, type Request } from '@playwright/test';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import {
  CARER,
  OwnServer,
  expectCards,
  expectOnServerOnce,
  expectScreenSettled,
  logBatches,
  notePrefix,
  notesFor,
  notesOnServer,
  openClient,
  recordManyObservations,
  recordObservations,
  sendsPerEntry,
  serverReader,
  unsent,
  waitForController,
  withTimeout,
} from './fault-helpers.js';
import { MAX_BATCH } from '../../src/shared/schemas.js';
import { freePort } from '../fixtures/ports.js';
import { PASSWORD, newPhone, signIn } from './helpers.js';

const YAMADA = '山田 花子';
const SASAKI = '佐々木 一郎';
const NAKAMURA = '中村 ふみ';
/** The longest wait between two tries of the page (sync-triggers.ts MAX_BACKOFF_MS). */
const MAX_BACKOFF_MS = 60_000;
/**
 * How far the page's clock is moved at a time while waiting for its next retry: past the wait
 * of the first few (2 s, 4 s, 8 s, ± 25 %: sync-triggers.ts); a later one takes a few moves.
 */
const RETRY_STEP_MS = 5_000;

let api: APIRequestContext;

// Independent tests (own phones, own notes): spread over both workers, each on its worker's server.
// Each test here writes 60–200 records, breaks something and waits for all of them to settle
// on the screen and on the server: minutes of work when the machine is busy. They wait for
// outcomes, never for time; the longer limit only keeps a busy machine from ending them early.
test.describe.configure({ mode: 'parallel', timeout: 240_000 });

test.beforeAll(async ({ baseURL }) => {
  api = await serverReader(baseURL ?? '');
});

test.afterAll(async () => {
  await api.dispose();
});

test('the server answers 503 to the service worker’s batch, then recovers: everything arrives once', async ({ browser }) => {
  const prefix = notePrefix('f1-503');
  const notes = notesFor(prefix, 6);
  const { context, page } = await newPhone(browser);
  try {
    // The page's timers on a clock the test can move: it runs at the real pace until the end.
    await page.clock.install();
    await signIn(page, CARER);
    await openClient(page, YAMADA);
    await context.setOffline(true);
    await recordManyObservations(page, notes);
    await expect(unsent(page, notes.length)).toBeVisible();

    const answered503: { fromServiceWorker: boolean }[] = [];
    await context.route('**/api/batch', async (route) => {
      answered503.push({ fromServiceWorker: route.request().serviceWorker() !== null });
      await route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503 }),
      });
    });
    const pageTries = () => answered503.filter((c) => !c.fromServiceWorker).length;
    await context.setOffline(false);
    // Background Sync fires in the worker, the page flushes on `online`: both meet the outage.
    await expect.poll(() => answered503.some((c) => c.fromServiceWorker), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => pageTries(), { timeout: 15_000 }).toBeGreaterThan(0);

    // The outage goes on: the page's own retries (its backoff timers, on its clock moved forward
    // until one has fired: no real seconds waited) meet it too. How often it tries in the first
    // 10 s (backoff, not the 5-second poll: ADR 0002) is checked on a fake clock in
    // tests/unit/sync-backoff.test.ts; this one waited out a real 10 s for it.
    for (const tries of [pageTries() + 1, pageTries() + 2]) {
      await expect
        .poll(async () => {
          await page.clock.fastForward(RETRY_STEP_MS);
          return pageTries();
        }, { timeout: 30_000 })
        .toBeGreaterThanOrEqual(tries);
    }

    // Nothing was counted as sent or dropped while the server said 503.
    await expect(unsent(page, notes.length)).toBeVisible();
    await expect(page.getByText(/送信できなかった記録/)).toHaveCount(0);
    expect(await notesOnServer(api, prefix)).toEqual([]);

    await context.unroute('**/api/batch');
    // The recovery is still the page's own retry: its backoff timer, the page's clock moved past it.
    await expect
      .poll(async () => {
        await page.clock.fastForward(RETRY_STEP_MS);
        return (await notesOnServer(api, prefix)).length;
      }, { timeout: 30_000 })
      .toBe(notes.length);
    await expectScreenSettled(page, notes);
    await expectOnServerOnce(api, prefix, notes);
  } finally {
    await context.close();
  }
});

test('the service worker is stopped after the server committed its batch: the retry lands each record once', async ({ browser }) => {
  const prefix = notePrefix('f2-swstop');
  const notes = notesFor(prefix, 8);
  const { context, page } = await newPhone(browser);
  try {
    const batches = logBatches(context);
    await signIn(page, CARER);
    await openClient(page, YAMADA);
    const cdp = await context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    const runningStatuses: string[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
      for (const v of e.versions) runningStatuses.push(v.runningStatus);
    });

    await context.setOffline(true);
    await recordObservations(page, notes);
    await expect(unsent(page, notes.length)).toBeVisible();

    let committed: number[] | undefined;
    let stopped = false;
    let batchesBeforeStop = 0;
    let sentByWorker: string[] = [];
    await context.route('**/api/batch', async (route) => {
      if (stopped) return route.continue();
      // Keep the page's own flush out of the way until the worker has sent its batch.
      if (route.request().serviceWorker() === null) return route.abort('connectionfailed');
      sentByWorker = ((route.request().postDataJSON() as { requests: { url: string }[] }).requests ?? []).map((r) => r.url).sort();
      const res = await route.fetch({ timeout: 10_000 });
      const body = (await res.json()) as { responses: { status: number }[] };
      committed = body.responses.map((r) => r.status);
      batchesBeforeStop = batches.length;
      // The server has committed; the worker dies before it hears the answer.
      await cdp.send('ServiceWorker.stopAllWorkers');
      stopped = true;
      await withTimeout(route.fulfill({ response: res }), 5_000, 'fulfil to a stopped worker').catch(() => undefined);
    });
    await context.setOffline(false);

    await expect.poll(() => stopped, { timeout: 20_000 }).toBe(true);
    expect(committed).toEqual(notes.map(() => 201));
    expect(await notesOnServer(api, prefix)).toEqual([...notes].sort());
    await expect.poll(() => runningStatuses.includes('stopped'), { timeout: 10_000 }).toBe(true);

    // The worker comes back for the page's next request; the page's retry replays every entry.
    await expectScreenSettled(page, notes);
    // Every entry the dead worker had sent went out again after it was stopped.
    expect(sentByWorker).toHaveLength(notes.length);
    expect([...sendsPerEntry(batches.slice(batchesBeforeStop)).keys()].sort()).toEqual(sentByWorker);
    await expectOnServerOnce(api, prefix, notes);

    // After a reload the restarted worker controls the page and nothing comes back as unsent.
    await page.reload();
    await waitForController(page);
    await expectScreenSettled(page, notes);
  } finally {
    await context.close();
  }
});

test('the server process is killed mid-flush and restarted: every record arrives once', async ({ browser }) => {
  const prefix = notePrefix('f3-kill');
  // More than one batch: the first commits, the kill comes before the second is let through.
  const notes = notesFor(prefix, MAX_BATCH + 20);
  const server = new OwnServer(await freePort());
  const context = await browser.newContext({ baseURL: server.baseURL });
  try {
    await server.start();
    const page = await context.newPage();
    const failedBatches: string[] = [];
    context.on('requestfailed', (req) => {
      if (req.url().endsWith('/api/batch')) failedBatches.push(req.failure()?.errorText ?? '');
    });
    // The page's timers on a clock the test can move: it runs at the real pace until the end.
    await page.clock.install();
    await signIn(page, CARER);
    await openClient(page, YAMADA);
    await context.setOffline(true);
    await recordManyObservations(page, notes);
    await expect(unsent(page, notes.length)).toBeVisible();
    // The phone sends its next batch as soon as the first one's answers are in: held here until
    // the server is dead, so the kill always falls between the two.
    let releaseBatches!: () => void;
    const killed = new Promise<void>((resolve) => {
      releaseBatches = resolve;
    });
    let batchesSeen = 0;
    await context.route('**/api/batch', async (route) => {
      if (++batchesSeen > 1) await killed;
      await route.continue().catch(() => undefined);
    });

    // Watch the server's own database and kill the process as soon as the first of these
    // records is committed: the flush is then certainly under way and not finished.
    const db = new Database(join(server.dataDir, 'kizuki.sqlite'), { readonly: true, fileMustExist: true });
    let committedAtKill: number;
    try {
      const count = db.prepare('SELECT count(*) FROM observations WHERE substr(note, 1, ?) = ?').pluck();
      const committed = () => Number(count.get(prefix.length + 1, `${prefix}-`));
      await context.setOffline(false);
      const deadline = Date.now() + 20_000;
      while (committed() === 0 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
      await server.kill();
      committedAtKill = committed();
      releaseBatches();
    } finally {
      db.close();
    }
    console.log(`f3: ${committedAtKill} of ${notes.length} records were committed when the server was killed`);
    expect(committedAtKill).toBeGreaterThan(0);
    expect(committedAtKill).toBeLessThan(notes.length);

    // While the server is down the phone keeps trying and keeps everything.
    await expect.poll(() => failedBatches.length, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect(page.getByText(/^未送信 [1-9]\d*件$/)).toBeVisible();
    await expect(page.getByText(/送信できなかった記録/)).toHaveCount(0);

    await server.start();
    // The page tries again when its backoff timer fires (up to a minute after the last
    // failure): the page's clock is moved past it, so the retry is still the page's own.
    await page.clock.fastForward(MAX_BACKOFF_MS);
    const view = await serverReader(server.baseURL);
    try {
      await expectScreenSettled(page, notes, 40_000);
      await expectOnServerOnce(view, prefix, notes);
    } finally {
      await view.dispose();
    }
  } finally {
    await context.close();
    await server.dispose();
  }
});

test('two tabs and the service worker flush at once: each record is sent and stored once', async ({ browser }) => {
  const prefix = notePrefix('f4-tabs');
  const notes = notesFor(prefix, 60);
  const { context, page: tabA } = await newPhone(browser);
  try {
    const batches = logBatches(context);
    await signIn(tabA, CARER);
    await openClient(tabA, SASAKI);

    await context.setOffline(true);
    await recordManyObservations(tabA, notes);
    await expect(unsent(tabA, notes.length)).toBeVisible();
    // The second tab opens once the records are made (a tab open meanwhile would redraw with each
    // of them and double the time it takes to make them), offline: from the service worker.
    const tabB = await context.newPage();
    await tabB.goto(tabA.url());
    await expect(tabB.getByRole('heading', { name: SASAKI, exact: true })).toBeVisible();
    await waitForController(tabB);
    await expect(unsent(tabB, notes.length)).toBeVisible();

    // Who runs a sync pass (each pass ends with GET /api/changes) once the network is back.
    const passes = new Set<string>();
    const pullers = (req: Request) => {
      if (!req.url().includes('/api/changes')) return;
      if (req.serviceWorker()) passes.add('worker');
      else passes.add(req.frame().page() === tabA ? 'tab A' : 'tab B');
    };
    context.on('request', pullers);
    const sentBefore = batches.length;
    await context.setOffline(false);
    await expect.poll(() => [...passes].sort(), { timeout: 15_000 }).toEqual(['tab A', 'tab B', 'worker']);

    await expectScreenSettled(tabA, notes);
    await expect(unsent(tabB, 0)).toBeVisible();
    await expectOnServerOnce(api, prefix, notes);
    // The Web Lock keeps the three flushes apart: not one entry went out twice.
    const perEntry = sendsPerEntry(batches.slice(sentBefore));
    expect(perEntry.size).toBe(notes.length);
    expect([...perEntry.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a 401 mid-flush keeps the rest; after signing in again the flush resumes and nothing is dropped', async ({ browser }) => {
  const prefix = notePrefix('f5-401');
  const notes = notesFor(prefix, MAX_BATCH + 5); // two batches: a full one, then 5
  const { context, page } = await newPhone(browser);
  try {
    await signIn(page, CARER);
    await openClient(page, SASAKI);
    await context.setOffline(true);
    await recordManyObservations(page, notes);
    await expect(unsent(page, notes.length)).toBeVisible();

    const batchStatuses: number[] = [];
    context.on('response', (res) => {
      if (res.url().endsWith('/api/batch')) batchStatuses.push(res.status());
    });
    let sessionDeleted = false;
    let deleteStatus = 0;
    await context.route('**/api/batch', async (route) => {
      if (sessionDeleted) return route.continue();
      const res = await route.fetch({ timeout: 10_000 });
      // The first batch is in; the session dies on the server before the second one.
      deleteStatus = (await context.request.delete('/api/session')).status();
      sessionDeleted = true;
      await route.fulfill({ response: res });
    });
    await context.setOffline(false);

    await expect(page.getByRole('link', { name: 'もう一度ログイン' })).toBeVisible({ timeout: 20_000 });
    expect(deleteStatus).toBe(204);
    expect(batchStatuses).toContain(401);
    await expect(unsent(page, 5)).toBeVisible();
    await expect(page.getByText(/送信できなかった記録/)).toHaveCount(0);
    expect(await notesOnServer(api, prefix)).toEqual(notes.slice(0, MAX_BATCH));

    await page.getByRole('link', { name: 'もう一度ログイン' }).click();
    await expect(page.getByRole('heading', { name: 'もう一度ログイン' })).toBeVisible();
    await page.getByLabel('ログインID', { exact: true }).fill(CARER);
    await page.getByLabel('パスワード', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await expect(unsent(page, 0)).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('link', { name: 'もう一度ログイン' })).toHaveCount(0);

    await openClient(page, SASAKI);
    await expectScreenSettled(page, notes);
    await expectOnServerOnce(api, prefix, notes);
  } finally {
    await context.close();
  }
});

test('without Background Sync, records made offline go out when the page comes back online', async ({ browser }) => {
  const prefix = notePrefix('f6-nosync');
  const { context, page } = await newPhone(browser);
  try {
    await context.addInitScript(() => {
      delete (window as { SyncManager?: unknown }).SyncManager;
      delete (ServiceWorkerRegistration.prototype as { sync?: unknown }).sync;
    });
    const batches = logBatches(context);
    // The page's timers (its 5-second poll, its backoff) on a clock the test can stop.
    await page.clock.install();
    await signIn(page, CARER);
    expect(await page.evaluate(() => 'SyncManager' in window || 'sync' in ServiceWorkerRegistration.prototype)).toBe(false);
    await openClient(page, YAMADA);

    // Three rounds: each time the page sends because of `online`, not because its 5-second
    // poll came by: the page's clock stands still from before the network returns until the
    // batch is on the wire, so no timer of the page can have sent it (an event did). No
    // margin of time is involved: on a busy machine the send may come late, never by luck.
    const notes: string[] = [];
    for (let round = 0; round < 3; round++) {
      const made = notesFor(prefix, 2, round * 2);
      notes.push(...made);
      await context.setOffline(true);
      await expect(page.getByText('オフライン', { exact: true })).toBeVisible();
      await recordObservations(page, made);
      await expect(unsent(page, made.length)).toBeVisible();
      const before = batches.length;
      // Timers due before the jump run now, offline, where a sync pass does nothing.
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
      await context.setOffline(false);
      await expect.poll(() => batches.length > before, { message: `round ${round}: a batch sent on \`online\`, every timer of the page stopped` }).toBe(true);
      const first = batches[before];
      expect(first?.fromServiceWorker).toBe(false);
      await page.clock.resume();
      await expect(unsent(page, 0)).toBeVisible({ timeout: 10_000 });
    }

    await expectScreenSettled(page, notes);
    expect(batches.filter((b) => b.fromServiceWorker)).toEqual([]);
    await expectOnServerOnce(api, prefix, notes);
  } finally {
    await context.close();
  }
});

test('200 records made offline survive a reload and all arrive once', async ({ browser }) => {
  const prefix = notePrefix('f7-200');
  const notes = notesFor(prefix, 200);
  const { context, page } = await newPhone(browser);
  try {
    await signIn(page, CARER);
    await openClient(page, NAKAMURA);
    await context.setOffline(true);
    await recordManyObservations(page, notes);
    await expect(unsent(page, 200)).toBeVisible();

    await page.reload();
    await expect(page.getByRole('heading', { name: NAKAMURA, exact: true })).toBeVisible();
    await expect(page.getByText('オフライン', { exact: true })).toBeVisible();
    await expect(unsent(page, 200)).toBeVisible();
    await expectCards(page, notes.slice(-5), '送信待ち');

    await context.setOffline(false);
    await expectScreenSettled(page, notes, 45_000);
    await expectOnServerOnce(api, prefix, notes);
  } finally {
    await context.close();
  }
});

test('without Background Sync, a record saved while a sync pass runs is sent right after that pass', async ({ browser }) => {
  const prefix = notePrefix('f8-during');
  const [first, second] = notesFor(prefix, 2) as [string, string];
  // No worker at all: the page sends every write itself, as on a phone without Background Sync.
  const { context, page } = await newPhone(browser, { withoutWorker: true });
  try {
    // No live stream (a proxy that refuses it), so no announcement can start a pass; the poll,
    // the one trigger left, is a timer of the page, whose clock stands still below.
    await context.route('**/api/events*', (route) => route.fulfill({ status: 404, body: 'no streams here' }));
    await page.clock.install();
    await signIn(page, CARER);
    await openClient(page, SASAKI);
    await expect(unsent(page, 0)).toBeVisible();

    // The pass that sends the first record then pulls: that pull is held, so the pass stays
    // running. Only a pull sent after the batch was answered is held (passes before it, the
    // start's or the 5-second poll's, pull freely; the page runs one pass at a time).
    const heldPulls: (() => Promise<void>)[] = [];
    let holdPulls = true;
    let batchAnswered = false;
    await context.route('**/api/batch', async (route) => {
      const res = await route.fetch();
      batchAnswered = true;
      await route.fulfill({ response: res });
    });
    await context.route('**/api/changes**', async (route) => {
      if (holdPulls && batchAnswered) heldPulls.push(() => route.continue());
      else await route.continue();
    });
    const batches = logBatches(context);
    await recordObservations(page, [first]);
    await expect.poll(() => heldPulls.length, { message: 'the pass that sent the first record is pulling' }).toBeGreaterThan(0);
    expect(batches.flatMap((b) => b.urls)).toHaveLength(1);

    // Saved while that pass runs; the save asks for a sync a frame (at most 100 ms) after it.
    await recordObservations(page, [second]);
    await expect(unsent(page, 1)).toBeVisible();
    // From here no timer of the page fires unless the test moves its clock; those due within the
    // next second (the save's request for a sync among them) run now, the pass still held.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
    const sentBefore = batches.length;
    holdPulls = false;
    for (const release of heldPulls.splice(0)) await release();

    // The pass ends and one more follows at once for the record it may have missed: no timer,
    // no stream, no `online` could have sent it.
    await expect.poll(() => batches.length > sentBefore, { message: 'a batch with the second record, the page clock stopped' }).toBe(true);
    expect(batches[sentBefore]?.urls).toHaveLength(1);
    await page.clock.resume();
    await expect(unsent(page, 0)).toBeVisible();
    await expectOnServerOnce(api, prefix, [first, second]);
  } finally {
    await context.close();
  }
});
