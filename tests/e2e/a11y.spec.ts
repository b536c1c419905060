// Every page, as each role, in light and dark: axe finds no serious or critical violation,
// and every control is at least 44 px tall. Screenshots are kept as test artifacts.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { newPhone, signIn } from './helpers.js';

const YAMADA = '00000000-0000-4000-8000-000000000201';

async function check(page: Page, name: string, info: TestInfo) {
  await page.waitForLoadState('networkidle');
  await expect(page.getByText('読み込み中…')).toHaveCount(0);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), name).toEqual([]);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, select, textarea, input:not([type=checkbox]):not([type=radio]), a.button, a.row-link, .topbar a')]
      .filter((el) => el.offsetParent !== null)
      .filter((el) => el.getBoundingClientRect().height < 43.5)
      .map((el) => `${el.tagName} "${(el.textContent ?? el.getAttribute('aria-label') ?? '').trim().slice(0, 20)}" ${Math.round(el.getBoundingClientRect().height)}px`),
  );
  expect(small, `${name}: touch targets under 44 px`).toEqual([]);
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`carer and nurse pages are accessible (${scheme})`, async ({ browser }, info) => {
    const carer = await newPhone(browser);
    await carer.page.emulateMedia({ colorScheme: scheme });
    await carer.page.goto('/');
    await check(carer.page, `${scheme}-login`, info);
    await signIn(carer.page, 'carer.suzuki');
    const p = carer.page;
    await check(p, `${scheme}-client-list`, info);
    await p.goto(`/clients/${YAMADA}`);
    await expect(p.getByRole('heading', { name: '山田 花子' })).toBeVisible();
    await check(p, `${scheme}-client`, info);
    await p.getByRole('link', { name: '記録する' }).click();
    await p.getByLabel('体温', { exact: true }).fill('365');
    await expect(p.getByText('36.5 ですか？')).toBeVisible();
    await check(p, `${scheme}-observation`, info);
    await p.getByLabel('体温', { exact: true }).fill('38.6');
    await p.getByRole('checkbox', { name: 'ぼんやりしている・反応が鈍い' }).check();
    await p.getByRole('button', { name: '保存', exact: true }).click();
    await p.getByRole('link', { name: '看護師に相談する' }).click();
    await check(p, `${scheme}-consultation-form`, info);
    await p.getByRole('button', { name: '相談を送る' }).click();
    await expect(p.getByText('未送信 0件')).toBeVisible();
    await check(p, `${scheme}-consultation`, info);
    for (const path of ['/menu', '/sync', '/feedback', '/account', '/install']) {
      await p.goto(path);
      await check(p, `${scheme}-${path.slice(1)}`, info);
    }

    const nurse = await newPhone(browser);
    await nurse.page.emulateMedia({ colorScheme: scheme });
    await signIn(nurse.page, 'nurse.sato');
    await check(nurse.page, `${scheme}-triage`, info);
    await nurse.page.getByRole('link', { name: '山田 花子' }).first().click();
    await expect(nurse.page.getByRole('button', { name: '返信する' })).toBeVisible();
    await check(nurse.page, `${scheme}-nurse-consultation`, info);
    await nurse.page.goto(`/clients/${YAMADA}`);
    await check(nurse.page, `${scheme}-nurse-client`, info);

    const admin = await newPhone(browser);
    await admin.page.emulateMedia({ colorScheme: scheme });
    await signIn(admin.page, 'admin.himawari');
    for (const path of ['/admin', '/admin/staff', '/admin/clients', '/admin/audit']) {
      await admin.page.goto(path);
      await check(admin.page, `${scheme}-${path.slice(1).replace('/', '-')}`, info);
    }
    for (const c of [carer, nurse, admin]) await c.context.close();
  });
}
