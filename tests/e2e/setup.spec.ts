// First start without DEMO: the one-time setup URL creates the organization and its admin;
// the admin registers a client and a carer; the carer changes the temporary password at the
// first sign-in and sees the client. No default password exists anywhere.
import { expect, test } from '@playwright/test';
import { freePort } from '../fixtures/ports.js';
import { OwnServer } from './fault-helpers.js';

test('setup URL → admin → client and staff → a carer changes the temporary password and sees the client', async ({ browser }) => {
  const server = new OwnServer(await freePort(), { demo: false });
  try {
    await server.start();
    const url = /\/setup#[A-Za-z0-9_-]+/.exec(server.output)?.[0];
    expect(url, server.output).toBeTruthy();
    const context = await browser.newContext({ baseURL: server.baseURL, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    const page = await context.newPage();
    // Nobody can sign in before setup: there is no default account.
    const denied = await context.request.post('/api/session', { data: { loginId: 'admin', password: 'admin' } });
    expect(denied.status()).toBe(401);

    await page.goto(url ?? '/');
    await page.getByLabel('事業所の名前').fill('こもれび訪問介護');
    await page.getByLabel('事業所の種類').selectOption({ label: '訪問介護' });
    await page.getByLabel('管理者の名前').fill('木下 管理者');
    await page.getByLabel('管理者のログインID').fill('admin.komorebi');
    await page.getByLabel('管理者のパスワード（10文字以上）').fill('komorebi-first-admin');
    await page.getByRole('button', { name: '事業所と管理者を作成' }).click();
    await expect(page.getByRole('button', { name: 'ログアウト' })).toBeVisible();
    // Online and synced, a new organization has no clients yet: the list says who adds them,
    // not that they appear once the phone is online (it is).
    await expect(page.getByText('まだ利用者がいません。管理者が登録すると表示されます。')).toBeVisible();

    await page.getByRole('link', { name: 'メニュー' }).click();
    await page.getByRole('link', { name: '管理' }).click();
    await page.getByRole('link', { name: '利用者の登録と担当ステーション' }).click();
    await page.getByLabel('氏名').fill('森 はな');
    await page.getByLabel('ふりがな').fill('もり はな');
    await page.getByRole('button', { name: '利用者を登録' }).click();
    await expect(page.getByText('森 はなさんを担当する訪問看護ステーション')).toBeVisible();

    await page.goto('/admin/staff');
    await page.getByLabel('職員の名前').fill('川上 ヘルパー');
    await page.getByLabel('新しいログインID').fill('carer.kawakami');
    await page.getByLabel('仮のパスワード（10文字以上）').fill('temporary-123');
    await page.getByRole('button', { name: '職員を追加' }).click();
    await expect(page.getByText('川上 ヘルパー（carer.kawakami・介護職員・支援員）')).toBeVisible();

    // The setup URL works once.
    const again = await context.request.post('/api/setup', {
      data: { token: url?.split('#')[1], organization: { name: 'x', kind: 'other' }, admin: { name: 'x', loginId: 'xxx', password: 'xxxxxxxxxxxx' } },
    });
    expect(again.status()).toBe(403);

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.getByLabel('ログインID', { exact: true }).fill('carer.kawakami');
    await page.getByLabel('パスワード', { exact: true }).fill('temporary-123');
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'パスワードを変更してください' })).toBeVisible();
    await page.getByLabel('今のパスワード').fill('temporary-123');
    await page.getByLabel('新しいパスワード（10文字以上）').fill('kawakami-own-secret');
    await page.getByRole('button', { name: 'パスワードを変更' }).click();
    await expect(page.getByRole('link', { name: '森 はな' })).toBeVisible({ timeout: 15_000 });
    await context.close();
  } finally {
    await server.dispose();
  }
});
