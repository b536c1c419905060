// Where a save's time goes: CPU profile (CDP) of a few saves through the form, with 10,000
// observations stored and 4× CPU throttling, against an unminified build. Prints the functions
// with the most self time and the wall time of each save, and writes a Chromium trace of the
// last save to /tmp/prof/trace.json (open it in chrome://tracing or Perfetto). Not part of
// `npm run bench`:
//   npx vite build --minify false --outDir /tmp/prof-client --emptyOutDir
//   PROFILE_STATIC=/tmp/prof-client node scripts/bench/profile-save.mjs
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, newPhone, signIn } from './browser.mjs';
import { armTimer, seedObservations } from './device.mjs';
import { freePort, HOST, ROOT, startProcess, waitForOk, withTimeout } from './util.mjs';

mkdirSync('/tmp/prof', { recursive: true });
const port = await freePort();
const proc = startProcess(process.execPath, [join(ROOT, 'dist/server/server/index.js')], {
  env: { PORT: String(port), HOST, DATA_DIR: mkdtempSync(join(tmpdir(), 'kizuki-prof-')), DEMO: '1', STATIC_DIR: process.env.PROFILE_STATIC ?? join(ROOT, 'dist/client') },
});
const base = `http://${HOST}:${port}`;
await waitForOk(`${base}/api/health`, 30_000, proc);
const browser = await launchBrowser();
try {
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
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const times = [];
  const profiles = [];
  for (let i = 0; i < 8; i++) {
    await record.click();
    await page.getByLabel('体温', { exact: true }).fill(`36.${i}`);
    const note = `プロファイル ${Date.now()}-${i}`;
    await page.getByLabel('メモ', { exact: true }).fill(note);
    await armTimer(page, { clickText: '保存', marker: note });
    if (i >= 2) await cdp.send('Profiler.start');
    if (i === 7) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8'] });
    await page.getByRole('button', { name: '保存', exact: true }).click();
    const ms = await withTimeout(page.evaluate(() => window.__kizukiBench), 35_000, 'timer');
    if (i >= 2) profiles.push((await cdp.send('Profiler.stop')).profile);
    if (i === 7) writeFileSync('/tmp/prof/trace.json', await browser.stopTracing());
    times.push(Math.round(ms));
  }
  console.log('saves (ms):', times.join(' '));
  const self = new Map();
  let total = 0;
  for (const p of profiles) {
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const dt = new Map();
    p.samples.forEach((id, k) => dt.set(id, (dt.get(id) ?? 0) + (p.timeDeltas[k + 1] ?? 0)));
    for (const [id, us] of dt) {
      const n = byId.get(id);
      const f = n.callFrame;
      const key = `${f.functionName || '(anon)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + us);
      total += us;
    }
  }
  writeFileSync('/tmp/prof/profiles.json', JSON.stringify(profiles));
  console.log(`profiled ${profiles.length} saves, ${(total / 1000 / profiles.length).toFixed(1)} ms sampled per save`);
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${(us / 1000 / profiles.length).toFixed(2).padStart(7)} ms  ${k}`);
} finally {
  await browser.close();
  await proc.stop();
}
