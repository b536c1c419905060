// Passkeys in Chromium with the DevTools virtual authenticator (CDP WebAuthn domain): a nurse
// registers a passkey on the account page, signs out, and signs in with 「パスキーでログイン」.
// WebAuthn refuses IP addresses as relying-party ids, so this test opens the app as
// localhost (still the loopback interface).
import { expect, test } from '@playwright/test';
import { addVirtualAuthenticator, localhostOrigin, signIn } from './helpers.js';

test('register a passkey on the account page, then sign in with it', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL: localhostOrigin(baseURL), viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const { cdp, authenticatorId } = await addVirtualAuthenticator(context, page);

  await signIn(page, 'nurse.sato');
  await page.goto('/account');
  await page.getByRole('button', { name: 'パスキーを登録' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'パスキーを登録しました' })).toBeVisible();
  await expect(page.getByText('登録済みのパスキー：1件')).toBeVisible();
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]?.isResidentCredential).toBe(true);

  await page.getByRole('button', { name: 'ログアウト', exact: true }).click();
  await expect(page.getByRole('button', { name: 'パスキーでログイン' })).toBeVisible();
  const signedIn = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/passkeys/login');
  await page.getByRole('button', { name: 'パスキーでログイン' }).click();
  expect((await signedIn).status()).toBe(200);
  await expect(page.getByRole('button', { name: 'ログアウト', exact: true })).toBeVisible();
  const me = await page.evaluate(async () => ((await (await fetch('/api/session')).json()) as { user: { name: string } }).user.name);
  expect(me).toBe('佐藤 看護師');
  // The authenticator's signature counter moved: the server accepted a real assertion.
  const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(after.credentials[0]?.signCount).toBeGreaterThan(0);
  await context.close();
});
