// Every page, as each role, in light and dark: axe finds no serious or critical violation,
// and every control is at least 44 px tall. Screenshots are kept as test artifacts.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Locator, type Page, type TestInfo } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { PASSWORD, keptPhones } from './helpers.js';

const YAMADA = '00000000-0000-4000-8000-000000000201';

// Independent tests (own phones, own notes): spread over both workers, each on its worker's server.
test.describe.configure({ mode: 'parallel' });

/**
 * The page as it is, in both colour schemes (one sign-in and one navigation serve both), once
 * `ready` (what the page shows only when its data is in) is on screen: every axe rule in light,
 * and in dark the rules about colour (ADR 0013, stop 14): the dark scheme changes colours only
 * (styles.css, answer.css: custom properties and text colours under prefers-color-scheme), so
 * no other rule can see a difference.
 */
async function check(page: Page, name: string, info: TestInfo, ready?: Locator) {
  await expect(page.getByText('読み込み中…')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  if (ready) await expect(ready.first()).toBeVisible();
  await page.emulateMedia({ colorScheme: 'light' });
  const colourRules = await checkScheme(page, `light-${name}`, info);
  expect(colourRules, 'axe has rules about colour').toContain('color-contrast');
  await page.emulateMedia({ colorScheme: 'dark' });
  await checkScheme(page, `dark-${name}`, info, colourRules);
  await page.emulateMedia({ colorScheme: 'light' });
}

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

/** Checks the page in its current scheme; returns the ids of the rules about colour that ran. */
async function checkScheme(page: Page, name: string, info: TestInfo, onlyRules?: string[]): Promise<string[]> {
  // Every rule (or every rule named) runs on every node; only violations are reported in full
  // (axe's resultTypes): describing each passing node, unread here, was a third of axe's time.
  // Legacy mode runs axe in the page itself: the default opens a second, blank page in the
  // context for every run to merge the results of each frame (4–8 s of a 10-second run at
  // load ~10, ADR 0013); the app has no frames to merge. The dark run uses the axe that the
  // light run put into this same document: loading axe's 580 KB into the page again cost more
  // than running the colour rules.
  const results = onlyRules
    ? await page.evaluate(
        (rules) =>
          (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe.run(document, {
            runOnly: { type: 'rule', values: rules },
            resultTypes: ['violations'],
          }),
        onlyRules,
      )
    : await new AxeBuilder({ page }).setLegacyMode().options({ resultTypes: ['violations'] }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), name).toEqual([]);
  const small = await page.evaluate(() =>
    // A card's own link (li.card > a) is what a thumb taps to open it, as a.row-link is.
    [...document.querySelectorAll<HTMLElement>('button, select, textarea, input:not([type=checkbox]):not([type=radio]), a.button, a.row-link, li.card > a[href], .topbar a')]
      .filter((el) => el.offsetParent !== null)
      .filter((el) => el.getBoundingClientRect().height < 43.5)
      .map((el) => `${el.tagName} "${(el.textContent ?? el.getAttribute('aria-label') ?? '').trim().slice(0, 20)}" ${Math.round(el.getBoundingClientRect().height)}px`),
  );
  expect(small, `${name}: touch targets under 44 px`).toEqual([]);
  await page.screenshot({ path: info.outputPath(`${name}.png`) });
  const ran = [...results.passes, ...results.violations, ...results.incomplete, ...results.inapplicable];
  return ran.filter((r) => r.tags.includes('cat.color')).map((r) => r.id);
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
// its pages. Each page is checked in both colour schemes (check()). Only the sign-in page is
// seen signed out; the others are opened on one phone per account kept for the file
// (keptPhones: one UI sign-in per account and worker, then a page load per test, no new
// context). Nothing here depends on what an earlier test left on a phone. The phones have no
// service worker (withoutServiceWorker): these are checks of screens, and a fresh context would
// otherwise precache the whole app before its sign-in.
const phones = keptPhones({}, { withoutWorker: true });
test.afterAll(async () => {
  await phones.closeAll();
});

/** The page at `path` on the account's kept phone, checked once `ready` shows its data is in. */
const pageAs = (loginId: string, path: string, ready?: (page: Page) => Locator) => async ({ browser }: { browser: Browser }, info: TestInfo) => {
  const page = await phones.get(browser, loginId);
  await page.goto(path);
  await check(page, path.slice(1).replace('/', '-'), info, ready?.(page));
};

test.describe('accessible in light and dark', () => {
  test('the sign-in page', async ({ page }, info) => {
    await page.goto('/');
    await check(page, 'login', info, page.getByRole('button', { name: 'ログイン', exact: true }));
  });

  test('the client list, after signing in', async ({ browser }, info) => {
    const page = await phones.get(browser, 'carer.suzuki');
    await page.goto('/');
    await check(page, 'client-list', info, page.getByRole('link', { name: '山田 花子' }));
  });

  test('a client', async ({ browser }, info) => {
    const page = await phones.get(browser, 'carer.suzuki');
    await page.goto(`/clients/${YAMADA}`);
    await check(page, 'client', info, page.getByRole('heading', { name: '山田 花子' }));
  });

  test('the observation form, with a typo hint showing', async ({ browser }, info) => {
    const page = await phones.get(browser, 'carer.suzuki');
    await page.goto(`/clients/${YAMADA}/observe`);
    await page.getByLabel('体温', { exact: true }).fill('365');
    await check(page, 'observation', info, page.getByText('36.5 ですか？'));
  });

  test("the carer's consultation form and consultation", async ({ browser }, info) => {
    const page = await phones.get(browser, 'carer.suzuki');
    await page.goto(`/clients/${YAMADA}/observe`);
    await page.getByLabel('体温', { exact: true }).fill('38.6');
    await page.getByRole('checkbox', { name: 'ぼんやりしている・反応が鈍い' }).check();
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('link', { name: '看護師に相談する' }).click();
    await check(page, 'consultation-form', info, page.getByRole('button', { name: '相談を送る' }));
    await page.getByRole('button', { name: '相談を送る' }).click();
    await expect(page.getByText('未送信 0件')).toBeVisible();
    await check(page, 'consultation', info, page.locator('[aria-current="step"]'));
  });

  test("the carer's /menu", pageAs('carer.suzuki', '/menu', (page) => page.getByRole('link', { name: '送信の状況' })));
  test("the carer's /sync", pageAs('carer.suzuki', '/sync'));
  test("the carer's /feedback", pageAs('carer.suzuki', '/feedback'));
  test("the carer's /account", pageAs('carer.suzuki', '/account', (page) => page.getByText(/登録済みのパスキー：\d+件/)));
  test("the carer's /install", pageAs('carer.suzuki', '/install'));

  test("the nurse's triage and a consultation", async ({ browser }, info) => {
    await consultationFromCarer(browser);
    const page = await phones.get(browser, 'nurse.sato');
    await page.goto('/');
    const row = page.getByRole('link', { name: '山田 花子' });
    await check(page, 'triage', info, row);
    await row.first().click();
    // The client's earlier consultations are on the page too (each card opens one).
    await expect(page.getByRole('heading', { name: 'これまでの相談' })).toBeVisible();
    await check(page, 'nurse-consultation', info, page.getByRole('button', { name: '返信する' }));
  });

  test("the nurse's client page", pageAs('nurse.sato', `/clients/${YAMADA}`, (page) => page.getByRole('heading', { name: '山田 花子' })));

  test("the admin's /admin", pageAs('admin.himawari', '/admin', (page) => page.getByRole('link', { name: '監査ログ' })));
  test("the admin's /admin/staff", pageAs('admin.himawari', '/admin/staff', (page) => page.getByText(/carer\.suzuki/)));
  test("the admin's /admin/clients", pageAs('admin.himawari', '/admin/clients', (page) => page.getByRole('checkbox', { name: 'さくら訪問看護ステーション' })));
  test("the admin's /admin/audit", pageAs('admin.himawari', '/admin/audit', (page) => page.locator('.audit li')));
});
