// The UI language (issue 15): chosen with 「言語 / Language」 on the sign-in screen or the menu,
// remembered on the phone, `<html lang>` follows; Myanmar and Nepali hold the layout at 390 px
// with text at 200 %. Sign-in fields are found by name, not label: their labels will be
// translated too.
import { expect, test, type Page } from '@playwright/test';
import type { Consultation, Observation } from '../../src/shared/schemas.js';
import { PASSWORD, withoutServiceWorker } from './helpers.js';
import { idbRows } from './wait-for.js';

const YAMADA = '00000000-0000-4000-8000-000000000201';
/** 37.9 as a Vietnamese reader writes it: a decimal comma. */
const VI_TEMPERATURE = 'Nhiệt độ 37,9℃';

test.use({ viewport: { width: 390, height: 844 } });

const picker = (page: Page) => page.getByLabel('言語 / Language', { exact: true });

async function signInAnyLanguage(page: Page, loginId: string): Promise<void> {
  await page.locator('input[name="loginId"]').fill(loginId);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
}

test('Tiếng Việt chosen on the sign-in screen: the app speaks Vietnamese and remembers it after a reload', async ({ browser }) => {
  const context = await withoutServiceWorker(await browser.newContext({ viewport: { width: 390, height: 844 } }));
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByText('未送信 0件')).toBeVisible();

  await picker(page).selectOption({ label: 'Tiếng Việt' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByText('Chưa gửi: 0')).toBeVisible();
  await expect(picker(page)).toHaveValue('vi');

  await signInAnyLanguage(page, 'carer.suzuki');
  await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'Menu', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Menu', level: 1 })).toBeVisible();
  for (const name of ['Danh sách người được chăm sóc', 'Phản hồi từ điều dưỡng', 'Tình trạng gửi', 'Tài khoản', 'Thêm vào màn hình chính']) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByText('メニュー')).toHaveCount(0);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Menu', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(picker(page)).toHaveValue('vi');
  await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();

  // The static offline page follows the choice too.
  await page.goto('/offline.html');
  await expect(page.getByRole('heading', { name: 'Đang ngoại tuyến', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await context.close();
});

test('Tiếng Việt chosen on the menu, then 日本語 again: every GLOSSARY label is back, exact', async ({ browser }) => {
  const context = await withoutServiceWorker(await browser.newContext({ viewport: { width: 390, height: 844 } }));
  const page = await context.newPage();
  await page.goto('/');
  await signInAnyLanguage(page, 'carer.takahashi');
  await expect(page.getByRole('button', { name: 'ログアウト' })).toBeVisible();
  await page.goto('/menu');
  await expect(page.getByRole('heading', { name: 'メニュー', level: 1 })).toBeVisible();

  await picker(page).selectOption({ label: 'Tiếng Việt' });
  await expect(page.getByRole('heading', { name: 'Menu', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('status').filter({ hasText: 'Trực tuyến' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Menu', level: 1 })).toBeVisible();

  await picker(page).selectOption({ label: '日本語' });
  await expect(page.getByRole('heading', { name: 'メニュー', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByRole('button', { name: 'ログアウト', exact: true })).toBeVisible();
  await expect(page.getByText('未送信 0件', { exact: true })).toBeVisible();
  // Each language is offered in its own script, marked with its own lang.
  const options = await picker(page).locator('option').evaluateAll((els) => els.map((e) => `${e.getAttribute('lang')}:${e.textContent}`));
  expect(options).toEqual([
    'ja:日本語',
    'ja-x-easy:やさしい日本語',
    'en:English',
    'vi:Tiếng Việt',
    'id:Bahasa Indonesia',
    'fil:Filipino',
    'my:မြန်မာဘာသာ',
    'ne:नेपाली',
  ]);
  await context.close();
});

test('a carer reading Tiếng Việt records two signs and a note, then consults with a kind of request: every label is Vietnamese, the note is stored as Vietnamese', async ({ browser }, info) => {
  test.slow(); // an observation and a consultation, each through the outbox to the server
  const context = await withoutServiceWorker(await browser.newContext({ viewport: { width: 390, height: 844 } }));
  const page = await context.newPage();
  await page.goto('/');
  await picker(page).selectOption({ label: 'Tiếng Việt' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await signInAnyLanguage(page, 'carer.takahashi');

  // The client list and the client's page.
  await expect(page.getByRole('heading', { name: 'Danh sách người được chăm sóc', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: '山田 花子' }).click();
  await expect(page.getByRole('heading', { name: 'Ghi chép và tư vấn trước đây', level: 2 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Hỏi ý kiến điều dưỡng', exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Ghi chép', exact: true }).click();

  // The observation form: vitals, consciousness, signs (the Japanese term beside each), note.
  await expect(page.getByRole('heading', { name: 'Ghi chép của 山田 花子', level: 1 })).toBeVisible();
  await page.getByLabel('Nhiệt độ', { exact: true }).fill('37.9');
  await page.getByLabel('Mạch', { exact: true }).fill('96');
  await expect(page.getByRole('radiogroup', { name: 'Ý thức' })).toBeVisible();
  await expect(page.getByRole('radiogroup', { name: 'Oxy' }).getByRole('radio', { name: 'Khí trời (không oxy)' })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Ăn ít hơn (食事量が減った)' }).check();
  await page.getByRole('checkbox', { name: 'Lơ mơ / phản ứng chậm (ぼんやりしている・反応が鈍い)' }).check();
  await page.getByLabel('Ghi chú', { exact: true }).fill('Bà ăn ít hơn mọi ngày, hơi lơ mơ.');
  await expect(page.getByText('NEWS2 tham khảo: 1 điểm (2/7 mục)')).toBeVisible();
  for (const japanese of ['体温', '脈拍', 'メモ', '保存', '意識', '食事量が減った']) {
    await expect(page.getByRole('textbox', { name: japanese, exact: true }).or(page.getByRole('button', { name: japanese, exact: true }))).toHaveCount(0);
  }
  await page.screenshot({ path: info.outputPath('vi-observation.png'), fullPage: true });
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();

  // Back on the client's page: saved, and the note shown as written (the reader's own language: no label).
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu' })).toBeVisible();
  // Its sentences apart, as Vietnamese writes them (Japanese runs them on: 「…です。すぐ下の…」).
  const notice = await page.getByRole('status').filter({ hasText: 'Đã lưu' }).innerText();
  expect(notice).toContain('. ');
  expect(notice).not.toMatch(/\.\p{L}/u);
  const item = page.locator('li.card').filter({ hasText: 'Bà ăn ít hơn mọi ngày' });
  await expect(item.getByText('Đã gửi', { exact: true })).toBeVisible(); // on the server now
  await expect(item.locator('p.note[lang="vi"]')).toBeVisible();
  await expect(item.getByText('Viết bằng', { exact: false })).toHaveCount(0);
  const local = (await idbRows(page, 'observations')) as Observation[];
  const saved = local.find((o) => o.note === 'Bà ăn ít hơn mọi ngày, hơi lơ mơ.');
  expect(saved?.lang).toBe('vi');
  const stored = await page.request.get(`/api/observations/${saved?.id ?? ''}`);
  expect(((await stored.json()) as Observation).lang).toBe('vi');

  // The consultation form: the draft from codes in Vietnamese, the kind of request tapped, A in Vietnamese.
  await page.getByRole('link', { name: 'Hỏi ý kiến điều dưỡng', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Hỏi ý kiến điều dưỡng', level: 1 })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Gửi đến' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Loại' })).toHaveValue('change');
  await expect(page.getByRole('combobox', { name: 'Mức độ khẩn' })).toBeVisible();
  const preview = page.getByRole('region', { name: 'Nội dung điều dưỡng nhận được' });
  await expect(preview).toContainText('Ăn ít hơn');
  await expect(preview).toContainText('Ăn ít hơn (食事量が減った)');
  await expect(preview).toContainText(VI_TEMPERATURE);
  await page.getByRole('radiogroup', { name: 'Bạn muốn điều dưỡng làm gì' }).getByRole('radio', { name: 'Xin đến thăm' }).check();
  await expect(preview).toContainText('Yêu cầu: Xin đến thăm');
  await expect(page.getByRole('textbox', { name: '状況（S）' })).toHaveCount(0);
  await page.getByLabel('Đánh giá (A)', { exact: true }).fill('Tôi nghĩ bà bị mất nước.');
  await page.screenshot({ path: info.outputPath('vi-consultation.png'), fullPage: true });
  await page.getByRole('button', { name: 'Gửi yêu cầu tư vấn', exact: true }).click();
  await expect(page).toHaveURL(/\/consultations\//);
  // On the server: the delivery chain's second step (送信済み) is the current one, in any language.
  await expect(page.locator('ol.stepper li:nth-child(2)[aria-current="step"]')).toBeVisible();
  const kId = page.url().split('/consultations/')[1] ?? '';
  const k = (await (await page.request.get(`/api/consultations/${kId}`)).json()) as Consultation;
  expect(k.requestKind).toBe('visit');
  expect(k.observationIds).toEqual([saved?.id]);
  // For the nurse: S and B in Japanese from codes, the carer's A as written, in Vietnamese.
  expect(k.sbar.situation).toContain('食事量が減った、ぼんやりしている・反応が鈍い。');
  expect(k.sbar.situation).not.toContain('Bà ăn');
  expect(k.sbar.assessment).toBe('Tôi nghĩ bà bị mất nước.');
  expect(k.sbar.request).toBe('訪問をお願いします。');
  expect(k.sbar.lang).toEqual({ situation: 'ja', background: 'ja', assessment: 'vi', request: 'ja' });
  // The carer reads what was sent composed again from the same codes, in Vietnamese: the signs
  // (Japanese term beside), the vitals, the kind of request; their own words as written. The
  // Japanese the nurse received is folded away, to point at the same words.
  const sent = page.getByRole('region', { name: 'Nội dung trao đổi' });
  const fields = sent.locator('dl.sbar').first();
  await expect(fields).toContainText('Ăn ít hơn');
  await expect(fields).toContainText('Ăn ít hơn (食事量が減った)');
  await expect(fields).toContainText(VI_TEMPERATURE);
  await expect(fields).toContainText('Xin đến thăm');
  await expect(fields).toContainText('Tôi nghĩ bà bị mất nước.');
  await expect(fields).not.toContainText('ご相談です');
  await expect(fields).not.toContainText('訪問をお願いします');
  await expect(sent.getByText('訪問をお願いします。')).toBeHidden();
  await sent.getByText('Tiếng Nhật điều dưỡng đã nhận').click();
  await expect(sent.getByText('訪問をお願いします。')).toBeVisible();
  // The client's page lists it by what was asked, not by the nurse's Japanese draft.
  await page.getByRole('link', { name: '← Trang người được chăm sóc' }).click();
  const card = page.locator('li.card').filter({ has: page.locator(`a[href="/consultations/${kId}"]`) });
  await expect(card).toContainText('Xin đến thăm');
  await expect(card).not.toContainText('ご相談');
  await context.close();
});

test('Bahasa Indonesia: 「37,5」 typed in the observation form is stored as the number 37.5 and shown back as 37,5', async ({ browser }) => {
  const context = await withoutServiceWorker(await browser.newContext({ viewport: { width: 390, height: 844 } }));
  const page = await context.newPage();
  await page.goto('/');
  await picker(page).selectOption({ label: 'Bahasa Indonesia' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await signInAnyLanguage(page, 'carer.suzuki');
  await expect(page.locator('.topbar nav button')).toBeVisible();
  await page.goto(`/clients/${YAMADA}/observe`);
  const note = `koma ${Date.now()}`;
  await page.getByLabel('Suhu', { exact: true }).fill('37,5');
  await expect(page.locator('#temperature-msg')).toHaveCount(0); // no 「数字で入力してください」
  await page.getByLabel('Catatan', { exact: true }).fill(note);
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tersimpan' })).toBeVisible();
  const item = page.locator('li.card').filter({ hasText: note });
  await expect(item).toContainText('Suhu 37,5℃');
  await expect(item.getByText('Terkirim', { exact: true })).toBeVisible(); // on the server now
  const saved = ((await idbRows(page, 'observations')) as Observation[]).find((o) => o.note === note);
  expect(saved?.vitals.temperature).toBe(37.5); // a number, never "37,5"
  const stored = (await (await page.request.get(`/api/observations/${saved?.id ?? ''}`)).json()) as Observation;
  expect(stored.vitals.temperature).toBe(37.5);
  await context.close();
});

/** Text at 200 %: the root font size the app's rem-based sizes follow (a phone's text-size setting). */
async function biggerText(page: Page) {
  await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important'));
}

async function noHorizontalScroll(page: Page, where: string) {
  await biggerText(page);
  // Against the configured width: a mobile viewport zooms out to fit wider content, so
  // window.innerWidth would grow with the overflow it is meant to catch.
  const width = page.viewportSize()?.width ?? 390;
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scroll, `${where}: page ${scroll}px wide in a ${width}px window`).toBeLessThanOrEqual(width);
}

for (const [locale, name, menuHeading, installHeading, japanese] of [
  ['my', 'မြန်မာဘာသာ', 'မီနူး', 'ပင်မစာမျက်နှာသို့ ထည့်ရန်', 'ဂျပန်ဘာသာ'],
  ['ne', 'नेपाली', 'मेनु', 'होम स्क्रिनमा थप्नुहोस्', 'जापानी'],
] as const) {
  test(`${locale}: the sign-in screen, the menu and the install help hold at 390 px with text at 200 %`, async ({ browser }, info) => {
    const context = await withoutServiceWorker(await browser.newContext({ viewport: { width: 390, height: 844 } }));
    const page = await context.newPage();
    await page.goto('/');
    await picker(page).selectOption({ label: name });
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    await noHorizontalScroll(page, 'sign-in');
    await page.screenshot({ path: info.outputPath(`${locale}-sign-in.png`), fullPage: true });

    await page.reload(); // the larger text was only for the check
    await signInAnyLanguage(page, 'carer.suzuki');
    await expect(page.locator('.topbar nav button')).toBeVisible();
    // Times in its own words, or in numbers: this browser's Intl has no data for the language
    // and would answer in its default one (English "today 00:16", or Japanese 「今日 00:16」).
    await page.getByRole('link', { name: '山田 花子' }).click();
    await expect(page.locator('main .card .meta').first()).toBeVisible();
    // Each card's first meta line (「相談 · 今日 00:16」): the urgency badge beside it may carry Japanese.
    const times = (await page.locator('main .card .meta > span:first-child').allInnerTexts()).join(' / ');
    expect(times, 'each card says when').toMatch(/· \S/);
    expect(times).not.toMatch(/\b(now|today|yesterday|ago|minutes?|hours?|days?|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b|今日|昨日|分前|今|月/i);
    // A note written in Japanese is said to be, in the reader's words (Intl would say "Japanese").
    // Observed just now, so that its card is among the first the page shows whatever other tests stored.
    const note = `朝ごはんを全部食べた（${locale}）`;
    const stored = await page.evaluate(
      async ({ id, body }) =>
        (await fetch(`/api/observations/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status,
      {
        id: crypto.randomUUID(),
        body: { clientId: YAMADA, observedAt: new Date(Date.now() - 60_000).toISOString(), vitals: { temperature: 36.5 }, softSigns: [], note, lang: 'ja' },
      },
    );
    expect(stored).toBe(201);
    await page.reload();
    const writtenIn = page.locator('li.card', { hasText: note }).locator('.written-in');
    await expect(writtenIn).toContainText(japanese);
    await expect(writtenIn).not.toContainText('Japanese');
    await page.goto('/menu');
    await expect(page.getByRole('heading', { name: menuHeading, level: 1 })).toBeVisible();
    await noHorizontalScroll(page, 'menu');
    await page.screenshot({ path: info.outputPath(`${locale}-menu.png`), fullPage: true });

    await page.goto('/install');
    await expect(page.getByRole('heading', { name: installHeading, level: 1 })).toBeVisible();
    await noHorizontalScroll(page, 'install help');
    await page.screenshot({ path: info.outputPath(`${locale}-install.png`), fullPage: true });
    await context.close();
  });
  // The carer's and the nurse's screens, in every language: i18n-layout.spec.ts.
}

test('やさしい日本語: the interface\'s kanji carry ふりがな, through React\'s updates, and 日本語 again takes them away', async ({ browser }) => {
  const context = await withoutServiceWorker(await browser.newContext({ viewport: { width: 390, height: 844 } }));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await picker(page).selectOption({ label: 'やさしい日本語' });
  await signInAnyLanguage(page, 'carer.suzuki');
  await expect(page.locator('.topbar nav button')).toBeVisible();
  await page.goto('/sync');
  // 「通知」 with its reading, drawn as ruby.
  const tsuuchi = page.locator('ruby', { has: page.locator('rt', { hasText: /^つうち$/ }) }).first();
  await expect(tsuuchi).toBeVisible();
  expect(await tsuuchi.evaluate((r) => r.firstChild?.textContent)).toBe('通知');
  // The words are there once: not beside their ruby as well.
  expect(await page.locator('main').evaluate((m) => (m.textContent ?? '').split('通知').length - 1)).toBe(
    await page.locator('main ruby', { has: page.locator('rt', { hasText: /^つうち$/ }) }).count(),
  );

  // React goes on changing the page (a record saved, the client page shown again): it keeps
  // working, and what it writes is drawn too.
  await page.goto(`/clients/${YAMADA}`);
  await page.locator('main a[href$="/observe"]').first().click();
  await page.locator('input[inputmode="decimal"]').first().fill('36.6');
  await page.locator('form button[type="submit"]').click();
  await expect(page).toHaveURL(new RegExp(`/clients/${YAMADA}$`));
  await page.goto('/sync');
  await expect(tsuuchi).toBeVisible();

  // 日本語 again: every word back as React wrote it, no ruby left.
  await page.goto('/menu');
  const who = page.locator('main p').filter({ hasText: '鈴木 ヘルパー' });
  await expect(who.locator('ruby').first()).toBeVisible(); // 訪問 / 介護: the same words in both languages
  await picker(page).selectOption({ label: '日本語' });
  // Words React does not write again (the same in both languages) are put back too.
  await expect(who).toHaveText('鈴木 ヘルパー（ひまわり訪問介護）');
  await expect(page.locator('ruby')).toHaveCount(0);
  await page.goto('/sync');
  await expect(page.getByRole('heading', { name: '送信の状況', level: 1 })).toBeVisible();
  await expect(page.locator('ruby')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: '通知', exact: true })).toBeVisible();
  expect(errors).toEqual([]);
  await context.close();
});
