// Waits on events instead of fixed sleeps: a row in the page's IndexedDB, a rendered frame.
import { expect, type Page } from '@playwright/test';

/** The rows of one store of the app's database, read from the page (the connection is closed again at once). */
export async function idbRows(page: Page, store: string): Promise<unknown[]> {
  return page.evaluate(
    (name) =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open('kizuki');
        open.onerror = () => reject(open.error ?? new Error('indexedDB.open failed'));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(name)) {
            db.close();
            resolve([]);
            return;
          }
          const req = db.transaction(name, 'readonly').objectStore(name).getAll();
          req.onsuccess = () => {
            db.close();
            resolve(req.result as unknown[]);
          };
          req.onerror = () => {
            db.close();
            reject(req.error ?? new Error('getAll failed'));
          };
        };
      }),
    store,
  );
}

/** Until a form's draft holding `text` is in IndexedDB (drafts are written a moment after typing stops). */
export async function waitForDraft(page: Page, text: string): Promise<void> {
  await expect
    .poll(async () => (await idbRows(page, 'meta')).some((r) => {
      const row = r as { key?: unknown; value?: unknown };
      return typeof row.key === 'string' && row.key.startsWith('draft:') && JSON.stringify(row.value).includes(text);
    }), { message: `a draft with "${text}" in IndexedDB` })
    .toBe(true);
}

/** Until the page has rendered two frames: state set by an event before this call is on screen. */
export async function twoFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}
