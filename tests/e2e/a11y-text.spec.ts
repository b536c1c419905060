// Accessibility as a person with big text or a thumb finds it (issue 10.6), on every page as
// each role, on a 390 × 844 phone: every standalone link or button is at least 44 × 44 px,
// and at 200 % text no page scrolls sideways.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { keptPhones, signIn, withoutServiceWorker } from './helpers.js';

const YAMADA = '00000000-0000-4000-8000-000000000201';
const SASAKI = '00000000-0000-4000-8000-000000000202';
const KOBAYASHI = '00000000-0000-4000-8000-000000000204';
/** Seeded by DEMO=1 (src/server/demo-activity.ts): 山田's open consultation to さくら, 小林's answered one to みどり. */
const SEEDED_SAKURA = '00000000-0000-4000-a000-000000000001';
const SEEDED_MIDORI = '00000000-0000-4000-a000-000000000005';

test.use({ viewport: { width: 390, height: 844 } });

/** Standalone links and buttons under 44 × 44 px (a link inside a sentence is not standalone). */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('a[href], button, summary')]
      .filter((el) => el.offsetParent !== null && getComputedStyle(el).visibility !== 'hidden')
      .filter((el) => {
        if (el.tagName !== 'A') return true;
        const own = (el.textContent ?? '').trim();
        return (el.parentElement?.textContent ?? '').trim() === own;
      })
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.height < 43.5 || r.width < 43.5;
      })
      .map((el) => {
        const r = el.getBoundingClientRect();
        return `${el.tagName.toLowerCase()} 「${(el.textContent ?? '').trim().slice(0, 24)}」 ${Math.round(r.width)}×${Math.round(r.height)}`;
      }),
  );
}

/** With the text at 200 %, whatever sticks out sideways (nothing may). */
function sideways(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    document.documentElement.style.fontSize = '200%';
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width + 1) out.push(`page ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el.offsetParent === null) continue;
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && !el.closest('[data-scrolls]')) {
        out.push(`${el.tagName.toLowerCase()}.${el.className} 「${(el.textContent ?? '').trim().slice(0, 16)}」 right ${Math.round(r.right)}`);
      }
    }
    document.documentElement.style.fontSize = '';
    return out.slice(0, 8);
  });
}

/** In-app navigation (no reload), as following a link does. */
async function go(page: Page, path: string) {
  await page.evaluate((p) => {
    history.pushState(null, '', p);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await expect(page.getByText('読み込み中…')).toHaveCount(0);
  await expect(page.locator('main')).toBeVisible();
}

async function walk(page: Page, role: string, paths: string[]) {
  const problems: string[] = [];
  for (const path of paths) {
    await go(page, path);
    await expect(page.locator('main h1, main h2').first()).toBeVisible();
    for (const s of await smallTargets(page)) problems.push(`${role} ${path}: under 44 px: ${s}`);
    for (const s of await sideways(page)) problems.push(`${role} ${path}: sideways at 200 %: ${s}`);
  }
  expect(problems).toEqual([]);
}

/** The contexts of the tests that need a fresh phone (signed out; saving offline; a second account). */
let context: BrowserContext | undefined;
test.afterEach(async () => {
  await context?.close();
  context = undefined;
});

const PHONE = { viewport: { width: 390, height: 844 } };

/**
 * One 390 × 844 phone per account for the whole file, signed in through the UI by the first test
 * that needs it and then kept (keptPhones: restoring a context from stored state costs about as
 * much as a sign-in on a busy machine). None of these tests works offline, signs out or reads
 * what another left on the phone; the sign-in page has its own test, and the test that saves
 * offline signs in on a fresh phone of its own, the only one here with the service worker (the
 * others are phones without one: withoutServiceWorker, nothing here is about the worker).
 */
const phones = keptPhones(PHONE, { withoutWorker: true });
test.afterAll(async () => {
  await phones.closeAll();
});

/** The file's phone signed in as `loginId`, back on the app's home page (in the app). */
async function phone(browser: Browser, loginId: string): Promise<Page> {
  const page = await phones.get(browser, loginId);
  await go(page, '/');
  await expect(page.getByRole('button', { name: 'ログアウト' })).toBeVisible();
  return page;
}

test('signed out: the sign-in page', async ({ browser }) => {
  context = await withoutServiceWorker(await browser.newContext({ viewport: { width: 390, height: 844 } }));
  const page = await context.newPage();
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'ログイン', exact: true })).toBeVisible();
  expect(await smallTargets(page)).toEqual([]);
  expect(await sideways(page)).toEqual([]);
});

test('carer: every page', async ({ browser }) => {
  const page = await phone(browser, 'carer.suzuki');
  await walk(page, 'carer', [
    '/',
    '/clients',
    `/clients/${YAMADA}`,
    `/clients/${YAMADA}/observe`,
    `/clients/${SASAKI}/observe`,
    `/clients/${YAMADA}/consult`,
    `/consultations/${SEEDED_SAKURA}`,
    '/feedback',
    '/menu',
    '/account',
    '/sync',
    '/install',
  ]);
});

test('nurse: every page', async ({ browser }) => {
  const page = await phone(browser, 'nurse.sato');
  await walk(page, 'nurse', ['/', `/consultations/${SEEDED_SAKURA}`, `/clients/${YAMADA}`, `/clients/${SASAKI}`, '/menu', '/account', '/sync', '/install']);
});

test('nurse of a station that does not serve the client, and that carer', async ({ browser }) => {
  const page = await phone(browser, 'nurse.tanaka');
  await walk(page, 'nurse.tanaka', ['/', `/consultations/${SEEDED_MIDORI}`]);
  context = await withoutServiceWorker(await browser.newContext({ viewport: { width: 390, height: 844 } }));
  const p2 = await context.newPage();
  await signIn(p2, 'carer.ito');
  await walk(p2, 'carer.ito', ['/', `/clients/${KOBAYASHI}`, `/consultations/${SEEDED_MIDORI}`]);
});

test('admin: every page', async ({ browser }) => {
  const page = await phone(browser, 'admin.himawari');
  await walk(page, 'admin', ['/', '/admin', '/admin/staff', '/admin/clients', '/admin/audit', '/clients', `/clients/${YAMADA}`, '/menu', '/account', '/sync']);
});

/** Elements of the form hidden behind the fixed action bar right now. */
function underTheBar(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bar = document.querySelector('.bottom-bar')?.getBoundingClientRect();
    if (!bar) return ['no action bar'];
    return [...document.querySelectorAll<HTMLElement>('main label, main input, main textarea, main select, main button, main legend')]
      .filter((el) => !el.closest('.bottom-bar') && el.offsetParent !== null)
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.height > 0 && r.bottom > bar.top + 1 && r.top < bar.bottom - 1;
      })
      .map((el) => `${el.tagName.toLowerCase()} 「${(el.textContent ?? el.getAttribute('aria-label') ?? '').trim().slice(0, 20)}」`);
  });
}

test('the forms: problems beside 保存 with focus on the first bad field; nothing under the action bar; a saved record says so, offline too', async ({ browser }) => {
  context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signIn(page, 'carer.suzuki');
  await go(page, `/clients/${YAMADA}/observe`);
  await page.getByLabel('脈拍', { exact: true }).fill('abc');
  await page.getByLabel('血圧（上）', { exact: true }).fill('500');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  const bar = page.locator('.bottom-bar');
  await expect(bar.getByRole('alert')).toContainText('入力内容を確認してください');
  await expect(bar.getByRole('alert')).toContainText('血圧（上）');
  await expect(page.getByLabel('血圧（上）', { exact: true })).toBeFocused();
  await bar.getByRole('button', { name: /^脈拍:/ }).click();
  await expect(page.getByLabel('脈拍', { exact: true })).toBeFocused();

  // Focusing a control scrolls it clear of the bar; at the end of the form nothing is under it.
  for (const [name, text] of [[/U: Unresponsive/, '反応がない'], [/A: Alert/, '意識がはっきり']] as const) {
    await page.getByRole('radio', { name }).focus();
    expect((await underTheBar(page)).filter((c) => c.includes(text)), text).toEqual([]);
  }
  await page.getByLabel('メモ', { exact: true }).focus();
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  expect(await underTheBar(page)).toEqual([]);

  // Saved with no network: 「保存しました（未送信）」.
  await page.getByLabel('脈拍', { exact: true }).fill('80');
  await page.getByLabel('血圧（上）', { exact: true }).fill('130');
  await context.setOffline(true);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '保存しました（未送信）' })).toBeVisible();
  await context.setOffline(false);
  // Closed from the keyboard, the notice leaves the focus on the page's heading just under it,
  // not at the page's start.
  await page.getByRole('button', { name: 'お知らせを閉じる' }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: '保存しました' })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();

  // The consultation form: 評価（A） and 依頼（R） are never left under the bar.
  await page.getByRole('link', { name: '看護師に相談する' }).click();
  for (const label of ['評価（A）', '依頼（R）']) {
    await page.getByLabel(label).focus();
    const covered = await underTheBar(page);
    expect(covered.filter((c) => c.includes(label.slice(0, 2))), label).toEqual([]);
  }
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  expect(await underTheBar(page)).toEqual([]);
});

test('the nurse reads at a glance: when each cited record was made and how old it is; trends with dates, values and the labelled usual band', async ({ browser }) => {
  const page = await phone(browser, 'nurse.sato');
  await go(page, `/consultations/${SEEDED_SAKURA}`);
  const cited = page.getByRole('region', { name: '相談のもとになった記録の時刻' });
  await expect(cited.getByRole('listitem').first()).toHaveText(/^\d{1,2}月\d{1,2}日 \d{1,2}:\d{2}（\d+(分|時間|日)前）$/);
  const temperature = page.locator('figure.spark').filter({ hasText: /^体温/ });
  await expect(temperature.locator('figcaption')).toHaveText(/体温 \d{2}\.\d℃（\d{1,2}月\d{1,2}日 \d{1,2}:\d{2}）いつもの範囲 35\.9〜36\.9℃/);
  await expect(temperature.locator('.spark-x')).toHaveText(/^\d{1,2}\/\d{1,2}\d{1,2}\/\d{1,2}$/);
  await temperature.getByText('体温の数値を見る').click();
  await expect(temperature.getByRole('listitem').first()).toHaveText(/^\d{1,2}月\d{1,2}日 \d{1,2}:\d{2} \d{2}\.\d℃/);
});

test('the 意識 choices are all drawn the same size (「C」 was smaller)', async ({ browser }) => {
  const page = await phone(browser, 'carer.suzuki');
  await go(page, `/clients/${YAMADA}/observe`);
  const sizes = await page
    .getByRole('radiogroup', { name: '意識' })
    .getByRole('radio')
    .evaluateAll((els) => els.map((el) => `${Math.round(el.getBoundingClientRect().width)}×${Math.round(el.getBoundingClientRect().height)}`));
  expect(sizes).toHaveLength(5);
  expect(new Set(sizes).size, sizes.join(' ')).toBe(1);
});

test('a nurse marks home oxygen in いつもの値; the carer’s form then starts on 酸素吸入中', async ({ browser }) => {
  const nurse = await phone(browser, 'nurse.sato');
  const carerContext = await withoutServiceWorker(await browser.newContext({ viewport: { width: 390, height: 844 } }));
  const carer = await carerContext.newPage();
  await signIn(carer, 'carer.takahashi');
  try {
    await go(nurse, `/clients/${YAMADA}`);
    await nurse.getByText('いつもの値（看護師が設定）').click();
    await nurse.getByRole('checkbox', { name: /在宅酸素を使っている/ }).check();
    await nurse.getByLabel('体温（いつもより上）').fill('0.8');
    await nurse.getByRole('button', { name: 'いつもの値を保存' }).click();
    // 「未送信 0件」 may still be on screen from before the save: wait for the server itself.
    await expect
      .poll(async () => ((await (await nurse.request.get(`/api/clients/${YAMADA}`)).json()) as { usual?: unknown }).usual, { timeout: 30_000 })
      .toMatchObject({ homeOxygen: true, bands: { temperature: 0.8 } });
    await expect(nurse.getByText('未送信 0件')).toBeVisible();
    // The carer's phone pulls the change; each fresh form then starts on 酸素吸入中.
    await expect
      .poll(
        async () => {
          await go(carer, `/clients/${YAMADA}`);
          await go(carer, `/clients/${YAMADA}/observe`);
          return carer.getByRole('radio', { name: '酸素吸入中' }).isChecked();
        },
        { timeout: 30_000 },
      )
      .toBe(true);
  } finally {
    // Put 山田's usual values back as the demo has them (the vignettes count on them).
    await nurse.request.put(`/api/clients/${YAMADA}/usual`, {
      data: { temperature: 36.4, systolic: 132, diastolic: 78, pulse: 74, spo2: 97, spo2Scale: 1 },
    });
    await carerContext.close();
  }
});
