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

/**
 * How long the finger rests on the glass in a bench tap. A finger's tap lasts about 50–150 ms
 * (touch-down to lift); Playwright's `locator.tap()` sends the touch's start and end back to back,
 * so the browser's work for the touch-down (pointerover, pointerdown, touchstart, the gesture's
 * tap-down) queued behind the lift — work a real tap has done before the finger lifts, and which
 * the timer (from the lift) then counted (ADR 0018, stop 21).
 */
export const TAP_HOLD_MS = 80;
const cdpOf = new WeakMap();

/**
 * Taps `locator` on the touch screen (`input` 'tap': a touch held TAP_HOLD_MS at the element's
 * centre, through CDP as Playwright's own tap is) or clicks it with the mouse ('click').
 */
export async function press(locator, input = 'tap') {
  if (input !== 'tap' && input !== 'click') throw new Error(`input must be tap or click, not ${input}`);
  if (input === 'click') return locator.click();
  const page = locator.page();
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (!box) throw new Error('nothing to tap: the element has no box');
  let cdp = cdpOf.get(page);
  if (!cdp) {
    cdp = await page.context().newCDPSession(page);
    cdpOf.set(page, cdp);
  }
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at] });
  await new Promise((resolve) => setTimeout(resolve, TAP_HOLD_MS));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** Taps 保存 on the touch screen (`input` 'tap') or clicks it with the mouse ('click'). */
export function pressSave(page, input = 'tap') {
  return press(page.getByRole('button', { name: '保存', exact: true }), input);
}
