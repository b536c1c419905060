// The save scripts' common start (profile-save.mjs, ab-save.mjs): the built server on a fresh demo
// database serving `staticDir` (a build of the client), a phone signed in as carer.suzuki with
// 10,000 observations stored, 4× CPU throttling, on 山田 花子's page with 記録する ready. One save
// through the form is `saveOnce`; 保存 is tapped on the touch screen (`input` 'tap', as on a phone)
// or clicked with a mouse ('click', what these scripts did before stop 19). The caller stops
// `browser` and `proc`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, newPhone, press, pressSave, signIn } from './browser.mjs';
import { armTimer, seedObservations } from './device.mjs';
import { freePort, HOST, ROOT, startProcess, waitForOk, withTimeout } from './util.mjs';

export async function openSavePage(staticDir = join(ROOT, 'dist/client'), { input = 'tap' } = {}) {
  const port = await freePort();
  const proc = startProcess(process.execPath, [join(ROOT, 'dist/server/server/index.js')], {
    env: { PORT: String(port), HOST, DATA_DIR: mkdtempSync(join(tmpdir(), 'kizuki-save-')), DEMO: '1', STATIC_DIR: staticDir },
  });
  const base = `http://${HOST}:${port}`;
  await waitForOk(`${base}/api/health`, 30_000, proc);
  const browser = await launchBrowser();
  const { context, page } = await newPhone(browser, base);
  await signIn(page, 'carer.suzuki');
  const clientLink = page.getByRole('link', { name: '山田 花子', exact: true });
  await clientLink.waitFor();
  await seedObservations(page, 10_000);
  await page.reload();
  await clientLink.waitFor();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await clientLink.click();
  const record = page.getByRole('link', { name: '記録する', exact: true });
  await record.waitFor();

  /**
   * Opens the form, fills it and arms the timer; `tap` (awaited) taps 保存. Resolves with the
   * tap-to-card time (ms) and the Element Timing one (null when the browser gave none).
   */
  const saveOnce = async (i, tap = () => pressSave(page, input)) => {
    await press(record, input);
    await page.getByLabel('体温', { exact: true }).fill(`36.${i % 10}`);
    const note = `保存 ${Date.now()}-${i}`;
    await page.getByLabel('メモ', { exact: true }).fill(note);
    await armTimer(page, { clickText: '保存', marker: note });
    await tap();
    const ms = await withTimeout(page.evaluate(() => window.__kizukiBench), 35_000, 'timer');
    const painted = await page.evaluate(() => window.__kizukiPainted);
    return { ms, painted };
  };
  return { proc, browser, context, page, cdp, saveOnce };
}
