// Saves through the form, timed, for an A/B of two builds of the client: the server serves
// PROFILE_STATIC (a `vite build --outDir` of each version), 10,000 observations stored, 4× CPU
// throttling, N saves (the first two not counted). Prints p50 / p95 of the tap-to-card timer and
// of Element Timing. Run the two builds alternated (old, new, old, new) and note the load:
//   PROFILE_STATIC=/tmp/old-client VARIANT=old node scripts/bench/ab-save.mjs
// TRACE=1 also sums some Chromium trace events per save (navigation, style and layout, paint);
// FLAGS='…' adds Chromium flags. Not part of `npm run bench` (ADR 0018, stop 15).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, newPhone, signIn } from './browser.mjs';
import { armTimer, seedObservations } from './device.mjs';
import { freePort, HOST, ROOT, startProcess, waitForOk, withTimeout } from './util.mjs';
import { chromium } from '@playwright/test';
const VARIANT = process.env.VARIANT ?? 'base';
const port = await freePort();
const proc = startProcess(process.execPath, [join(ROOT, 'dist/server/server/index.js')], {
  env: { PORT: String(port), HOST, DATA_DIR: mkdtempSync(join(tmpdir(), 'kizuki-exp-')), DEMO: '1', STATIC_DIR: process.env.PROFILE_STATIC ?? join(ROOT, 'dist/client') },
});
const base = `http://${HOST}:${port}`;
await waitForOk(`${base}/api/health`, 30_000, proc);
const browser = process.env.FLAGS ? await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync', ...process.env.FLAGS.split(' ')], headless: true }) : await launchBrowser();
try {
  const { context, page } = await newPhone(browser, base);
  await signIn(page, 'carer.suzuki');
  const clientLink = page.getByRole('link', { name: '山田 花子', exact: true });
  await clientLink.waitFor();
  await seedObservations(page, 10_000);
  await page.reload();
  await clientLink.waitFor();
  if (VARIANT === 'manual') await page.evaluate(() => { history.scrollRestoration = 'manual'; });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await clientLink.click();
  const record = page.getByRole('link', { name: '記録する', exact: true });
  await record.waitFor();
  const times = [];
  const painted = [];
  const N = Number(process.env.N ?? 12);
  const agg = {};
  for (let i = 0; i < N; i++) {
    await record.click();
    await page.getByLabel('体温', { exact: true }).fill(`36.${i % 10}`);
    const note = `exp ${Date.now()}-${i}`;
    await page.getByLabel('メモ', { exact: true }).fill(note);
    await armTimer(page, { clickText: '保存', marker: note });
    const trace = i >= 2 && process.env.TRACE;
    if (trace) await browser.startTracing(page, { categories: (process.env.CATS ?? 'devtools.timeline,blink').split(',') });
    await page.getByRole('button', { name: '保存', exact: true }).click();
    const ms = await withTimeout(page.evaluate(() => window.__kizukiBench), 35_000, 'timer');
    const et = await page.evaluate(() => window.__kizukiPainted);
    if (i >= 2 && et != null) painted.push(Math.round(et));
    if (trace) {
      const t = JSON.parse((await browser.stopTracing()).toString());
      const ev = t.traceEvents;
      const mainT = ev.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args.name === 'CrRendererMain');
      const nav = ev.find((e) => e.name === 'FrameLoader::updateForSameDocumentNavigation');
      if (process.env.DUMP && nav && i === N - 1) for (const e of ev) if (e.pid === mainT.pid && e.tid === mainT.tid && e.ts >= nav.ts && e.ts <= nav.ts + nav.dur) console.log(((e.ts - nav.ts) / 1000).toFixed(2), e.ph, ((e.dur ?? 0) / 1000).toFixed(2), e.name);
      for (const e of ev) if (e.ph === 'X' && e.pid === mainT.pid && e.tid === mainT.tid && ['FrameLoader::updateForSameDocumentNavigation','Document::UpdateStyleAndLayout','LocalFrameView::RunPaintLifecyclePhase','SVGImage::DataChanged','EventDispatch'].includes(e.name)) agg[e.name] = (agg[e.name] ?? 0) + e.dur / 1000;
    }
    if (i >= 2) times.push(Math.round(ms));
  }
  const s = [...times].sort((a, b) => a - b);
  const e = [...painted].sort((a, b) => a - b);
  console.log(VARIANT, 'ET p50', e[Math.floor(e.length / 2)], 'p95', e[Math.ceil(e.length * 0.95) - 1], 'n', e.length);
  console.log(VARIANT, 'saves', times.join(' '), 'p50', s[Math.floor(s.length / 2)], 'p95', s[Math.ceil(s.length * 0.95) - 1]);
  for (const k in agg) console.log('  ', k, (agg[k] / times.length).toFixed(1));
} finally {
  await browser.close();
  await proc.stop();
}
