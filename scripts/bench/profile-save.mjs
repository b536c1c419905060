// Where a save's time goes: CPU profile (CDP) of a few saves through the form, with 10,000
// observations stored and 4× CPU throttling, against an unminified build. Prints the functions
// with the most self time and the wall time of each save, and writes a Chromium trace of the
// last save to /tmp/prof/trace.json (open it in chrome://tracing or Perfetto). Not part of
// `npm run bench`:
//   npx vite build --minify false --outDir /tmp/prof-client --emptyOutDir
//   PROFILE_STATIC=/tmp/prof-client node scripts/bench/profile-save.mjs   (INPUT=click: the mouse)
import { mkdirSync, writeFileSync } from 'node:fs';
import { pressSave } from './browser.mjs';
import { openSavePage } from './save-page.mjs';

mkdirSync('/tmp/prof', { recursive: true });
const { proc, browser, page, cdp, saveOnce } = await openSavePage(process.env.PROFILE_STATIC);
try {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const times = [];
  const profiles = [];
  for (let i = 0; i < 8; i++) {
    const { ms } = await saveOnce(i, async () => {
      if (i >= 2) await cdp.send('Profiler.start');
      if (i === 7) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8'] });
      await pressSave(page, process.env.INPUT ?? 'tap');
    });
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
