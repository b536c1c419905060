// 保存 tapped on a touch screen saves at the finger's lift (its `touchend`), without the click
// the browser would send after recognising the tap (ADR 0018 stop 20, issue 14 item 1). These
// tests hold what that must not change: one tap is one record, no click lands on what the page
// shows next, and a touch that is not a tap (it slid off 保存) saves nothing.
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { newPhone, signIn, storedWithNote } from './helpers.js';

const TIMELINE_CARDS = 'section[aria-labelledby="timeline-h"] li.card';

async function openForm(page: Page): Promise<string> {
  await signIn(page, 'carer.suzuki');
  await page.getByRole('link', { name: '山田 花子', exact: true }).click();
  await page.getByRole('link', { name: '記録する', exact: true }).click();
  const note = `タップ ${Date.now()}`;
  await page.getByLabel('体温', { exact: true }).fill('36.7');
  await page.getByLabel('メモ', { exact: true }).fill(note);
  // Every mouse-compatibility event and click the page receives from here on.
  await page.evaluate(() => {
    const w = window as unknown as { __mouse: string[] };
    w.__mouse = [];
    for (const type of ['mousedown', 'mouseup', 'click']) {
      window.addEventListener(type, (e) => w.__mouse.push(`${type}:${(e.target as Element).tagName}`), { capture: true });
    }
  });
  return note;
}

/** 保存's box, scrolled into view, and a CDP session to touch the screen with. */
async function saveButtonBox(page: Page) {
  const save = page.getByRole('button', { name: '保存', exact: true });
  await save.scrollIntoViewIfNeeded();
  const box = await save.boundingBox();
  if (!box) throw new Error('保存 has no box');
  return { save, box, cdp: await page.context().newCDPSession(page) };
}

async function touch(cdp: CDPSession, type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) {
  await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
}

test('保存 tapped: saved once at the lift, and no click follows onto the client page that replaces the form', async ({ browser }) => {
  const { context, page } = await newPhone(browser);
  const note = await openForm(page);
  await page.getByRole('button', { name: '保存', exact: true }).tap();
  const card = page.locator(TIMELINE_CARDS).filter({ hasText: note });
  await expect(card).toBeVisible();
  // The address follows the card's frame; by then every event of the tap has been dispatched.
  await expect(page).toHaveURL(/\/clients\/[^/]+$/);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
  // The browser's click (and the mouse events before it) would have been a second 保存, or a tap
  // on whatever the client page shows where 保存 was.
  expect(await page.evaluate(() => (window as unknown as { __mouse: string[] }).__mouse)).toEqual([]);
  // One record (the outbox entry may already be sent: the phone is online).
  expect((await storedWithNote(page, note)).observations).toBe(1);
  await expect(card).toHaveCount(1);
  await context.close();
});

test('保存 touched and slid off before the lift: nothing saved, the form and its input stay', async ({ browser }) => {
  const { context, page } = await newPhone(browser);
  const note = await openForm(page);
  const { save, box, cdp } = await saveButtonBox(page);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  // Down on 保存, then the finger moves up the screen, well past the button, and lifts there.
  await touch(cdp, 'touchStart', x, y);
  for (let step = 1; step <= 5; step++) await touch(cdp, 'touchMove', x, y - step * box.height);
  await touch(cdp, 'touchEnd', x, y - 5 * box.height);
  // The same page is asked again after the touch: the form still open, its input there.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
  await expect(page).toHaveURL(/\/observe$/);
  await expect(page.getByLabel('メモ', { exact: true })).toHaveValue(note);
  expect(await storedWithNote(page, note)).toEqual({ observations: 0, outbox: 0 });
  // And 保存 still saves when tapped.
  await save.tap();
  await expect(page.locator(TIMELINE_CARDS).filter({ hasText: note })).toHaveCount(1);
  expect((await storedWithNote(page, note)).observations).toBe(1);
  await context.close();
});

test('保存 touched and dragged to scroll, the finger lifted still on 保存: a scroll, nothing saved', async ({ browser }) => {
  const { context, page } = await newPhone(browser);
  const note = await openForm(page);
  const { box, cdp } = await saveButtonBox(page);
  const scrolled = await page.evaluate(() => window.scrollY);
  const x = box.x + box.width / 2;
  // Down near 保存's top edge, dragged down across it (the page scrolls back up), lifted inside it.
  await touch(cdp, 'touchStart', x, box.y + 4);
  for (let step = 1; step <= 6; step++) await touch(cdp, 'touchMove', x, box.y + 4 + step * ((box.height - 8) / 6));
  await touch(cdp, 'touchEnd', x, box.y + box.height - 4);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
  // It was a scroll (the page moved), not a tap.
  expect(await page.evaluate(() => window.scrollY)).toBeLessThan(scrolled);
  await expect(page).toHaveURL(/\/observe$/);
  await expect(page.getByLabel('メモ', { exact: true })).toHaveValue(note);
  expect(await storedWithNote(page, note)).toEqual({ observations: 0, outbox: 0 });
  await context.close();
});
