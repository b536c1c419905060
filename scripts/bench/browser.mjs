// Chromium through Playwright (Debian's binary, nothing downloaded) and the app's sign-in.
import { chromium, devices } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS, DEMO_PASSWORD } from './util.mjs';

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
}

/** A phone-sized context like the e2e tests use. */
export async function newPhone(browser, base) {
  const context = await browser.newContext({
    ...devices['Pixel 7'],
    baseURL: base,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  return { context, page };
}

/** Opens the app, waits for the service worker to control it, signs in through the form. */
export async function signIn(page, loginId) {
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => {
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve(undefined), { once: true });
        setTimeout(resolve, 10_000);
      });
    }
  });
  await page.getByLabel('ログインID', { exact: true }).fill(loginId);
  await page.getByLabel('パスワード', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByRole('button', { name: 'ログアウト' }).waitFor();
}

/** Taps `locator` on the touch screen (`input` 'tap') or clicks it with the mouse ('click'). */
export function press(locator, input = 'tap') {
  if (input !== 'tap' && input !== 'click') throw new Error(`input must be tap or click, not ${input}`);
  return input === 'tap' ? locator.tap() : locator.click();
}

/** Taps 保存 on the touch screen (`input` 'tap') or clicks it with the mouse ('click'). */
export function pressSave(page, input = 'tap') {
  return press(page.getByRole('button', { name: '保存', exact: true }), input);
}
