// Renders the manifest's screenshots (public/screenshots/*.png) from the built app on the demo
// region, with the system Chromium. Run by hand after a visible change: npm run build && node scripts/make-screenshots.mjs
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PORT = 8197;
const base = `http://127.0.0.1:${PORT}`;
const server = spawn(process.execPath, ['dist/server/server/index.js'], {
  env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DEMO: '1', DATA_DIR: mkdtempSync(join(tmpdir(), 'kizuki-shots-')) },
  stdio: 'ignore',
});
try {
  for (let i = 0; i < 50; i++) {
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  mkdirSync('public/screenshots', { recursive: true });
  await page.goto(base);
  await page.getByLabel('ログインID', { exact: true }).fill('carer.suzuki');
  await page.getByLabel('パスワード', { exact: true }).fill('kizuki-demo');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByRole('link', { name: '山田 花子' }).click();
  await page.getByRole('heading', { name: '山田 花子' }).waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'public/screenshots/client.png' });
  await page.getByRole('link', { name: '記録する' }).click();
  await page.getByLabel('体温', { exact: true }).fill('38.2');
  await page.getByLabel('脈拍', { exact: true }).fill('104');
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'public/screenshots/observation.png' });
  await browser.close();
} finally {
  server.kill();
}
