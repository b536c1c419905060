// Live updates (GET /api/events, src/client/pwa/live-events.ts): the nurse's open 相談一覧 shows
// a consultation the carer just sent, without a reload and without the 5 s poll — every pull
// the nurse's app makes after the carer starts follows an event from the server. Without the
// stream, polling still brings it.
import { expect, test, type Page } from '@playwright/test';
import { keptPhones, newPhone, signIn } from './helpers.js';

const YAMADA = '00000000-0000-4000-8000-000000000201';
/** The app's poll while its stream is down (sync-triggers.ts POLL_MS). */
const POLL_MS = 5_000;

interface LiveLog {
  /** 'changes' events the page's EventSource received. */
  events: number;
  /** For each GET /api/changes the page started: how many events it had received by then. */
  pulls: number[];
}

/** Counts the stream's events and the pulls, in the page, before the app starts. */
async function instrument(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: LiveLog = { events: 0, pulls: [] };
    (window as unknown as { __live: LiveLog }).__live = log;
    const Native = window.EventSource;
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        // Registered before the app's own listener, so counted before the app reacts.
        this.addEventListener('changes', () => log.events++);
      }
    };
    const nativeFetch = window.fetch.bind(window);
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes('/api/changes')) log.pulls.push(log.events);
      return nativeFetch(input, init);
    };
  });
}

/**
 * The carer's phone, signed in once (the first test) and kept for the second: it only sends a
 * consultation in each, online, and neither test reads what it left (ADR 0013, stop 15). The
 * nurse's phones stay fresh: each test watches its nurse's app from the start. No phone here
 * has a service worker (withoutServiceWorker): the stream and the poll are the page's.
 */
const carers = keptPhones({}, { withoutWorker: true });
test.afterAll(async () => {
  await carers.closeAll();
});

const liveLog = (page: Page) => page.evaluate(() => (window as unknown as { __live: LiveLog }).__live);

/** Records an observation and consults about it through the carer's app. */
async function consult(page: Page, note: string) {
  await page.goto(`/clients/${YAMADA}/observe`);
  await page.getByLabel('メモ', { exact: true }).fill(note);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByRole('link', { name: '看護師に相談する' }).click();
  await page.getByRole('button', { name: '相談を送る' }).click();
  await expect(page.getByText('未送信 0件')).toBeVisible();
}

test("the carer's consultation appears on the nurse's open 相談一覧 through the live stream, with no poll", async ({ browser }) => {
  const nurse = await newPhone(browser, { withoutWorker: true });
  await instrument(nurse.page);
  // The nurse's timers on a clock the test moves: it runs at the real pace until then.
  await nurse.page.clock.install();
  const streamOpened = nurse.page.waitForResponse((r) => r.url().includes('/api/events') && r.status() === 200);
  await signIn(nurse.page, 'nurse.sato');
  await expect(nurse.page.getByRole('heading', { name: '相談一覧' })).toBeVisible();
  await streamOpened;
  // The new stream's opening event has been heard and a pull has followed it (a pull already
  // running when it came is followed by one more): only then is the nurse's app idle.
  await expect
    .poll(async () => {
      const log = await liveLog(nurse.page);
      return log.events > 0 && log.pulls.some((eventsSeen) => eventsSeen >= log.events);
    })
    .toBe(true);

  const before = await liveLog(nurse.page);
  // The app's 5-second poll comes due now, before the carer begins: an app that polled with the
  // stream up would pull before any new event (the carer's phone was once slow enough to make
  // this happen by itself; it no longer is, and a test must not count on it).
  await nurse.page.clock.runFor(POLL_MS);
  const carer = await carers.get(browser, 'carer.suzuki');
  const note = `ライブ ${Date.now()}`;
  await consult(carer, note);

  await expect(nurse.page.locator('li.triage').filter({ hasText: note })).toBeVisible();
  const after = await liveLog(nurse.page);
  const newPulls = after.pulls.slice(before.pulls.length);
  expect(after.events, 'the server announced the new records').toBeGreaterThan(before.events);
  expect(newPulls.length).toBeGreaterThan(0);
  expect(
    newPulls.every((eventsSeen) => eventsSeen > before.events),
    `every pull after the carer began followed an event (${JSON.stringify({ before, after })})`,
  ).toBe(true);
  await nurse.context.close();
});

test('without the stream (a proxy that refuses it), polling still brings the consultation', async ({ browser }) => {
  const nurse = await newPhone(browser, { withoutWorker: true });
  await nurse.context.route('**/api/events*', (route) => route.fulfill({ status: 404, body: 'no streams here' }));
  await signIn(nurse.page, 'nurse.sato');
  await expect(nurse.page.getByRole('heading', { name: '相談一覧' })).toBeVisible();

  const carer = await carers.get(browser, 'carer.suzuki');
  const note = `ポーリング ${Date.now()}`;
  await consult(carer, note);
  await expect(nurse.page.locator('li.triage').filter({ hasText: note })).toBeVisible();
  await nurse.context.close();
});
