// The admin's staff list on a 360 px phone: each row's 再設定 (reset the temporary password)
// keeps its word on one line beside the field, in Japanese and in a language that runs long.
import { expect, test } from '@playwright/test';
import { signIn } from './helpers.js';

test.use({ viewport: { width: 360, height: 740 } });

for (const [tag, reset] of [
  ['ja', '再設定'],
  ['vi', 'Đặt lại'],
] as const) {
  test(`${tag}: 再設定 on the staff list is one line at 360 px`, async ({ page }) => {
    await signIn(page, 'admin.himawari');
    // The language as the phone keeps it, read at the next page load.
    await page.evaluate((locale) => localStorage.setItem('kizuki.locale', locale), tag);
    await page.goto('/admin/staff');
    const buttons = page.getByRole('button', { name: reset, exact: true });
    await expect(buttons.first()).toBeVisible();
    const lines = await buttons.evaluateAll((els) =>
      els.map((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      }),
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((n) => n === 1), `lines per button: ${lines.join(', ')}`).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
}
