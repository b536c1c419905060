// A new page's heading takes the focus when the old page took the focused element with it
// (hooks/use-page-focus.ts): a screen reader then says where the person is, and a keyboard goes on
// from there, not from the document's start.
import { expect, test, type Page } from '@playwright/test';
import { signIn, withoutServiceWorker } from './helpers.js';

test.beforeEach(async ({ context }) => {
  await withoutServiceWorker(context);
});

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()}:${(el.textContent ?? '').trim()}` : null;
  });

test('following a link, and saving an observation, the new page’s heading has the focus', async ({ page }) => {
  await signIn(page, 'carer.suzuki');
  await page.goto('/clients');
  await page.getByRole('link', { name: '山田 花子', exact: true }).click();
  await expect(page.getByRole('heading', { name: '山田 花子', level: 1 })).toBeVisible();
  await expect.poll(() => focused(page)).toBe('h1:山田 花子');

  await page.getByRole('link', { name: '記録する', exact: true }).click();
  await page.getByLabel('体温', { exact: true }).fill('36.6');
  const note = `focus ${Date.now()}`;
  await page.getByLabel('メモ', { exact: true }).fill(note);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText(note)).toBeVisible();
  await expect(page).toHaveURL(/\/clients\/[^/]+$/);
  await expect.poll(() => focused(page)).toBe('h1:山田 花子');

  // お知らせを閉じる goes with the notice it closes: the focus goes back to the heading.
  await page.getByRole('button', { name: 'お知らせを閉じる', exact: true }).click();
  await expect(page.getByText('保存しました')).toHaveCount(0);
  await expect.poll(() => focused(page)).toBe('h1:山田 花子');
});

test('a page whose code loads first — 相談一覧 after ログイン, a consultation after 相談一覧 — takes the focus too', async ({ page }) => {
  // The old page is hidden, not removed, while the new one's code loads: its focused link still
  // counted as 「something holds the focus」, and the focus then fell to the document's start.
  await page.goto('/');
  await page.getByLabel('ログインID', { exact: true }).fill('nurse.sato');
  await page.getByLabel('パスワード', { exact: true }).fill('kizuki-demo');
  await page.getByRole('button', { name: 'ログイン', exact: true }).press('Enter');
  await expect(page.getByRole('heading', { name: '相談一覧', level: 1 })).toBeVisible();
  await expect.poll(() => focused(page)).toBe('h1:相談一覧');
  await page.locator('li.triage a').first().press('Enter');
  await expect(page).toHaveURL(/\/consultations\//);
  await expect.poll(() => focused(page)).toMatch(/^h1:\S.*さんについての相談$/);
});

test('a browser without Element.checkVisibility (Safari before 17.4) gives the heading the focus too', async ({ page }) => {
  await page.addInitScript(() => {
    delete (Element.prototype as { checkVisibility?: unknown }).checkVisibility;
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'carer.suzuki');
  await page.goto('/clients');
  await page.getByRole('link', { name: '山田 花子', exact: true }).click();
  await expect(page.getByRole('heading', { name: '山田 花子', level: 1 })).toBeVisible();
  await expect.poll(() => focused(page)).toBe('h1:山田 花子');
  expect(errors).toEqual([]);
});
