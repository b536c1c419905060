// A new version never interrupts work: the update prompt waits while a form holds unsaved
// input, then sends what it can and reloads into the new service worker; nothing is lost.
import { expect, test } from '@playwright/test';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../fixtures/ports.js';
import { OwnServer } from './fault-helpers.js';
import { allChanges, signIn } from './helpers.js';
import { twoFrames } from './wait-for.js';

const YAMADA = '00000000-0000-4000-8000-000000000201';

test('the update prompt waits for unsaved input, then reloads into the new version without losing anything', async ({ browser }) => {
  const note = `更新の前の記録 ${Date.now()}`;
  // A server of our own on a copy of the build, so that a "new version" can be deployed under it.
  const build = mkdtempSync(join(tmpdir(), 'kizuki-build-'));
  cpSync('dist/client', build, { recursive: true });
  const server = new OwnServer(await freePort(), { demo: true, env: { STATIC_DIR: build } });
  await server.start();
  const context = await browser.newContext({ baseURL: server.baseURL, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  try {
    await signIn(page, 'carer.suzuki');
    await expect(page.getByRole('link', { name: '山田 花子' })).toBeVisible();

    // "Deploy" a new version: the same worker with different bytes.
    appendFileSync(join(build, 'sw.js'), '\n// next version\n');

    await page.goto(`/clients/${YAMADA}/observe`);
    await page.getByLabel('メモ', { exact: true }).fill(note);
    const before = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await expect
      .poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting), { timeout: 20_000 })
      .toBe(true);
    // Unsaved input on screen: no prompt (asserted once the page has rendered since the worker began waiting).
    await twoFrames(page);
    await expect(page.getByText('新しいバージョンがあります。')).toHaveCount(0);

    await context.setOffline(true);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.getByText('未送信 1件')).toBeVisible();
    await expect(page.getByText('新しいバージョンがあります。')).toBeVisible();
    const reloaded = page.waitForEvent('load', { timeout: 20_000 });
    await page.getByRole('button', { name: '更新する' }).click();
    await reloaded;

    // Reloaded into the new worker; the record is still on the phone and then arrives once.
    await expect
      .poll(() => page.evaluate(async () => !(await navigator.serviceWorker.getRegistration())?.waiting), { timeout: 20_000 })
      .toBe(true);
    await expect(page.getByText('新しいバージョンがあります。')).toHaveCount(0);
    await expect(page.getByText(note)).toBeVisible();
    await expect(page.getByText('未送信 1件')).toBeVisible();
    expect(before).toBeTruthy();
    await context.setOffline(false);
    await expect(page.getByText('未送信 0件')).toBeVisible({ timeout: 30_000 });
    const stored = (await allChanges(context.request)).filter((c) => c.type === 'observation' && c.data.note === note);
    expect(stored).toHaveLength(1);
  } finally {
    await context.close();
    await server.dispose();
    rmSync(build, { recursive: true, force: true });
  }
});
