// Saves through the form, timed, for an A/B of two builds of the client: the server serves
// PROFILE_STATIC (a `vite build --outDir` of each version), 10,000 observations stored, 4× CPU
// throttling, N saves (the first two not counted). Prints p50 / p95 of the tap-to-card timer and
// of Element Timing. Run the two builds alternated (old, new, old, new) and note the load:
//   PROFILE_STATIC=/tmp/old-client VARIANT=old node scripts/bench/ab-save.mjs
// With PROFILE_STATIC_B as well, both builds are open side by side (a server and a browser each)
// and their saves alternate one by one (A, B, A, B …), so that both meet the same load on a
// shared machine; it prints each one's figures and the median of the paired differences (B − A).
// INPUT=click clicks 保存 with the mouse instead of tapping it on the touch screen (the default
// since stop 19, as on a phone). Not part of `npm run bench` (ADR 0018, stops 15, 17 and 19).
import { loadavg } from 'node:os';
import { openSavePage } from './save-page.mjs';

const VARIANT = process.env.VARIANT ?? 'build';
const loadAtStart = loadavg().map((v) => v.toFixed(2)).join(' ');
const N = Number(process.env.N ?? 20);
const INPUT = process.env.INPUT ?? 'tap';
const pct = (list, q) => [...list].sort((a, b) => a - b)[Math.max(0, Math.ceil(list.length * q) - 1)];
const sides = [{ name: process.env.PROFILE_STATIC_B ? 'A' : VARIANT, dir: process.env.PROFILE_STATIC }];
if (process.env.PROFILE_STATIC_B) sides.push({ name: 'B', dir: process.env.PROFILE_STATIC_B });
const open = [];
try {
  for (const side of sides) open.push({ ...side, ...(await openSavePage(side.dir, { input: INPUT })), times: [], painted: [] });
  for (let i = 0; i < N; i++) {
    for (const s of i % 2 === 0 ? open : [...open].reverse()) {
      const r = await s.saveOnce(i);
      if (i < 2) continue;
      s.times.push(Math.round(r.ms));
      s.painted.push(r.painted == null ? null : Math.round(r.painted));
    }
  }
  console.log('input', INPUT, '· load average at the start', loadAtStart, '· at the end', loadavg().map((v) => v.toFixed(2)).join(' '));
  for (const s of open) {
    const painted = s.painted.filter((v) => v != null);
    console.log(s.name, 'saves', s.times.join(' '));
    console.log(s.name, 'tap → card p50', pct(s.times, 0.5), 'p95', pct(s.times, 0.95), '· Element Timing p50', pct(painted, 0.5), 'p95', pct(painted, 0.95), 'n', painted.length);
  }
  if (open.length === 2) {
    const [a, b] = open;
    const diff = a.times.map((t, k) => b.times[k] - t);
    const pdiff = a.painted.flatMap((t, k) => (t == null || b.painted[k] == null ? [] : [b.painted[k] - t]));
    console.log('B − A, paired: tap → card median', pct(diff, 0.5), 'ms · Element Timing median', pct(pdiff, 0.5), 'ms · B lower in', diff.filter((d) => d < 0).length, 'of', diff.length);
  }
} finally {
  for (const s of open) {
    await s.browser.close();
    await s.proc.stop();
  }
}
