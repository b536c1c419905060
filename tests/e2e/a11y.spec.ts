// Every page, as each role, in light and dark: axe finds no serious or critical violation,
// and every control is at least 44 px tall. Screenshots are kept as test artifacts.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { PASSWORD, signIn, storedSignIn } from './helpers.js';

const YAMADA = '00000000-0000-4000-8000-000000000201';

// Independent tests (own phones, own notes): spread over both workers, each on its worker's server.
test.describe.configure({ mode: 'parallel' });

/** Both colour schemes on the page as it is (one sign-in and one navigation serve both). */
async function check(page: Page, name: string, info: TestInfo) {
  await page.waitForLoadState('networkidle');
  await expect(page.getByText('読み込み中…')).toHaveCount(0);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await checkScheme(page, `${scheme}-${name}`, info);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function checkScheme(page: Page, name: string, info: TestInfo) {
  // Every rule still runs on every node; only violations are reported in full (axe's
  // resultTypes): describing each passing node, unread here, was a third of axe's time.
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .options({ resultTypes: ['violations'] })
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), name).toEqual([]);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, select, textarea, input:not([type=checkbox]):not([type=radio]), a.button, a.row-link, .topbar a')]
      .filter((el) => el.offsetParent !== null)
      .filter((el) => el.getBoundingClientRect().height < 43.5)
      .map((el) => `${el.tagName} "${(el.textContent ?? el.getAttribute('aria-label') ?? '').trim().slice(0, 20)}" ${Math.round(el.getBoundingClientRect().height)}px`),
  );
  expect(small, `${name}: touch targets under 44 px`).toEqual([]);
  await page.screenshot({ path: info.outputPath(`${name}.png`) });
}

/** A consultation from carer.suzuki to さくら about 山田 花子, sent through the API (not the UI). */
async function consultationFromCarer(browser: Browser): Promise<void> {
  const context = await browser.newContext();
  const signedIn = await context.request.post('/api/session', { data: { loginId: 'carer.suzuki', password: PASSWORD } });
  expect(signedIn.status()).toBe(200);
  const sent = await context.request.put(`/api/consultations/${randomUUID()}`, {
    data: {
      clientId: YAMADA,
      toOrgId: 'sakura',
      observationIds: [],
      category: 'change',
      urgency: 'today',
      sbar: { situation: '発熱 38.6℃', background: '', assessment: '', request: '訪問をお願いします' },
    },
  });
  expect(sent.status()).toBe(201);
  await context.close();
}

// One test per page, or two where the second is the first one's outcome (not one walk over all
// of them), so that none runs long enough to time out on a busy machine, and a failure names
// its pages. Each page is checked in both
// colour schemes (check()). Only the first test signs in through the UI (it checks the sign-in
// page); the others open the app already signed in (storedSignIn: one UI sign-in per account
// and worker, not one per test).
const pagesAs = (loginId: string, pages: string[]) => async ({ browser }: { browser: Browser }, info: TestInfo) => {
  const { context, page } = await storedSignIn(browser, loginId);
  for (const path of pages) {
    await page.goto(path);
    await check(page, path.slice(1).replace('/', '-'), info);
  }
  await context.close();
};

test.describe('accessible in light and dark', () => {
  test('the sign-in page', async ({ page }, info) => {
    await page.goto('/');
    await check(page, 'login', info);
  });

  test('the client list, after signing in', async ({ page }, info) => {
    await signIn(page, 'carer.suzuki');
    await check(page, 'client-list', info);
  });

  test('a client', async ({ browser }, info) => {
    const { context, page } = await storedSignIn(browser, 'carer.suzuki');
    await page.goto(`/clients/${YAMADA}`);
    await expect(page.getByRole('heading', { name: '山田 花子' })).toBeVisible();
    await check(page, 'client', info);
    await context.close();
  });

  test('the observation form, with a typo hint showing', async ({ browser }, info) => {
    const { context, page } = await storedSignIn(browser, 'carer.suzuki');
    await page.goto(`/clients/${YAMADA}/observe`);
    await page.getByLabel('体温', { exact: true }).fill('365');
    await expect(page.getByText('36.5 ですか？')).toBeVisible();
    await check(page, 'observation', info);
    await context.close();
  });

  test("the carer's consultation form and consultation", async ({ browser }, info) => {
    const { context, page } = await storedSignIn(browser, 'carer.suzuki');
    await page.goto(`/clients/${YAMADA}/observe`);
    await page.getByLabel('体温', { exact: true }).fill('38.6');
    await page.getByRole('checkbox', { name: 'ぼんやりしている・反応が鈍い' }).check();
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('link', { name: '看護師に相談する' }).click();
    await check(page, 'consultation-form', info);
    await page.getByRole('button', { name: '相談を送る' }).click();
    await expect(page.getByText('未送信 0件')).toBeVisible();
    await check(page, 'consultation', info);
    await context.close();
  });

  for (const pages of [['/menu'], ['/sync'], ['/feedback'], ['/account'], ['/install']]) {
    test(`the carer's ${pages.join(', ')}`, pagesAs('carer.suzuki', pages));
  }

  test("the nurse's triage and a consultation", async ({ browser }, info) => {
    await consultationFromCarer(browser);
    const { context, page } = await storedSignIn(browser, 'nurse.sato');
    await page.goto('/');
    await check(page, 'triage', info);
    await page.getByRole('link', { name: '山田 花子' }).first().click();
    await expect(page.getByRole('button', { name: '返信する' })).toBeVisible();
    await check(page, 'nurse-consultation', info);
    await context.close();
  });

  test("the nurse's client page", async ({ browser }, info) => {
    const { context, page } = await storedSignIn(browser, 'nurse.sato');
    await page.goto(`/clients/${YAMADA}`);
    await expect(page.getByRole('heading', { name: '山田 花子' })).toBeVisible();
    await check(page, 'nurse-client', info);
    await context.close();
  });

  for (const pages of [['/admin'], ['/admin/staff'], ['/admin/clients'], ['/admin/audit']]) {
    test(`the admin's ${pages.join(', ')}`, pagesAs('admin.himawari', pages));
  }
});
