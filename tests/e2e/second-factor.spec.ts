// The second factor in Chromium (issue 12), with the DevTools virtual authenticator: after the
// organization's day, a nurse who signs in with a password alone is led to 「パスキーを登録」 and
// can do nothing else; after registering, full access; signed out, she signs in with the passkey,
// and a later password sign-in leads only to 「パスキーで確認」.
// The admin who sets the day first completes her own second factor with the software
// authenticator of the server fixtures, so her API session keeps working to restore the day.
// WebAuthn refuses IP addresses as relying-party ids: the app is opened as localhost.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { createCredential } from '../fixtures/webauthn/soft-authenticator.js';
import { addVirtualAuthenticator, localhostOrigin, PASSWORD, signIn } from './helpers.js';

/** This worker's server as localhost (set before each test). */
let BASE = '';
test.beforeEach(({ baseURL }) => {
  BASE = localhostOrigin(baseURL);
});
const SATO = '00000000-0000-4000-8000-000000000101';

/** YYYY-MM-DD in Japan, `days` from today. */
const japanDay = (days: number) => new Date(Date.now() + 9 * 3600 * 1000 + days * 24 * 3600 * 1000).toISOString().slice(0, 10);

async function adminWithPasskey(request: APIRequestContext): Promise<string> {
  expect((await request.post('/api/session', { data: { loginId: 'admin.sakura', password: PASSWORD } })).status()).toBe(200);
  const o = (await (await request.post('/api/passkeys/register/options', { data: {} })).json()) as {
    challengeId: string;
    options: { challenge: string; user: { id: string } };
  };
  const { response } = createCredential({ rpID: 'localhost', origin: BASE, challenge: o.options.challenge, userID: o.options.user.id });
  expect((await request.post('/api/passkeys/register', { data: { challengeId: o.challengeId, response } })).status()).toBe(201);
  const me = (await (await request.get('/api/session')).json()) as { user: { id: string } };
  return me.user.id;
}

test('past the day: password → only 「パスキーを登録」 → full access; then 「パスキーでログイン」', async ({ browser, playwright }) => {
  const admin = await playwright.request.newContext({ baseURL: BASE, extraHTTPHeaders: { origin: BASE } });
  const adminId = await adminWithPasskey(admin);
  const before = ((await (await admin.get('/api/admin/second-factor')).json()) as { requiredFrom: string }).requiredFrom;
  // Recovery first: whatever passkey Sato had is gone, and the requirement starts over for her.
  expect((await admin.delete(`/api/admin/users/${SATO}/passkeys`)).status()).toBe(200);
  expect((await admin.put('/api/admin/second-factor', { data: { requiredFrom: japanDay(-1) } })).status()).toBe(200);

  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    const { cdp, authenticatorId } = await addVirtualAuthenticator(context, page);
    const api = (path: string) =>
      page.evaluate(async (p) => {
        const r = await fetch(p);
        return { status: r.status, body: (await r.json()) as { type?: string; secondFactor?: unknown } };
      }, path);

    await signIn(page, 'nurse.sato');
    await expect(page.getByRole('heading', { name: 'パスキーの登録が必要です' })).toBeVisible();
    await expect(page.getByText('パスワードだけではこのアプリを使えなくなりました')).toBeVisible();
    await expect(page.getByRole('heading', { name: '相談一覧' })).toHaveCount(0);
    const refused = await api('/api/clients');
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('urn:kizuki:problem:passkey-registration-required');

    const registered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/passkeys/register');
    await page.getByRole('button', { name: 'パスキーを登録' }).click();
    expect((await registered).status()).toBe(201);
    await expect(page.getByRole('heading', { name: '相談一覧' })).toBeVisible();
    expect((await api('/api/clients')).status).toBe(200);
    expect((await api('/api/session')).body.secondFactor).toBeUndefined();
    await page.goto('/clients');
    await expect(page.getByRole('link', { name: '山田 花子' })).toBeVisible();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);

    await page.getByRole('button', { name: 'ログアウト', exact: true }).click();
    const signedIn = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/passkeys/login');
    await page.getByRole('button', { name: 'パスキーでログイン' }).click();
    expect((await signedIn).status()).toBe(200);
    await expect(page.getByRole('heading', { name: '相談一覧' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'パスキーの登録が必要です' })).toHaveCount(0);
    expect((await api('/api/clients')).status).toBe(200);

    // With a passkey, a password alone leads only to 「パスキーで確認」; the assertion completes it.
    await page.getByRole('button', { name: 'ログアウト', exact: true }).click();
    await page.getByLabel('ログインID', { exact: true }).fill('nurse.sato');
    await page.getByLabel('パスワード', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'パスキーで確認してください' })).toBeVisible();
    expect((await api('/api/clients')).body.type).toBe('urn:kizuki:problem:passkey-verification-required');
    const verified = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/passkeys/verify');
    await page.getByRole('button', { name: 'パスキーで確認' }).click();
    expect((await verified).status()).toBe(200);
    await expect(page.getByRole('heading', { name: '相談一覧' })).toBeVisible();
    expect((await api('/api/clients')).status).toBe(200);
  } finally {
    await context.close();
    // Later tests sign in with passwords: the demo's day back, the admin's passkey gone.
    expect((await admin.put('/api/admin/second-factor', { data: { requiredFrom: before } })).status()).toBe(200);
    expect((await admin.delete(`/api/admin/users/${adminId}/passkeys`)).status()).toBe(200);
    await admin.dispose();
  }
});

test('an admin sets the passkey day on 管理 (audited); before it, a reminder names the day', async ({ page }) => {
  await signIn(page, 'admin.sakura');
  await page.goto('/admin');
  const field = page.getByLabel('パスキーを必須にする日');
  // The saved day arrives from the server.
  await expect(field).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  const before = await field.inputValue();
  const day = japanDay(30);
  try {
    await field.fill(day);
    const saved = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/admin/second-factor' && r.request().method() === 'PUT');
    await page.getByRole('button', { name: '保存' }).click();
    expect((await saved).status()).toBe(200);
    await expect(page.getByRole('status').filter({ hasText: 'パスキーを必須にする日を保存しました' })).toBeVisible();
    // The admin has no passkey: the reminder on the menu names the new day.
    await page.getByRole('link', { name: 'メニュー', exact: true }).click();
    const shown = new Intl.DateTimeFormat('ja-JP', { dateStyle: 'long', timeZone: 'Asia/Tokyo' }).format(new Date(`${day}T00:00:00+09:00`));
    await expect(page.getByRole('complementary', { name: 'パスキーのお知らせ' })).toContainText(`${shown}から、看護師と管理者はパスキーの登録が必要になります`);
    const log = await page.evaluate(async () => (await (await fetch('/api/admin/audit')).json()) as { entityType: string; status: number }[]);
    expect(log).toContainEqual(expect.objectContaining({ entityType: 'admin.second-factor', status: 200 }));
  } finally {
    const restored = await page.evaluate(
      async (requiredFrom) =>
        (await fetch('/api/admin/second-factor', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requiredFrom }) })).status,
      before,
    );
    expect(restored).toBe(200);
  }
});
