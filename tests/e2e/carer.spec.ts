// The care worker's flows beyond the basic loop: drafts that survive a reload, typo hints,
// the 119 guidance at NEWS2 ≥ 7, consulting a station that does not serve the client,
// answering a nurse's follow-up and closing with "did it help".
import { expect, test } from '@playwright/test';
import { allChanges, newPhone, signIn } from './helpers.js';
import { waitForDraft } from './wait-for.js';

const YAMADA = '00000000-0000-4000-8000-000000000201';
const KOBAYASHI = '00000000-0000-4000-8000-000000000204';

test('a half-filled observation survives a reload, offline', async ({ browser }, info) => {
  // This run's own note: an earlier run's saved draft is on the client's page too.
  const draftNote = `下書きのメモ ${Date.now()}`;
  const { context, page } = await newPhone(browser);
  await signIn(page, 'carer.takahashi');
  await expect(page.getByRole('link', { name: '山田 花子' })).toBeVisible();
  await page.goto(`/clients/${YAMADA}/observe`);
  await context.setOffline(true);
  await page.getByLabel('体温', { exact: true }).fill('375');
  await expect(page.getByText('37.5 ですか？')).toBeVisible();
  await page.getByLabel('体温', { exact: true }).fill('37.5');
  await page.getByRole('checkbox', { name: '眠りの変化' }).check();
  await page.getByLabel('メモ', { exact: true }).fill(draftNote);
  await waitForDraft(page, draftNote); // the draft is written a moment after typing stops
  await page.reload();
  await expect(page.getByText('書きかけの内容を戻しました。')).toBeVisible();
  await expect(page.getByLabel('体温', { exact: true })).toHaveValue('37.5');
  await expect(page.getByRole('checkbox', { name: '眠りの変化' })).toBeChecked();
  await expect(page.getByLabel('メモ', { exact: true })).toHaveValue(draftNote);
  await page.screenshot({ path: info.outputPath('draft-restored.png') });
  await page.getByRole('button', { name: '保存', exact: true }).click();
  // The client page says it was saved (the note itself is also on the form, so it proves nothing).
  await expect(page.getByText(/保存しました/)).toBeVisible();
  await expect(page.getByText(draftNote)).toBeVisible();
  // Saved: the draft is gone.
  await page.goto(`/clients/${YAMADA}/observe`);
  await expect(page.getByLabel('メモ', { exact: true })).toHaveValue('');
  await context.close();
});

test('NEWS2 ≥ 7 shows the emergency plan and 119 before sending; the usual value is shown with the difference', async ({ browser }, info) => {
  // Screens only: a phone without service workers (withoutServiceWorker in helpers.ts).
  const { context, page } = await newPhone(browser, { withoutWorker: true });
  await signIn(page, 'carer.suzuki');
  await page.goto(`/clients/${YAMADA}/observe`);
  await page.getByLabel('体温', { exact: true }).fill('39.4');
  await expect(page.getByText(/いつも 36\.4（\+3\.0）/)).toBeVisible();
  await page.getByLabel('呼吸数', { exact: true }).fill('26');
  await page.getByLabel('脈拍', { exact: true }).fill('128');
  await page.getByLabel('SpO2', { exact: true }).fill('91');
  await expect(page.getByText(/NEWS2 目安 \d+点（7項目中 4 項目）/)).toBeVisible();
  await expect(page.getByText('NEWS2 © Royal College of Physicians 2017')).toBeVisible();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByRole('link', { name: '看護師に相談する' }).click();
  const alert = page.getByRole('alert').filter({ hasText: '119' });
  await expect(alert).toBeVisible();
  // Japanese sentences follow each other with no space between them (i18n/locales.ts sentenceGap).
  await expect(alert).toContainText('NEWS2 が 7 点以上です。命に関わる状態かもしれません。迷ったら 119 番へ。利用者の緊急時の取り決めに従ってください。');
  await expect(page.getByText(/長男（090-0000-0001）/)).toBeVisible();
  await expect(page.getByLabel('緊急度')).toHaveValue('immediate');
  await page.screenshot({ path: info.outputPath('emergency.png'), fullPage: true });
  await context.close();
});

test('a carer consults a station that does not serve the client; that nurse answers with a follow-up; the carer reports and closes', async ({ browser }) => {
  // This run's own words: an earlier run's task and feedback are still on the server (and on the
  // organization's feedback page), and must not be what the checks find.
  const stamp = Date.now();
  const note = `発作のあと眠っている ${stamp}`;
  const task = `2時間後に再検温 ${stamp}`;
  const next = `呼吸の回数 ${stamp}`;
  // Online throughout, about who may consult whom: phones without service workers.
  const carer = await newPhone(browser, { withoutWorker: true });
  await signIn(carer.page, 'carer.ito');
  const p = carer.page;
  await p.goto(`/clients/${KOBAYASHI}/observe`);
  await p.getByLabel('メモ', { exact: true }).fill(note);
  await p.getByRole('checkbox', { name: 'ぼんやりしている・反応が鈍い' }).check();
  await p.getByRole('button', { name: '保存', exact: true }).click();
  await p.getByRole('link', { name: '看護師に相談する' }).click();
  await p.getByLabel('相談先').selectOption({ label: 'みどり訪問看護ステーション' });
  await p.getByLabel('分類').selectOption({ label: '判断に迷うこと' });
  await p.getByRole('button', { name: '相談を送る' }).click();
  await p.waitForURL(/\/consultations\//);
  await expect(p.getByText('未送信 0件')).toBeVisible();

  const nurse = await newPhone(browser, { withoutWorker: true });
  await signIn(nurse.page, 'nurse.tanaka');
  const row = nurse.page.getByRole('listitem').filter({ hasText: note });
  await row.getByRole('link', { name: '小林 健太' }).click();
  await nurse.page.getByRole('radio', { name: '助言' }).check();
  await nurse.page.getByLabel('返信内容').fill('呼吸が落ち着いていれば様子を見てください。');
  await nurse.page.getByLabel('お願いしたいこと（任意）').fill(task);
  await nurse.page.getByRole('checkbox', { name: 'よく気づきました' }).check();
  await nurse.page.getByLabel('次はここも見てください').fill(next);
  await nurse.page.getByRole('button', { name: '返信する' }).click();
  await expect(nurse.page.getByText('未送信 0件')).toBeVisible();

  // The carer's consultation page shows the answer, the task and the feedback.
  await expect(p.locator('[aria-current="step"]')).toHaveText('回答あり', { timeout: 30_000 });
  await expect(p.getByText('★ よく気づきました')).toBeVisible();
  await p.goto(`/clients/${KOBAYASHI}`);
  await expect(p.getByRole('link', { name: task })).toBeVisible();
  await p.getByRole('link', { name: task }).click();
  await p.getByRole('button', { name: `「${task}」を行いました` }).click();
  await expect(p.getByRole('button', { name: `「${task}」を行いました` })).toHaveCount(0);
  await p.getByRole('radio', { name: '役に立った' }).check();
  await p.getByRole('button', { name: '完了にする' }).click();
  await p.getByRole('button', { name: 'はい、完了する' }).click(); // 完了 asks first (issue 18.8)
  await expect(p.locator('[aria-current="step"]')).toHaveText('完了', { timeout: 30_000 });
  await p.goto('/feedback');
  await expect(p.getByText(`次はここも見てください: ${next}`)).toBeVisible();
  // The organization's feedback is listed; this one is about her consultation, and says so.
  const mine = p.getByRole('listitem').filter({ hasText: `次はここも見てください: ${next}` });
  await expect(mine.getByText('あなたが送った相談へのフィードバック')).toBeVisible();

  // The nurse's side sees the closed consultation, and that the advice helped.
  await nurse.page.reload();
  await expect(nurse.page.getByText('完了にしました（助言は役に立った）')).toBeVisible({ timeout: 30_000 });
  await carer.context.close();
  await nurse.context.close();
});

test('a photo taken offline is shrunk, loses its location, and reaches the server with the observation', async ({ browser }, info) => {
  test.slow(); // a 3000 × 2000 photo made, compressed and uploaded in the page, then read by a second phone
  const note = `写真つき ${Date.now()}`;
  const { context, page } = await newPhone(browser);
  await signIn(page, 'carer.suzuki');
  await expect(page.getByRole('link', { name: '山田 花子' })).toBeVisible();
  // A real, large JPEG made by the browser, with an Exif segment carrying a GPS position added.
  const jpeg = await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 3000;
    c.height = 2000;
    const g = c.getContext('2d');
    if (!g) throw new Error('no canvas');
    for (let i = 0; i < 3000; i++) {
      g.fillStyle = `hsl(${i % 360} 70% 50%)`;
      g.fillRect((i * 37) % 3000, (i * 53) % 2000, 40, 40);
    }
    const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b as Blob), 'image/jpeg', 0.95));
    // Handed over as base64: an array of numbers is a JSON text several times the photo's size.
    const url = await new Promise<string>((r) => {
      const reader = new FileReader();
      reader.onload = () => r(String(reader.result));
      reader.readAsDataURL(blob);
    });
    return url.slice(url.indexOf(',') + 1);
  });
  const exif = Buffer.from('Exif\0\0GPSLatitude=35.6895;GPSLongitude=139.6917', 'latin1');
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, exif.length + 2]), exif]);
  const original = Buffer.from(jpeg, 'base64');
  const withGps = Buffer.concat([original.subarray(0, 2), app1, original.subarray(2)]);
  expect(withGps.length).toBeGreaterThan(300 * 1024);

  await page.goto(`/clients/${YAMADA}/observe`);
  await context.setOffline(true);
  await page.getByLabel('メモ', { exact: true }).fill(note);
  await page.getByLabel('写真（任意）').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: withGps });
  await expect(page.getByRole('img', { name: '添付する写真' })).toBeVisible();
  await expect(page.getByText(/KB（位置情報は含みません）/)).toBeVisible();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('未送信 2件')).toBeVisible();
  await expect(page.getByRole('img', { name: '観察記録の写真' }).first()).toBeVisible();
  await page.screenshot({ path: info.outputPath('photo-offline.png'), fullPage: true });
  await context.setOffline(false);
  await expect(page.getByText('未送信 0件')).toBeVisible({ timeout: 30_000 });

  const changes = await allChanges(context.request);
  const obs = changes.filter((c) => c.type === 'observation' && c.data.note === note);
  expect(obs).toHaveLength(1);
  const res = await context.request.get(`/api/observations/${obs[0]?.id}/photo`);
  expect(res.status()).toBe(200);
  const stored = await res.body();
  expect(stored.length).toBeLessThanOrEqual(300 * 1024);
  expect(stored.includes(Buffer.from('GPSLatitude'))).toBe(false);
  expect(stored.includes(Buffer.from('Exif'))).toBe(false);

  // The serving station's nurse sees it, loaded from the server on her phone.
  const nurse = await newPhone(browser);
  await signIn(nurse.page, 'nurse.sato');
  await nurse.page.goto(`/clients/${YAMADA}`);
  const img = nurse.page.locator('li', { hasText: note }).getByRole('img', { name: '観察記録の写真' });
  await expect(img).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await nurse.context.close();
  await context.close();
});

test('看護師からのフィードバック lists the organization’s feedback and marks what is about the reader’s own consultations', async ({ browser }) => {
  const { context, page } = await newPhone(browser, { withoutWorker: true });
  await signIn(page, 'carer.suzuki');
  await page.goto('/feedback');
  // The demo region: 鈴木's consultation about 中村 got 「夜の水分量も見てください」; 高橋's about 山田
  // got a ★ only.
  const items = page.locator('main li.card');
  const hers = items.filter({ hasText: '夜の水分量も見てください' });
  await expect(hers.getByText('あなたが送った相談へのフィードバック')).toBeVisible();
  const marked = items.filter({ hasText: 'あなたが送った相談へのフィードバック' });
  expect(await marked.count()).toBeGreaterThan(0);
  expect(await marked.count()).toBeLessThan(await items.count());
  // A colleague's item says whose consultation it was; hers does not repeat her name.
  await expect(items.filter({ hasText: '送った人: 高橋 ヘルパー' }).first()).toBeVisible();
  await expect(hers.getByText('送った人:')).toHaveCount(0);
  await context.close();
});
