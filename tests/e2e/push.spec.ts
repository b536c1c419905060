// Web Push in the service worker: Chromium delivers a push message through CDP
// (ServiceWorker.deliverPushMessage) to the production build's worker, and the page reads
// back the notification it showed. The server's sending is tested in tests/server/push.test.ts.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { keptPhones } from './helpers.js';

interface Shown {
  title: string;
  body: string;
  tag: string;
  data: unknown;
  requireInteraction: boolean;
}

/** The id of the origin's service-worker registration, as the DevTools protocol names it. */
async function registrationId(context: BrowserContext, page: Page): Promise<{ id: string; send: (data: string) => Promise<void> }> {
  const cdp = await context.newCDPSession(page);
  const ids: string[] = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => {
    for (const r of e.registrations) if (!r.isDeleted && r.scopeURL.startsWith(new URL(page.url()).origin)) ids.push(r.registrationId);
  });
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => ids.length, { message: 'a service-worker registration is reported' }).toBeGreaterThan(0);
  const id = ids[ids.length - 1] ?? '';
  const origin = new URL(page.url()).origin;
  return { id, send: (data) => cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId: id, data }).then(() => undefined) };
}

function shownNotifications(page: Page, tag?: string): Promise<Shown[]> {
  return page.evaluate(async (t) => {
    const reg = await navigator.serviceWorker.ready;
    const list = await reg.getNotifications(t ? { tag: t } : undefined);
    return list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown, requireInteraction: n.requireInteraction }));
  }, tag);
}

/**
 * One phone for the file (nurse.sato, notifications allowed), signed in through the UI once, so
 * the service worker controls it, and kept: a fresh phone per test paid a sign-in and a worker
 * install each (ADR 0013, stop 15). Each test looks only at the notifications its own push
 * shows (by tag, after its own send; a later push with a tag replaces the earlier one, whose
 * text differs), and the test that changes the phone's language comes last.
 */
const phones = keptPhones({ permissions: ['notifications'] });
test.afterAll(async () => {
  await phones.closeAll();
});
const nurse = async (browser: Browser): Promise<{ context: BrowserContext; page: Page }> => {
  const page = await phones.get(browser, 'nurse.sato');
  return { context: page.context(), page };
};

test('a push for a new consultation shows a notification carrying the consultation’s address', async ({ browser }) => {
  const { context, page } = await nurse(browser);
  const sw = await registrationId(context, page);
  expect(await shownNotifications(page)).toEqual([]);

  const id = '11111111-2222-4333-8444-555555555555';
  await sw.send(
    JSON.stringify({
      title: '新しい相談（至急）',
      body: '山田 太郎さん・小さな変化（ひまわり訪問介護から）',
      url: `/consultations/${id}`,
      urgency: 'immediate',
      tag: `consultation-${id}`,
    }),
  );

  await expect.poll(() => shownNotifications(page, `consultation-${id}`)).toEqual([
    {
      title: '新しい相談（至急）',
      body: '山田 太郎さん・小さな変化（ひまわり訪問介護から）',
      tag: `consultation-${id}`,
      data: { url: `/consultations/${id}` },
      requireInteraction: true,
    },
  ]);

  // A second push for the same consultation replaces its notification instead of adding one.
  await sw.send(
    JSON.stringify({ title: '新しい相談（至急）', body: '再送', url: `/consultations/${id}`, urgency: 'immediate', tag: `consultation-${id}` }),
  );
  await expect.poll(async () => (await shownNotifications(page, `consultation-${id}`)).map((n) => n.body)).toEqual(['再送']);
});

test('a push the worker cannot read still shows a plain notification for the start page', async ({ browser }) => {
  const { context, page } = await nurse(browser);
  const sw = await registrationId(context, page);
  await sw.send('not json');
  await expect.poll(() => shownNotifications(page, 'kizuki')).toEqual([
    { title: '新しいお知らせがあります', body: 'アプリを開いて確認してください。', tag: 'kizuki', data: { url: '/' }, requireInteraction: false },
  ]);
});

test('settings show whether this phone gets notifications, with a button to turn them on', async ({ browser }) => {
  const { page } = await nurse(browser);
  await page.goto('/sync');
  const section = page.getByRole('region', { name: '通知' });
  await expect(section.getByText('この端末では通知を受け取っていません。')).toBeVisible();
  await expect(section.getByRole('button', { name: '通知を受け取る' })).toBeEnabled();
});

test('a push the worker cannot read speaks the language the phone chose', async ({ browser }) => {
  const { context, page } = await nurse(browser);
  await page.goto('/menu');
  await page.getByLabel('言語 / Language', { exact: true }).selectOption({ label: 'Tiếng Việt' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  // The page hands the choice to the worker through Cache Storage (it has no localStorage).
  await expect
    .poll(() => page.evaluate(async () => (await (await caches.open('kizuki-phone')).match('/__phone/locale'))?.text()))
    .toBe('vi');
  const sw = await registrationId(context, page);
  await sw.send('not json');
  await expect.poll(() => shownNotifications(page, 'kizuki')).toEqual([
    { title: 'Có thông báo mới', body: 'Mở ứng dụng để xem.', tag: 'kizuki', data: { url: '/' }, requireInteraction: false },
  ]);
});
