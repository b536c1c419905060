// The nurse's flows: the queue by priority, a read receipt the carer sees, the client's trend,
// usual values, and answering while offline.
import { expect, test, type Page } from '@playwright/test';
import { newPhone, signIn } from './helpers.js';
import { idbRows } from './wait-for.js';

const YAMADA = '00000000-0000-4000-8000-000000000201';
const NAKAMURA = '00000000-0000-4000-8000-000000000203';

/** Records an observation and consults about it; ends on the consultation's page. */
async function consult(page: Page, client: string, note: string, urgency: string) {
  await page.goto(`/clients/${client}/observe`);
  await page.getByLabel('メモ', { exact: true }).fill(note);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByRole('link', { name: '看護師に相談する' }).click();
  await page.getByLabel('緊急度').selectOption({ label: urgency });
  await page.getByRole('button', { name: '相談を送る' }).click();
  await page.waitForURL(/\/consultations\//);
  await expect(page.getByText('未送信 0件')).toBeVisible();
}

test('most urgent first; opening marks it read for the carer; trend and usual values; a reply sent offline arrives once', async ({ browser }, info) => {
  const stamp = Date.now();
  const carer = await newPhone(browser);
  await signIn(carer.page, 'carer.takahashi');
  await consult(carer.page, NAKAMURA, `共有 ${stamp}`, '共有のみ');
  await consult(carer.page, YAMADA, `至急 ${stamp}`, '至急');
  const consultationUrl = carer.page.url();

  const nurse = await newPhone(browser);
  await nurse.page.setViewportSize({ width: 360, height: 740 });
  await signIn(nurse.page, 'nurse.sato');
  await expect(nurse.page.getByRole('heading', { name: '相談一覧' })).toBeVisible();
  const cards = nurse.page.locator('li.triage');
  await expect(cards.filter({ hasText: `至急 ${stamp}` })).toBeVisible();
  // textContent, not innerText: cards far down the list may not be laid out yet.
  const texts = await cards.allTextContents();
  const urgent = texts.findIndex((t) => t.includes(`至急 ${stamp}`));
  const fyi = texts.findIndex((t) => t.includes(`共有 ${stamp}`));
  expect(urgent).toBeGreaterThanOrEqual(0);
  expect(urgent).toBeLessThan(fyi);
  // The most urgent one is visible without scrolling at 360 px.
  await expect(cards.first()).toBeInViewport();
  // Each card says who asked, in the consultation page's words, within the 360 px card.
  const from = cards.filter({ hasText: `至急 ${stamp}` }).getByText('送った人: 高橋 ヘルパー（ひまわり訪問介護）');
  await expect(from).toBeVisible();
  expect(((await from.boundingBox())?.x ?? 0) + ((await from.boundingBox())?.width ?? Infinity)).toBeLessThanOrEqual(360);
  await nurse.page.screenshot({ path: info.outputPath('triage-360.png') });

  // The carer's page for that consultation, before the nurse opens it.
  await carer.page.goto(consultationUrl);
  await expect(carer.page.locator('[aria-current="step"]')).toHaveText('送信済み');

  await cards.filter({ hasText: `至急 ${stamp}` }).getByRole('link', { name: '山田 花子' }).click();
  await expect(nurse.page.getByRole('heading', { name: '最近14日の記録' })).toBeVisible();
  await expect(nurse.page.getByRole('img', { name: /体温: \d+回の記録/ })).toBeVisible();
  // Whom she answers: the carer and the provider.
  await expect(nurse.page.getByText('送った人: 高橋 ヘルパー（ひまわり訪問介護）')).toBeVisible();
  await expect(carer.page.locator('[aria-current="step"]')).toHaveText('既読', { timeout: 30_000 });

  // Offline reply: queued on the nurse's phone, sent once when the signal returns.
  await nurse.context.setOffline(true);
  await nurse.page.getByRole('radio', { name: '訪問します' }).check();
  await nurse.page.getByRole('button', { name: '定型文を入れる' }).click();
  await expect(nurse.page.getByLabel('返信内容')).toHaveValue(/これから訪問します/);
  await nurse.page.getByRole('button', { name: '返信する' }).click();
  await expect(nurse.page.getByText('未送信 1件')).toBeVisible();
  await nurse.context.setOffline(false);
  await expect(nurse.page.getByText('未送信 0件')).toBeVisible({ timeout: 30_000 });
  await expect(carer.page.locator('[aria-current="step"]')).toHaveText('回答あり', { timeout: 30_000 });
  await expect(carer.page.getByText('これから訪問します。', { exact: false })).toBeVisible();
  // The latest answer is shown once, first on the carer's page; earlier ones in the conversation.
  const replies = await carer.page.locator('.answer .body, .msg.from-nurse .body').allInnerTexts();
  expect(replies.filter((t) => t.includes('これから訪問します'))).toHaveLength(1);

  // Usual values, set by the serving station's nurse, reach the carer's form.
  await nurse.page.goto(`/clients/${NAKAMURA}`);
  await nurse.page.getByText('いつもの値（看護師が設定）').click();
  await nurse.page.getByLabel('いつもの体温').fill('36.0');
  await nurse.page.getByRole('button', { name: 'いつもの値を保存' }).click();
  // On the server (「未送信 0件」 and 「最終更新: 佐藤」 were true before the save too: the demo's
  // values are sato's): the write arrived and was not refused.
  await expect
    .poll(async () => ((await (await nurse.page.request.get(`/api/clients/${NAKAMURA}`)).json()) as { usual?: { temperature?: number } }).usual?.temperature, {
      timeout: 30_000,
    })
    .toBe(36);
  await expect(nurse.page.getByText('未送信 0件')).toBeVisible({ timeout: 30_000 });
  await expect(nurse.page.getByText(/最終更新: 佐藤 看護師/)).toBeVisible();
  await expect(nurse.page.getByText('送信できなかった記録', { exact: false })).toHaveCount(0);
  await carer.page.goto(`/clients/${NAKAMURA}/observe`);
  // The carer's phone has the new usual values once a sync (on opening, or a polling round) brought them down.
  await expect
    .poll(async () => (await idbRows(carer.page, 'clients')).some((c) => {
      const client = c as { id?: string; usual?: { temperature?: number } };
      return client.id === NAKAMURA && client.usual?.temperature === 36;
    }), { timeout: 30_000 })
    .toBe(true);
  await carer.page.getByLabel('体温', { exact: true }).fill('37.0');
  await expect(carer.page.getByText('いつも 36.0（+1.0）')).toBeVisible({ timeout: 15_000 });
  await carer.context.close();
  await nurse.context.close();
});
