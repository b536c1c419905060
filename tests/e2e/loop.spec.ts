// The care loop end to end in real Chromium: a carer records and consults offline, the
// records reach the server exactly once, a nurse answers, the carer sees the answer.
import { expect, test } from '@playwright/test';
import { allChanges, newPhone, signIn } from './helpers.js';

test('carer records and consults offline; nurse answers; carer sees the reply', async ({ browser }) => {
  const note = `玄関で座り込んでいた ${Date.now()}`;
  const carer = await newPhone(browser);
  const page = carer.page;
  await signIn(page, 'carer.suzuki');
  await page.getByRole('link', { name: '山田 花子' }).click();
  await expect(page.getByRole('heading', { name: '山田 花子' })).toBeVisible();

  // No signal in the client's home.
  await carer.context.setOffline(true);
  await expect(page.getByText('オフライン', { exact: true })).toBeVisible();
  // Offline, the status bar also says when the phone last synced (hazard H8), as people say it.
  await expect(page.getByText(/^最終同期 (たった今|\d+分前)$/)).toBeVisible();
  await page.getByRole('link', { name: '記録する' }).click();
  // The form names whom it records about (hazard H7, the wrong client).
  await expect(page.getByRole('heading', { name: '山田 花子さんの記録', exact: true })).toBeVisible();
  await page.getByLabel('体温', { exact: true }).fill('38.4');
  await page.getByLabel('脈拍', { exact: true }).fill('112');
  await page.getByRole('checkbox', { name: '食事量が減った' }).check();
  await page.getByRole('checkbox', { name: '転倒・転落' }).check();
  await page.getByLabel('メモ', { exact: true }).fill(note);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText(note)).toBeVisible();
  await expect(page.getByText('未送信 1件')).toBeVisible();
  // The URL follows the frame that shows the card (hooks/form-exit.ts): a reload before it
  // reopens the form, as it would for a person who reloaded that quickly.
  await expect(page).toHaveURL(/\/clients\/[^/]+$/);

  // A reload with no network still shows the observation, still unsent.
  await page.reload();
  await expect(page.getByText(note)).toBeVisible();
  await expect(page.getByText('未送信 1件')).toBeVisible();
  await expect(page.getByText('オフライン', { exact: true })).toBeVisible();

  await page.getByRole('link', { name: '看護師に相談する' }).click();
  await expect(page.getByText('山田 花子さんについて', { exact: true })).toBeVisible();
  await expect(page.getByLabel('相談先')).toHaveValue('sakura');
  await expect(page.getByLabel('緊急度')).toHaveValue('today');
  await expect(page.getByLabel('状況（S）')).toHaveValue(new RegExp(note));
  await page.getByRole('button', { name: '相談を送る' }).click();
  await expect(page.getByText('送信待ち', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('未送信 2件')).toBeVisible();

  // Signal again: everything goes out, once.
  await carer.context.setOffline(false);
  await expect(page.getByText('未送信 0件')).toBeVisible({ timeout: 30_000 });
  // Online and synced: the time is no longer said (the bar stays short).
  await expect(page.getByText(/^最終同期 /)).toHaveCount(0);
  await expect(page.locator('[aria-current="step"]')).toHaveText('送信済み');

  const onServer = await allChanges(carer.context.request);
  const observations = onServer.filter((c) => c.type === 'observation' && c.data.note === note);
  expect(observations).toHaveLength(1);
  const consultations = onServer.filter(
    (c) => c.type === 'consultation' && (c.data.observationIds as string[]).includes(observations[0]?.id ?? '-'),
  );
  expect(consultations).toHaveLength(1);
  expect(consultations[0]?.data.suggestedUrgency).toBe('today');

  // The nurse finds it in 相談一覧 and answers.
  const nurse = await newPhone(browser);
  await signIn(nurse.page, 'nurse.sato');
  await expect(nurse.page.getByRole('heading', { name: '相談一覧' })).toBeVisible();
  const row = nurse.page.getByRole('listitem').filter({ hasText: note });
  await row.getByRole('link', { name: '山田 花子' }).click();
  await expect(nurse.page.getByText(note).first()).toBeVisible();
  await nurse.page.getByRole('radio', { name: '訪問します' }).check();
  await nurse.page.getByLabel('返信内容').fill('30分後に伺います。水分を少しずつ取ってもらってください。');
  await nurse.page.getByRole('button', { name: '返信する' }).click();
  await expect(nurse.page.getByText('未送信 0件')).toBeVisible({ timeout: 30_000 });

  // Without a reload, the carer's screen shows the answer.
  await expect(page.locator('[aria-current="step"]')).toHaveText('回答あり', { timeout: 30_000 });
  await expect(page.getByText('30分後に伺います。')).toBeVisible();
  await expect(page.getByText('訪問します')).toBeVisible();

  await nurse.context.close();
  await carer.context.close();
});
