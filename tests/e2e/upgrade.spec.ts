// A newer version of the app upgrades the phone's database while an old tab is open: the old
// tab steps aside and reloads, and nothing typed or queued is lost.
import { expect, test } from '@playwright/test';
import { allChanges, newPhone, signIn } from './helpers.js';
import { waitForDraft } from './wait-for.js';

const YAMADA = '00000000-0000-4000-8000-000000000201';

test('a schema upgrade from another tab loses neither the outbox nor a half-filled form', async ({ browser }) => {
  const note = `アップグレード中の記録 ${Date.now()}`;
  const { context, page } = await newPhone(browser);
  await signIn(page, 'carer.suzuki');
  await expect(page.getByRole('link', { name: '山田 花子' })).toBeVisible();
  await context.setOffline(true);
  await page.goto(`/clients/${YAMADA}/observe`);
  await page.getByLabel('メモ', { exact: true }).fill(note);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('未送信 1件')).toBeVisible();
  await page.goto(`/clients/${YAMADA}/observe`);
  await page.getByLabel('メモ', { exact: true }).fill('書きかけ');
  await waitForDraft(page, '書きかけ');

  // "The new version" in another tab: the same database at a higher version, with a new store.
  const other = await context.newPage();
  await other.goto('/offline.html'); // same origin, without the app's own database connection
  const version = await other.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const probe = indexedDB.open('kizuki');
        probe.onsuccess = () => {
          const next = probe.result.version + 10;
          probe.result.close();
          const req = indexedDB.open('kizuki', next);
          req.onupgradeneeded = () => req.result.createObjectStore('future');
          req.onsuccess = () => {
            req.result.close();
            resolve(next);
          };
          req.onerror = () => reject(req.error);
          req.onblocked = () => undefined;
        };
        probe.onerror = () => reject(probe.error);
      }),
  );
  expect(version).toBeGreaterThan(20);

  // The old tab reloaded itself and still has everything.
  await expect(page.getByText('書きかけの内容を戻しました。')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByLabel('メモ', { exact: true })).toHaveValue('書きかけ');
  await expect(page.getByText('未送信 1件')).toBeVisible();
  await context.setOffline(false);
  await expect(page.getByText('未送信 0件')).toBeVisible({ timeout: 30_000 });
  const stored = (await allChanges(context.request)).filter((c) => c.type === 'observation' && c.data.note === note);
  expect(stored).toHaveLength(1);
  await context.close();
});
