// Issue 15: the layout holds in every UI language at 390 px with text at 200 % (a phone's
// largest text setting), on the carer's main screens and the nurse's: no page wider than the
// phone, no control cut off at the edge or clipping its own words, no two controls on top of
// each other. Myanmar and Nepali scripts stand tall; Vietnamese and Indonesian run long.
// Fast on a busy machine: two UI sign-ins in all (saved with IndexedDB and reused by every
// language's context), one context per language and role, one page load per screen.
import { randomUUID } from 'node:crypto';
import { expect, request as playwrightRequest, test, type Browser, type BrowserContextOptions, type Page, type TestInfo } from '@playwright/test';
import { LOCALES } from '../../src/client/i18n/locales.js';
import { PASSWORD, signIn } from './helpers.js';

const VIEWPORT = { width: 390, height: 844 };
const YAMADA = '00000000-0000-4000-8000-000000000201';

type State = Exclude<BrowserContextOptions['storageState'], string | undefined>;
let carerState: State;
let nurseState: State;
let consultationId = '';

function baseURL(info: TestInfo): string {
  const url = info.project.use.baseURL;
  if (!url) throw new Error('no baseURL');
  return url;
}

async function signedInState(browser: Browser, loginId: string): Promise<State> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await signIn(page, loginId);
  await expect(page.getByText('未送信 0件')).toBeVisible();
  const state = await context.storageState({ indexedDB: true });
  await context.close();
  return state;
}

test.beforeAll(async ({ browser }, info) => {
  test.setTimeout(90_000); // a consultation with an answer through the API, then two sign-ins
  // A consultation with a nurse's answer and a follow-up task: every part of both screens shows.
  const carer = await playwrightRequest.newContext({ baseURL: baseURL(info) });
  expect((await carer.post('/api/session', { data: { loginId: 'carer.suzuki', password: PASSWORD } })).status()).toBe(200);
  const observationId = randomUUID();
  const vitals = { temperature: 37.8, pulse: 96, systolic: 128, diastolic: 74, spo2: 95 };
  expect(
    (
      await carer.put(`/api/observations/${observationId}`, {
        data: { clientId: YAMADA, observedAt: new Date(Date.now() - 30 * 60_000).toISOString(), vitals, softSigns: ['eating_less', 'drowsy'], note: 'いつもより食べない' },
      })
    ).status(),
  ).toBe(201);
  consultationId = randomUUID();
  expect(
    (
      await carer.put(`/api/consultations/${consultationId}`, {
        data: {
          clientId: YAMADA,
          toOrgId: 'sakura',
          observationIds: [observationId],
          category: 'change',
          urgency: 'today',
          requestKind: 'visit',
          sbar: { situation: '山田 花子さんについてご相談です。食事量が減った。', background: '体温 37.8℃', assessment: 'わからない', request: '訪問をお願いします。' },
        },
      })
    ).status(),
  ).toBe(201);
  const nurse = await playwrightRequest.newContext({ baseURL: baseURL(info) });
  expect((await nurse.post('/api/session', { data: { loginId: 'nurse.sato', password: PASSWORD } })).status()).toBe(200);
  const body = '水分を少しずつとってもらい、1時間後にもう一度測ってください。';
  expect(
    (
      await nurse.put(`/api/consultations/${consultationId}/messages/${randomUUID()}`, {
        data: { kind: 'message', body, replyKind: 'advice', template: { code: 'fluids_recheck', params: { hours: 1 } }, followUp: { task: '1時間後に再検温' } },
      })
    ).status(),
  ).toBe(201);
  await carer.dispose();
  await nurse.dispose();
  carerState = await signedInState(browser, 'carer.suzuki');
  nurseState = await signedInState(browser, 'nurse.sato');
});

/** What is wrong with the layout of the page as drawn now; empty when it holds. */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate((width) => {
    const problems: string[] = [];
    const scroll = document.documentElement.scrollWidth;
    if (scroll > width) problems.push(`the page is ${scroll}px wide`);
    const name = (el: Element) => `${el.tagName.toLowerCase()} 「${(el.textContent ?? '').trim().slice(0, 30) || el.getAttribute('aria-label') || el.id}」`;
    const pinned = (el: Element) => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const p = getComputedStyle(e).position;
        if (p === 'sticky' || p === 'fixed') return true;
      }
      return false;
    };
    const controls = [...document.querySelectorAll('main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary, header a[href], header button, header select')]
      .filter((el) => el.checkVisibility({ visibilityProperty: true, opacityProperty: true }))
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 1 && r.height > 1);
    for (const { el, r } of controls) {
      if (r.left < -1 || r.right > width + 1) problems.push(`${name(el)} reaches ${Math.round(r.left)}–${Math.round(r.right)}px`);
      // Words wider than their own box are cut off (or spill over the next control).
      const tag = el.tagName;
      if ((tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
        problems.push(`${name(el)} clips its words (${el.scrollWidth}px in ${el.clientWidth}px)`);
      }
    }
    // Sticky bars float over the content by design: only the rest is compared.
    const flowing = controls.filter(({ el }) => !pinned(el));
    for (let i = 0; i < flowing.length; i++) {
      for (let j = i + 1; j < flowing.length; j++) {
        const a = flowing[i];
        const b = flowing[j];
        if (!a || !b || a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (w > 2 && h > 2) problems.push(`${name(a.el)} overlaps ${name(b.el)}`);
      }
    }
    return problems;
  }, VIEWPORT.width);
}

/** Opens `path`, waits for `ready`, sets text to 200 % and checks the layout. */
async function holds(page: Page, path: string, what: string, ready: (p: Page) => Promise<void>, info: TestInfo, tag: string) {
  await page.goto(path);
  await expect(page.locator('main h1')).toBeVisible();
  await ready(page);
  await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important'));
  const problems = await layoutProblems(page);
  // A picture only of what failed: full-page pictures of tall pages at 200 % are slow.
  if (problems.length) await page.screenshot({ path: info.outputPath(`${tag}-${what.replace(/ /g, '-')}.png`), fullPage: true });
  expect(problems, `${tag}: ${what} at 390 px, text 200 %`).toEqual([]);
}

async function phoneIn(browser: Browser, state: State, tag: string) {
  const context = await browser.newContext({ viewport: VIEWPORT, storageState: state });
  await context.addInitScript((locale) => localStorage.setItem('kizuki.locale', locale), tag);
  return { context, page: await context.newPage() };
}

const nothingMore = async () => undefined;

for (const { tag } of LOCALES) {
  test(`${tag}: the carer's screens hold at 390 px with text at 200 %`, async ({ browser }, info) => {
    const { context, page } = await phoneIn(browser, carerState, tag);
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', tag);
    await holds(page, '/clients', 'client list', nothingMore, info, tag);
    await holds(page, `/clients/${YAMADA}`, 'client page', async (p) => expect(p.locator('li.card').first()).toBeVisible(), info, tag);
    await holds(page, `/clients/${YAMADA}/observe`, 'observation form', async (p) => expect(p.locator('form button[type="submit"]')).toBeVisible(), info, tag);
    await holds(page, `/clients/${YAMADA}/consult`, 'consultation form', async (p) => expect(p.locator('form button[type="submit"]')).toBeVisible(), info, tag);
    await holds(page, `/consultations/${consultationId}`, 'consultation', async (p) => expect(p.locator('.answer .followups button')).toBeVisible(), info, tag);
    await context.close();
  });

  test(`${tag}: the nurse's screens hold at 390 px with text at 200 %`, async ({ browser }, info) => {
    const { context, page } = await phoneIn(browser, nurseState, tag);
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', tag);
    await holds(page, '/', 'consultation list', async (p) => expect(p.locator('li.card.triage').first()).toBeVisible(), info, tag);
    await holds(page, `/consultations/${consultationId}`, 'consultation with the reply form', async (p) => expect(p.locator('form textarea').first()).toBeVisible(), info, tag);
    await context.close();
  });
}
