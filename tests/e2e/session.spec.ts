// Staying signed in (issue 18 point 1) and the admin lock-out (issue 18 point 10), on a phone.
import { expect, test, type Page } from '@playwright/test';
import { PASSWORD, signIn } from './helpers.js';

const YAMADA = '00000000-0000-4000-8000-000000000201';

test.use({ viewport: { width: 390, height: 844 } });

test('a relaunched browser is still signed in: the session cookie outlives the browser session', async ({ browser }) => {
  const first = await browser.newContext();
  const page = await first.newPage();
  await signIn(page, 'nurse.sato');
  const stored = await first.storageState({ indexedDB: true });
  await first.close();

  // Relaunching drops every cookie that has no expiry (a "session cookie"); Playwright's stored
  // state would keep them, so drop them here as the browser would.
  const kept = stored.cookies.filter((c) => c.expires > 0);
  expect(kept.map((c) => c.name)).toContain('kizuki_session');
  const relaunched = await browser.newContext({ storageState: { ...stored, cookies: kept } });
  const again = await relaunched.newPage();
  const synced = again.waitForResponse((r) => new URL(r.url()).pathname === '/api/changes');
  await again.goto('/');
  expect((await synced).status()).toBe(200);
  await expect(again.getByRole('button', { name: 'ログアウト' })).toBeVisible();
  await expect(again.getByText('ログインし直してください')).toHaveCount(0);
  expect(await again.evaluate(async () => (await fetch('/api/session')).status)).toBe(200);
  await relaunched.close();
});

test('an admin cannot disable their own account: the page says why', async ({ page }) => {
  await signIn(page, 'admin.himawari');
  await page.goto('/admin/staff');
  const disable = page.getByRole('button', { name: 'ひまわり 管理者を無効にする' });
  await disable.click();
  await expect(page.getByRole('alert').filter({ hasText: '自分自身を無効にしたり' })).toBeVisible();
  // Still an enabled admin: the button still offers to disable (not to enable).
  await expect(disable).toBeVisible();
  await expect(page.getByRole('button', { name: 'ひまわり 管理者を有効にする' })).toHaveCount(0);
});

test('the sign-in form paints before Dexie has loaded; the mirror outside IndexedDB never outranks it', async ({ browser }) => {
  const context = await browser.newContext();
  // Hold back the chunk that carries Dexie until the sign-in form is on screen.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let askedForDexie!: (url: string) => void;
  const asked = new Promise<string>((resolve) => (askedForDexie = resolve));
  await context.route('**/assets/*.js', async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (body.includes('DatabaseClosedError')) {
      askedForDexie(route.request().url());
      await released;
    }
    await route.fulfill({ response, body });
  });
  const page = await context.newPage();
  // When the first screen first went into the document.
  await page.addInitScript(() => {
    const w = window as unknown as { __firstScreenAt?: number };
    new MutationObserver((_, observer) => {
      if (document.getElementById('root')?.firstChild) {
        w.__firstScreenAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto('/');
  await expect(page.getByLabel('ログインID', { exact: true })).toBeVisible();
  // Dexie is asked for once the first screen is there (after its first frame): it neither waits
  // for Dexie nor shares the network with it.
  const dexieUrl = await asked;
  await expect(page.getByLabel('ログインID', { exact: true })).toBeVisible();
  release();
  // Its resource entry appears once the response has ended; its startTime is when it was asked for.
  const requestedAt = async () =>
    page.evaluate((url) => (performance.getEntriesByName(url)[0] as PerformanceResourceTiming | undefined)?.startTime ?? null, dexieUrl);
  await expect.poll(requestedAt).not.toBeNull();
  // The hold has done its part: the rest of the test loads the app straight from the server
  // (route.fetch's own connections met the server closing an idle keep-alive socket once under
  // load: ECONNRESET on a later page load).
  await context.unrouteAll({ behavior: 'wait' });
  const screenAt = await page.evaluate(() => (window as unknown as { __firstScreenAt?: number }).__firstScreenAt ?? null);
  expect(screenAt, 'the first screen went into the document').not.toBeNull();
  expect(await requestedAt()).toBeGreaterThan(screenAt ?? Infinity);

  await signIn(page, 'carer.suzuki');
  expect(await page.evaluate(() => localStorage.getItem('kizuki.signedIn'))).toBe('1');
  // A stale mirror that says "signed out": the session IndexedDB holds replaces the form.
  await page.evaluate(() => localStorage.setItem('kizuki.signedIn', '0'));
  await page.reload();
  await expect(page.getByRole('button', { name: 'ログアウト', exact: true })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('kizuki.signedIn'))).toBe('1');
  // A stale mirror that says "signed in" grants nothing: with no session kept, sign-in it is.
  await page.getByRole('button', { name: 'ログアウト', exact: true }).click();
  await expect(page.getByLabel('ログインID', { exact: true })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('kizuki.signedIn'))).toBe('0');
  await page.evaluate(() => localStorage.setItem('kizuki.signedIn', '1'));
  await page.reload();
  await expect(page.getByLabel('ログインID', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'ログアウト', exact: true })).toHaveCount(0);
  await context.close();
});

test('a shared phone: another account cannot sign in over unsent records; after they are sent and the first signs out, the next sees none of its data', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const note = `共有の端末 ${Date.now()}`;
  await signIn(page, 'carer.suzuki');
  await page.getByRole('link', { name: '山田 花子' }).click();
  await context.setOffline(true);
  await page.getByRole('link', { name: '記録する' }).click();
  await page.getByLabel('体温', { exact: true }).fill('37.6');
  await page.getByLabel('メモ', { exact: true }).fill(note);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('未送信 1件')).toBeVisible();

  // Back in signal, but the server is down for sending: the record stays unsent, and another
  // account signs in on this phone (the sign-in page offered when a session must be renewed).
  await context.route('**/api/batch', (route) => route.fulfill({ status: 503, headers: { 'retry-after': '600' }, body: '' }));
  await context.setOffline(false);
  await page.goto('/login');
  await page.getByLabel('ログインID', { exact: true }).fill('carer.ito');
  await page.getByLabel('パスワード', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'この端末には 鈴木 ヘルパー さんの未送信の記録が 1件 あります' })).toBeVisible();
  // Nothing of the first account was touched: its record, still unsent, and its clients.
  await page.goto(`/clients/${YAMADA}`);
  await expect(page.getByText(note)).toBeVisible();
  await expect(page.getByText('未送信 1件')).toBeVisible();

  // The first account signs in again and its record is sent; then it signs out.
  await context.unroute('**/api/batch');
  await page.goto('/login');
  await page.getByLabel('ログインID', { exact: true }).fill('carer.suzuki');
  await page.getByLabel('パスワード', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByText('未送信 0件')).toBeVisible();
  await page.getByRole('button', { name: 'ログアウト', exact: true }).click();

  // The next account on this phone sees its own client, and none of the first one's data.
  await page.getByLabel('ログインID', { exact: true }).fill('carer.ito');
  await page.getByLabel('パスワード', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('link', { name: '小林 健太' })).toBeVisible();
  await expect(page.getByRole('link', { name: '山田 花子' })).toHaveCount(0);
  const left = await page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('kizuki');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['clients', 'observations']);
          const clients = tx.objectStore('clients').getAll();
          const observations = tx.objectStore('observations').getAll();
          tx.oncomplete = () => {
            const rows = [...(clients.result as { name?: string }[]), ...(observations.result as { note?: string }[])];
            db.close();
            resolve(rows.map((r) => ('name' in r ? String(r.name) : String((r as { note?: string }).note))));
          };
        };
      }),
  );
  expect(left).not.toContain('山田 花子');
  expect(left).not.toContain(note);
  expect(left).toContain('小林 健太');
  await context.close();
});

/** Saves an observation with `note` through the form on `p`, and waits for its card. */
async function save(p: Page, note: string): Promise<void> {
  await p.goto(`/clients/${YAMADA}/observe`);
  await p.getByLabel('体温', { exact: true }).fill('36.9');
  await p.getByLabel('メモ', { exact: true }).fill(note);
  await p.getByRole('button', { name: '保存', exact: true }).click();
  await expect(p.getByText(note)).toBeVisible();
}

test('ログアウト with unsent records warns with their count; a record another tab saves meanwhile is counted and asked about, not wiped unseen', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'carer.suzuki');
  // The server takes no batch: what is saved stays unsent.
  await context.route('**/api/batch', (route) => route.fulfill({ status: 503, headers: { 'retry-after': '600' }, body: '' }));
  await save(page, `一件目 ${Date.now()}`);
  await expect(page.getByText('未送信 1件')).toBeVisible();

  // The person agrees to lose 1件. While the phone ends the session on the server (a slow
  // signal), another tab saves a second record; the wipe must not take it unseen: the person is
  // asked again, about 2件, and declines.
  const other = await context.newPage();
  const second = `別のタブ ${Date.now()}`;
  await context.route('**/api/session', async (route) => {
    if (route.request().method() === 'DELETE') await save(other, second);
    await route.continue();
  });
  const asked: string[] = [];
  page.on('dialog', (dialog) => {
    asked.push(dialog.message());
    void (asked.length === 1 ? dialog.accept() : dialog.dismiss());
  });
  await page.getByRole('button', { name: 'ログアウト', exact: true }).click();
  await expect.poll(() => asked.length).toBe(2);
  expect(asked[0]).toContain('まだ送信していない記録が 1件 あります');
  expect(asked[1]).toContain('まだ送信していない記録が 2件 あります');
  // Nothing was wiped: both records are on the phone, still unsent.
  await page.goto(`/clients/${YAMADA}`);
  await expect(page.getByText(second)).toBeVisible();
  await expect(page.getByText('未送信 2件')).toBeVisible();
  await context.close();
});

test('signing in on /login opens the app; a page opened signed out opens right there once signed in', async ({ page }) => {
  // A bookmark, or the address after ログアウト on the sign-in-again page: no session, on /login.
  await page.goto('/');
  await page.goto('/login');
  await page.getByLabel('ログインID', { exact: true }).fill('carer.suzuki');
  await page.getByLabel('パスワード', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('link', { name: '山田 花子' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/');
  await expect(page.getByRole('heading', { name: 'もう一度ログイン' })).toHaveCount(0);
  // Back does not return to the sign-in page.
  await page.goBack();
  expect(new URL(page.url()).pathname).toBe('/');

  // Signed out, a client's page (a link someone sent) asks to sign in, then opens itself.
  await page.getByRole('button', { name: 'ログアウト', exact: true }).click();
  await expect(page.getByLabel('ログインID', { exact: true })).toBeVisible();
  await page.goto(`/clients/${YAMADA}`);
  await page.getByLabel('ログインID', { exact: true }).fill('carer.suzuki');
  await page.getByLabel('パスワード', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('heading', { name: '山田 花子', exact: true })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(`/clients/${YAMADA}`);
});

test('すべての端末からログアウト with unsent records warns with their count, and declining keeps them and the session', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'carer.suzuki');
  // The server takes no batch: what is saved stays unsent.
  await context.route('**/api/batch', (route) => route.fulfill({ status: 503, headers: { 'retry-after': '600' }, body: '' }));
  const note = `全端末の前 ${Date.now()}`;
  await page.goto(`/clients/${YAMADA}/observe`);
  await page.getByLabel('体温', { exact: true }).fill('36.9');
  await page.getByLabel('メモ', { exact: true }).fill(note);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText(note)).toBeVisible();
  await expect(page.getByText('未送信 1件')).toBeVisible();

  const asked: string[] = [];
  page.on('dialog', (dialog) => {
    asked.push(dialog.message());
    void (asked.length === 1 ? dialog.dismiss() : dialog.accept());
  });
  await page.goto('/account');
  await page.getByRole('button', { name: 'すべての端末からログアウト' }).click();
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toContain('まだ送信していない記録が 1件 あります');
  // Declined: still signed in, the record still on the phone, unsent.
  await page.goto(`/clients/${YAMADA}`);
  await expect(page.getByText(note)).toBeVisible();
  await expect(page.getByText('未送信 1件')).toBeVisible();
  await expect(page.getByRole('button', { name: 'ログアウト', exact: true })).toBeVisible();
  // Agreed to: signed out, and the sign-in screen is what the phone shows.
  await page.goto('/account');
  await page.getByRole('button', { name: 'すべての端末からログアウト' }).click();
  await expect(page.getByRole('button', { name: 'ログイン', exact: true })).toBeVisible();
  expect(asked).toHaveLength(2);
  await context.close();
});

test('すべての端末からログアウト: a record another tab saves while the sessions end is asked about; agreeing then signs out (the sessions already ended)', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'carer.suzuki');
  await context.route('**/api/batch', (route) => route.fulfill({ status: 503, headers: { 'retry-after': '600' }, body: '' }));
  await save(page, `全端末 一件目 ${Date.now()}`);
  await expect(page.getByText('未送信 1件')).toBeVisible();
  // While every session ends on the server (a slow signal), another tab saves a second record.
  const other = await context.newPage();
  let saved = false;
  await context.route('**/api/session/everywhere', async (route) => {
    if (!saved) {
      saved = true;
      await save(other, `全端末 別のタブ ${Date.now()}`);
    }
    await route.continue();
  });
  const asked: string[] = [];
  page.on('dialog', (dialog) => {
    asked.push(dialog.message());
    void dialog.accept();
  });
  await page.goto('/account');
  await page.getByRole('button', { name: 'すべての端末からログアウト' }).click();
  // Asked again, about 2件, and agreed: signed out, though the server had already ended the session.
  await expect(page.getByRole('button', { name: 'ログイン', exact: true })).toBeVisible();
  expect(asked).toHaveLength(2);
  expect(asked[1]).toContain('まだ送信していない記録が 2件 あります');
  await context.close();
});

test('すべての端末からログアウト: a record another tab saves while the warning is read stops it before any session ends; asked again and declined, every session stays', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'carer.suzuki');
  await context.route('**/api/batch', (route) => route.fulfill({ status: 503, headers: { 'retry-after': '600' }, body: '' }));
  await save(page, `全端末 警告の前 ${Date.now()}`);
  await expect(page.getByText('未送信 1件')).toBeVisible();
  const ended: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'DELETE' && r.url().includes('/api/session')) ended.push(r.url());
  });
  // While the person reads the warning about 1件, another tab saves a second record; she agrees
  // to lose 1件, is asked again about 2件, and declines.
  const other = await context.newPage();
  const asked: string[] = [];
  page.on('dialog', async (dialog) => {
    asked.push(dialog.message());
    if (asked.length === 1) {
      await save(other, `全端末 警告を読む間に ${Date.now()}`);
      await dialog.accept();
    } else await dialog.dismiss();
  });
  await page.goto('/account');
  await page.getByRole('button', { name: 'すべての端末からログアウト' }).click();
  await expect.poll(() => asked.length).toBe(2);
  expect(asked[1]).toContain('まだ送信していない記録が 2件 あります');
  // No session was ended: this phone (and every other one) is still signed in, both records unsent.
  expect(ended).toEqual([]);
  expect((await page.request.get('/api/session')).status()).toBe(200);
  await page.goto(`/clients/${YAMADA}`);
  await expect(page.getByText('未送信 2件')).toBeVisible();
  await expect(page.getByRole('button', { name: 'ログアウト', exact: true })).toBeVisible();
  await context.close();
});

test('a password under 10 characters is stopped by the form itself, never answered with the validator\'s own words', async ({ page }) => {
  const asked: string[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET' && /\/api\/(session\/password|admin\/users)/.test(r.url())) asked.push(r.url());
  });
  const tooShort = async (label: string) => {
    const field = page.getByLabel(label, { exact: true });
    await field.fill('short');
    expect(await field.evaluate((el: HTMLInputElement) => el.validity.tooShort)).toBe(true);
  };
  await signIn(page, 'admin.himawari');
  await page.goto('/account');
  await page.getByLabel('今のパスワード', { exact: true }).fill(PASSWORD);
  await tooShort('新しいパスワード（10文字以上）');
  await page.getByRole('button', { name: 'パスワードを変更' }).click();

  await page.goto('/admin/staff');
  await page.getByLabel('職員の名前', { exact: true }).fill('短い パスワード');
  await page.getByLabel('新しいログインID', { exact: true }).fill(`short.${Date.now()}`);
  await tooShort('仮のパスワード（10文字以上）');
  await page.getByRole('button', { name: '職員を追加' }).click();
  await tooShort('鈴木 ヘルパーの仮のパスワード');
  await page.getByRole('listitem').filter({ hasText: '鈴木 ヘルパー' }).getByRole('button', { name: '再設定' }).click();

  await expect(page.getByText(/小さすぎる|string/)).toHaveCount(0);
  expect(asked).toEqual([]);
  // A client without the form hears the rule in plain words too.
  const res = await page.request.put('/api/session/password', { data: { currentPassword: PASSWORD, newPassword: 'short' } });
  expect(res.status()).toBe(400);
  expect((await res.json()).errors).toEqual([{ path: 'newPassword', message: '10文字以上にしてください' }]);
});
