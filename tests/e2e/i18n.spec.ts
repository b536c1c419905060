// The UI language (issue 15): chosen with 「言語 / Language」 on the sign-in screen or the menu,
// remembered on the phone, `<html lang>` follows; Myanmar and Nepali hold the layout at 390 px
// with text at 200 %. Sign-in fields are found by name, not label: their labels will be
// translated too.
import { expect, test, type Page } from '@playwright/test';
import { PASSWORD } from './helpers.js';

test.use({ viewport: { width: 390, height: 844 } });

const picker = (page: Page) => page.getByLabel('言語 / Language', { exact: true });

async function signInAnyLanguage(page: Page, loginId: string): Promise<void> {
  await page.locator('input[name="loginId"]').fill(loginId);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
}

test('Tiếng Việt chosen on the sign-in screen: the app speaks Vietnamese and remembers it after a reload', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
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
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
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

for (const [locale, name, menuHeading, installHeading] of [
  ['my', 'မြန်မာဘာသာ', 'မီနူး', 'ပင်မစာမျက်နှာသို့ ထည့်ရန်'],
  ['ne', 'नेपाली', 'मेनु', 'होम स्क्रिनमा थप्नुहोस्'],
] as const) {
  test(`${locale}: the sign-in screen, the menu and the install help hold at 390 px with text at 200 %`, async ({ browser }, info) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto('/');
    await picker(page).selectOption({ label: name });
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    await noHorizontalScroll(page, 'sign-in');
    await page.screenshot({ path: info.outputPath(`${locale}-sign-in.png`), fullPage: true });

    await page.reload(); // the larger text was only for the check
    await signInAnyLanguage(page, 'carer.suzuki');
    await expect(page.locator('.topbar nav button')).toBeVisible();
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
}
