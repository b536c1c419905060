// Issue 15: a nurse reading Japanese answers with a template — a code with parameters — and a
// carer whose phone speaks Tiếng Việt reads it in Vietnamese; a nurse's free Japanese text
// reaches a reader of やさしい日本語 with ふりがな (<ruby>, added by the server).
import { expect, test, type Page } from '@playwright/test';
import { newPhone, signIn } from './helpers.js';

test.use({ viewport: { width: 390, height: 844 } });

const YAMADA = '00000000-0000-4000-8000-000000000201';

/** 「言語 / Language」 on the menu: the phone's language. */
async function chooseLanguage(page: Page, label: string, tag: string) {
  await page.goto('/menu');
  await page.getByLabel('言語 / Language', { exact: true }).selectOption({ label });
  await expect(page.locator('html')).toHaveAttribute('lang', tag);
}

test('a template answer reaches a Vietnamese-reading carer in Vietnamese; free Japanese text gets ふりがな in やさしい日本語', async ({ browser }) => {
  const stamp = Date.now();
  // Online, about the words on screen: phones without service workers (withoutServiceWorker).
  const carer = await newPhone(browser, { withoutWorker: true });
  await signIn(carer.page, 'carer.takahashi');
  await carer.page.goto(`/clients/${YAMADA}/observe`);
  await carer.page.getByLabel('メモ', { exact: true }).fill(`水分 ${stamp}`);
  await carer.page.getByRole('button', { name: '保存', exact: true }).click();
  await carer.page.getByRole('link', { name: '看護師に相談する' }).click();
  await carer.page.getByLabel('緊急度').selectOption({ label: '今日中' });
  await carer.page.getByRole('button', { name: '相談を送る' }).click();
  await carer.page.waitForURL(/\/consultations\//);
  await expect(carer.page.getByText('未送信 0件')).toBeVisible();
  const consultationUrl = new URL(carer.page.url()).pathname;
  await chooseLanguage(carer.page, 'Tiếng Việt', 'vi');

  // The nurse reads Japanese and picks 「水分を少しずつ…{hours}時間後に…」 with 1 hour.
  const nurse = await newPhone(browser, { withoutWorker: true });
  await signIn(nurse.page, 'nurse.sato');
  await nurse.page.goto(consultationUrl);
  await nurse.page.getByRole('radio', { name: '助言' }).check();
  await nurse.page.getByLabel('定型文', { exact: true }).selectOption('fluids_recheck');
  await nurse.page.getByLabel('何時間後').fill('1');
  await nurse.page.getByRole('button', { name: '定型文を入れる' }).click();
  const japanese = '水分を少しずつとってもらい、1時間後にもう一度測ってください。';
  await expect(nurse.page.getByLabel('返信内容')).toHaveValue(japanese);
  await nurse.page.getByLabel('お願いしたいこと（任意）').fill('2時間後に再検温');
  await nurse.page.getByRole('button', { name: '返信する' }).click();
  await expect(nurse.page.getByText('未送信 0件')).toBeVisible({ timeout: 30_000 });
  // The nurse's own conversation shows it in Japanese.
  await expect(nurse.page.locator('.msg.from-nurse .body')).toHaveText(japanese);

  // The carer's phone, in Vietnamese: the answer first, in Vietnamese, no Japanese template text.
  await carer.page.goto(consultationUrl);
  const answer = carer.page.locator('.answer .body');
  await expect(answer).toHaveText('Cho uống nước từng chút một, và đo lại sau 1 giờ.', { timeout: 30_000 });
  await expect(carer.page.getByText(japanese)).toHaveCount(0);

  // The carer does the nurse's task and says so: the report names the task it completes, so the
  // carer reads it in Vietnamese and the nurse in Japanese (shared/reports.ts).
  await carer.page.getByRole('button', { name: 'Đã làm: "2時間後に再検温"' }).click();
  await expect(carer.page.locator('.msg.from-carer .body')).toHaveText('Đã làm: "2時間後に再検温"');
  await expect(carer.page.getByText('Chưa gửi: 0')).toBeVisible({ timeout: 30_000 });
  await expect(carer.page.getByText('を行いました')).toHaveCount(0);
  await nurse.page.reload();
  await expect(nurse.page.locator('.msg.from-carer .body')).toHaveText('「2時間後に再検温」を行いました。', { timeout: 30_000 });

  // A free-text answer in Japanese: as written, with ふりがな for a reader of やさしい日本語.
  await nurse.page.getByLabel('返信内容').fill('熱が出たら連絡してください。');
  await nurse.page.getByRole('button', { name: '返信する' }).click();
  await expect(nurse.page.getByText('未送信 0件')).toBeVisible({ timeout: 30_000 });
  await chooseLanguage(carer.page, 'やさしい日本語', 'ja-x-easy');
  await carer.page.goto(consultationUrl);
  await expect(answer.locator('ruby').first()).toBeVisible({ timeout: 30_000 });
  await expect(answer.locator('ruby', { hasText: '熱' }).locator('rt')).toHaveText('ねつ');
  await expect(answer.locator('ruby', { hasText: '連絡' }).locator('rt')).toHaveText('れんらく');
  // The first answer now stands in the conversation, its task as the nurse wrote it — in
  // Japanese, so with ふりがな here too (taskRuby).
  const task = carer.page.locator('.msg.from-nurse .reply');
  await expect(task).toContainText('おねがい:');
  await expect(task.locator('ruby', { hasText: '検温' }).locator('rt')).toHaveText('けんおん');
  // Read in Vietnamese, the same task is named as Japanese text, never translated.
  await chooseLanguage(carer.page, 'Tiếng Việt', 'vi');
  await carer.page.goto(consultationUrl);
  await expect(task).toHaveText('Nhờ: 2時間後に再検温');
  await expect(task.locator('ruby')).toHaveCount(0);
  await expect(carer.page.locator('.msg.from-nurse .written-in').first()).toHaveText(/^Viết bằng tiếng Nhật$/i);
  // The nurse, reading Japanese, sees no ruby.
  await expect(nurse.page.locator('.msg.from-nurse ruby')).toHaveCount(0);
  await carer.context.close();
  await nurse.context.close();
});
