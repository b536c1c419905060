// Installable and offline from the first visit after sign-in: the manifest, and every route
// loading with no network (lazy pages included, served by the service worker's precache).
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { newPhone, signIn } from './helpers.js';

const YAMADA = '00000000-0000-4000-8000-000000000201';

test('the manifest is Japanese and installable; the shell and headers are right', async ({ request }) => {
  const res = await request.get('/manifest.webmanifest');
  expect(res.status()).toBe(200);
  expect(res.headers()['cache-control']).toBe('no-cache');
  const m = (await res.json()) as Record<string, unknown> & { icons: { sizes: string; purpose?: string }[]; screenshots: unknown[] };
  expect(m).toMatchObject({ lang: 'ja', short_name: '気づき', start_url: '/', display: 'standalone' });
  expect(m.theme_color).toBeTruthy();
  expect(m.background_color).toBeTruthy();
  expect(m.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(m.icons.some((i) => i.purpose === 'maskable')).toBe(true);
  expect(m.screenshots.length).toBeGreaterThan(0);
  for (const icon of ['/icon-192.png', '/icon-512.png', '/icon-maskable-512.png', '/apple-touch-icon.png']) {
    expect((await request.get(icon)).status(), icon).toBe(200);
  }
  const shell = await request.get('/');
  expect(shell.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(shell.headers()['x-content-type-options']).toBe('nosniff');
  expect(shell.headers()['cache-control']).toBe('no-cache');
  const html = await shell.text();
  expect(html).toContain('apple-touch-icon');
  // The favicon is a small PNG: Chromium fetches and decodes it again after every navigation on
  // the page's main thread, and an SVG there costs ~20–30 ms on a throttled phone (issue 14).
  const favicon = /<link rel="icon" href="([^"]+)"/.exec(html)?.[1];
  expect(favicon).toBeDefined();
  const icon = await request.get(favicon as string);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/png');
  expect((await request.get('/sw.js')).headers()['cache-control']).toBe('no-cache');
});

test('after sign-in, every route opens with no network', async ({ browser }) => {
  const { context, page } = await newPhone(browser);
  await signIn(page, 'carer.suzuki');
  await expect(page.getByRole('link', { name: '山田 花子' })).toBeVisible();
  await context.setOffline(true);
  const routes: [string, RegExp][] = [
    ['/', /利用者一覧/],
    [`/clients/${YAMADA}`, /山田 花子/],
    [`/clients/${YAMADA}/observe`, /山田 花子さんの記録/],
    [`/clients/${YAMADA}/consult`, /看護師に相談/],
    ['/sync', /送信の状況/],
    ['/feedback', /看護師からのフィードバック/],
    ['/account', /アカウント/],
    ['/install', /ホーム画面に追加する/],
  ];
  for (const [path, heading] of routes) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading }), path).toBeVisible();
    await expect(page.getByText('オフライン', { exact: true })).toBeVisible();
  }
  // Not an app route and not cached: the offline page, not the browser's error.
  await page.goto('/api/health');
  await expect(page.getByRole('heading', { name: 'オフラインです' })).toBeVisible();
  await context.close();
});

/** The signal drops and comes back (the page's `online`), and the page waits until a worker controls it. */
async function backOnlineUntilControlled(context: BrowserContext, page: Page): Promise<void> {
  await context.setOffline(true);
  await context.setOffline(false);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    }
  });
}

/** With no network, a reload still opens the app: the worker serves it. */
async function expectSignInOffline(context: BrowserContext, page: Page): Promise<void> {
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('button', { name: 'ログイン', exact: true })).toBeVisible();
}

test('a first visit that could not fetch the service worker gets it once the phone is back online', async ({ browser }) => {
  const { context, page } = await newPhone(browser);
  // The first fetch of the worker's registration module fails, as on a signal lost mid-visit.
  let fetched = 0;
  await context.route(/\/assets\/workbox-window[^/]*\.js$/, (route) => (fetched++ === 0 ? route.abort('internetdisconnected') : route.continue()));
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'ログイン', exact: true })).toBeVisible();
  await expect.poll(() => fetched).toBe(1);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) === undefined)).toBe(true);
  // The signal comes back: the page registers the worker, which then serves it offline.
  await backOnlineUntilControlled(context, page);
  // Fetched again by the page (and once more by the worker, which precaches it).
  expect(fetched).toBeGreaterThanOrEqual(2);
  await expectSignInOffline(context, page);
  await context.close();
});

test('a first visit whose worker could not precache a file (its install failed) gets the worker once the phone is back online', async ({ browser }) => {
  const { context, page } = await newPhone(browser);
  // The worker's first fetch of one file it precaches fails, as on a signal lost mid-install: the
  // install fails and the browser drops the worker ('redundant'). The page itself never loads this file.
  let fetchedByWorker = 0;
  await context.route(/\/assets\/AuditPage-[^/]*\.js$/, (route) =>
    route.request().serviceWorker() !== null && fetchedByWorker++ === 0 ? route.abort('internetdisconnected') : route.continue(),
  );
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'ログイン', exact: true })).toBeVisible();
  await expect.poll(() => fetchedByWorker, { timeout: 30_000 }).toBe(1);
  // Dropped: no worker installing, waiting or active.
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const r = await navigator.serviceWorker.getRegistration();
          return r === undefined || (!r.installing && !r.waiting && !r.active);
        }),
      { timeout: 30_000 },
    )
    .toBe(true);
  // The signal comes back: the page registers the worker again; it installs, and serves the app offline.
  await backOnlineUntilControlled(context, page);
  expect(fetchedByWorker).toBe(2);
  await expectSignInOffline(context, page);
  await context.close();
});
