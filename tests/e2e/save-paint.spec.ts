// After 保存 the client page comes back with the new card on top in its very first frame, built
// from what the page last showed plus the row just committed (no IndexedDB read in between),
// and with only the top of the list: the rest of the page's cards follow once that frame has
// painted (issue 14: save ≤ 50 ms from the tap to the card).
import { expect, test } from '@playwright/test';
import { newPhone, signIn } from './helpers.js';

/** src/client/features/clients/ClientPage.tsx FIRST_FRAME_CARDS */
const FIRST_FRAME_CARDS = 4;
const TIMELINE_CARDS = 'section[aria-labelledby="timeline-h"] li.card';

test('保存: the first frame of the client page shows the new card on top, read from no IndexedDB query, and only the top of the list; the rest follows', async ({ browser }) => {
  const { context, page } = await newPhone(browser);
  await signIn(page, 'carer.suzuki');
  await page.getByRole('link', { name: '山田 花子', exact: true }).click();
  // The timeline's cards only: tasks and unread answers (which earlier tests on this worker's
  // server may have left for 山田 花子) are cards of their own sections above it.
  const cards = page.locator(TIMELINE_CARDS);
  // The demo's two weeks of history: more cards than the first frame holds (how many depends on
  // what earlier tests on this worker's server added to 山田 花子).
  await expect.poll(() => cards.count()).toBeGreaterThan(FIRST_FRAME_CARDS);
  await expect(cards.first()).toBeVisible();
  const before = await cards.count();

  await page.getByRole('link', { name: '記録する', exact: true }).click();
  const note = `最初の一枚 ${Date.now()}`;
  await page.getByLabel('体温', { exact: true }).fill('36.8');
  await page.getByLabel('メモ', { exact: true }).fill(note);
  // Watches from now on: every read of the observations store (the save itself only writes),
  // and, when the new card appears, how many cards the client page holds and which comes first.
  await page.evaluate(() => {
    const w = window as unknown as { __obsReads: number };
    w.__obsReads = 0;
    const count = (source: IDBObjectStore | IDBIndex) => {
      const store = source instanceof IDBIndex ? source.objectStore : source;
      if (store.name === 'observations') w.__obsReads++;
    };
    for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype] as (IDBObjectStore | IDBIndex)[]) {
      for (const name of ['get', 'getAll', 'getAllKeys', 'getKey', 'count', 'openCursor', 'openKeyCursor'] as const) {
        const original = proto[name] as (...args: unknown[]) => unknown;
        Object.defineProperty(proto, name, {
          configurable: true,
          writable: true,
          value: function (this: IDBObjectStore | IDBIndex, ...args: unknown[]) {
            count(this);
            return original.apply(this, args);
          },
        });
      }
    }
  });
  const firstFrame = page.evaluate(
    ({ note, selector }) =>
      new Promise<{ cards: number; firstHoldsNote: boolean; observationReads: number }>((resolve) => {
        const mo = new MutationObserver(() => {
          const list = [...document.querySelectorAll(selector)];
          if (!list.some((li) => li.textContent?.includes(note))) return;
          mo.disconnect();
          const cards = list.length;
          const firstHoldsNote = !!list[0]?.textContent?.includes(note);
          // In the frame that paints the card, before it paints: the reads made up to then.
          requestAnimationFrame(() => resolve({ cards, firstHoldsNote, observationReads: (window as unknown as { __obsReads: number }).__obsReads }));
        });
        mo.observe(document.body, { childList: true, subtree: true, characterData: true });
      }),
    { note, selector: TIMELINE_CARDS },
  );
  await page.getByRole('button', { name: '保存', exact: true }).click();
  // Painted from what the page last showed plus the row just committed: no read before it.
  expect(await firstFrame).toEqual({ cards: FIRST_FRAME_CARDS, firstHoldsNote: true, observationReads: 0 });
  // The rest follows: the page holds at least what it held before (the new card may push one out).
  await expect.poll(() => cards.count()).toBeGreaterThanOrEqual(before);
  await expect(cards.first()).toContainText(note);
  await context.close();
});
