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

  // What the page said, for the report of a failure (a registration that never ends).
  const said: string[] = [];
  page.on('console', (m) => said.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => said.push(`pageerror: ${e.message}`));
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) said.push(`navigated: ${f.url()}`);
  });

  await signIn(page, 'nurse.sato');
  await page.goto('/account');
  const registered = page.getByRole('status').filter({ hasText: 'パスキーを登録しました' });
  const refused = page.getByRole('alert').filter({ hasText: 'パスキーの登録が取り消された' });
  try {
    await page.getByRole('button', { name: 'パスキーを登録' }).click();
    await expect(registered.or(refused)).toBeVisible();
    if (await refused.isVisible()) {
      // The browser's authenticator refused this once (outside the app): the page says so and
      // the nurse taps again, as a person would.
      test.info().annotations.push({ type: 'authenticator', description: 'the first ceremony was refused; tapped again' });
      await page.getByRole('button', { name: 'パスキーを登録' }).click();
    }
    await expect(registered).toBeVisible();
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\nThe page said:\n${said.join('\n')}`, { cause: e });
  }
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
