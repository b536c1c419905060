// The 保存しました notice of a worrying record says why, naming what decides the urgency first: a
// record at 至急 because of 意識 「V」 names 意識, not only the temperature that is also above
// 山田's usual value (ADR 0025's note; ui/deviation.ts savedReasons).
import { expect, test } from '@playwright/test';
import { signIn, withoutServiceWorker } from './helpers.js';

test.beforeEach(async ({ context }) => {
  await withoutServiceWorker(context);
});

test('a record at 至急 because of 意識 says 意識 first, then the temperature above usual', async ({ page }) => {
  await signIn(page, 'carer.suzuki');
  await page.goto('/clients');
  await page.getByRole('link', { name: '山田 花子', exact: true }).click();
  await page.getByRole('link', { name: '記録する', exact: true }).click();
  // 山田's usual temperature is 36.4: 37.8 is far from it, and scores nothing in NEWS2 below 38.1.
  await page.getByLabel('体温', { exact: true }).fill('37.8');
  await page.getByRole('radiogroup', { name: '意識' }).getByRole('radio', { name: /呼びかけると反応する/ }).check();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  const notice = page.getByRole('status').filter({ hasText: '保存しました' });
  await expect(notice).toContainText('記録からの目安は「至急」です。');
  const text = (await notice.textContent()) ?? '';
  const consciousness = text.indexOf('意識: 呼びかけると反応する');
  const temperature = text.indexOf('体温');
  expect(consciousness, text).toBeGreaterThan(-1);
  expect(temperature, text).toBeGreaterThan(consciousness);
});
