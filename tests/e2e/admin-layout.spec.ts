// The admin's staff list on a 360 px phone: each row's 再設定 (reset the temporary password)
// keeps its word on one line beside the field, and the field's label shows above it, in every
// UI language (some run long).
import { expect, test } from '@playwright/test';
import { signIn } from './helpers.js';

test.use({ viewport: { width: 360, height: 740 } });

// やさしい日本語's ふりがな are in the button's name too: the buttons are found by where they are.
for (const tag of ['ja', 'ja-x-easy', 'en', 'vi', 'id', 'fil', 'my', 'ne']) {
  test(`${tag}: 再設定 on the staff list is one line at 360 px, its field labelled in words one can see`, async ({ page }) => {
    await signIn(page, 'admin.himawari');
    // The language as the phone keeps it, read at the next page load.
    await page.evaluate((locale) => localStorage.setItem('kizuki.locale', locale), tag);
    await page.goto('/admin/staff');
    const buttons = page.locator('li.card form button[type="submit"]');
    await expect(buttons.first()).toBeVisible();
    const lines = await buttons.evaluateAll((els) =>
      els.map((el) => {
        // The lines of the word itself: ふりがな (rt) sit above their kanji, on a line of their own.
        const tops = new Set<number>();
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (n.parentElement?.closest('rt, rp')) continue;
          const range = document.createRange();
          range.selectNodeContents(n);
          for (const r of range.getClientRects()) tops.add(Math.round(r.bottom));
        }
        return tops.size;
      }),
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((n) => n === 1), `lines per button: ${lines.join(', ')}`).toBe(true);
    // Each temporary-password field has a <label> on the screen, and the field is named by it
    // alone (no aria-label only a screen reader hears).
    const fields = page.locator('li.card input[autocomplete="new-password"]');
    const seen = await fields.evaluateAll((els) =>
      els.map((el) => {
        const label = (el as HTMLInputElement).labels?.[0];
        const box = label?.getBoundingClientRect();
        return { ariaLabel: el.getAttribute('aria-label'), label: label?.textContent?.trim() ?? '', shown: !!box && box.width > 0 && box.height > 0 };
      }),
    );
    expect(seen.length).toBe(lines.length);
    for (const f of seen) expect(f).toEqual({ ariaLabel: null, label: expect.stringMatching(/\S/) as unknown as string, shown: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // With text at 200 % (a phone's largest setting) the button stays on the screen, beside a
    // field one can type in or under it.
    await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important'));
    const rows = await page.locator('li.card form').evaluateAll((forms) =>
      forms.map((f) => {
        const field = f.querySelector('input')?.getBoundingClientRect();
        const button = f.querySelector('button')?.getBoundingClientRect();
        return { fieldWide: Math.round(field?.width ?? 0) >= 120, buttonOnScreen: !!button && button.left >= 0 && button.right <= 360 };
      }),
    );
    expect(rows.length).toBe(lines.length);
    for (const r of rows) expect(r).toEqual({ fieldWide: true, buttonOnScreen: true });
  });
}
