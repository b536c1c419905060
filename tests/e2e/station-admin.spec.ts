// A serving station's admin sees the clients her station serves, not their records (PRODUCT.md
// "Access"; ADR 0003 stop 21): the client page offers her nothing the server would refuse and says
// who reads the records, where the owner's admin records, consults and exports.
import { expect, test } from '@playwright/test';
import { signIn, withoutServiceWorker } from './helpers.js';

test.beforeEach(async ({ context }) => {
  await withoutServiceWorker(context);
});

const RECORDS_NOTE = 'この利用者の記録と相談を見られるのは、利用者の事業所の職員と、担当ステーションの看護師です。';

test('the serving station’s admin: 山田 in her list, no records and no buttons the server refuses', async ({ page }) => {
  await signIn(page, 'admin.sakura');
  await page.goto('/clients');
  await page.getByRole('link', { name: '山田 花子', exact: true }).click();
  await expect(page.getByRole('heading', { name: '山田 花子', level: 1 })).toBeVisible();
  await expect(page.getByText(RECORDS_NOTE)).toBeVisible();
  for (const name of ['記録する', '看護師に相談する']) await expect(page.getByRole('link', { name, exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'FHIRで書き出す', exact: true })).toHaveCount(0);
  // The demo's two weeks of 山田's records are not on her phone: the server sent none.
  await expect(page.locator('li.card')).toHaveCount(0);
});

test('the owner’s admin: records, consults and exports 山田', async ({ page }) => {
  await signIn(page, 'admin.himawari');
  await page.goto('/clients');
  await page.getByRole('link', { name: '山田 花子', exact: true }).click();
  await expect(page.getByRole('link', { name: '記録する', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: '看護師に相談する', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'FHIRで書き出す', exact: true })).toBeVisible();
  await expect(page.getByText(RECORDS_NOTE)).toHaveCount(0);
  await expect(page.locator('li.card').first()).toBeVisible();
});
