// Saves through the form, timed, for an A/B of two builds of the client: the server serves
// PROFILE_STATIC (a `vite build --outDir` of each version), 10,000 observations stored, 4× CPU
// throttling, N saves (the first two not counted). Prints p50 / p95 of the tap-to-card timer and
// of Element Timing. Run the two builds alternated (old, new, old, new) and note the load:
//   PROFILE_STATIC=/tmp/old-client VARIANT=old node scripts/bench/ab-save.mjs
// Not part of `npm run bench` (ADR 0018, stop 15).
import { openSavePage } from './save-page.mjs';

const VARIANT = process.env.VARIANT ?? 'build';
const N = Number(process.env.N ?? 20);
const { proc, browser, saveOnce } = await openSavePage(process.env.PROFILE_STATIC);
const pct = (list, q) => [...list].sort((a, b) => a - b)[Math.max(0, Math.ceil(list.length * q) - 1)];
try {
  const times = [];
  const painted = [];
  for (let i = 0; i < N; i++) {
    const r = await saveOnce(i);
    if (i < 2) continue;
    times.push(Math.round(r.ms));
    if (r.painted != null) painted.push(Math.round(r.painted));
  }
  console.log(VARIANT, 'saves', times.join(' '));
  console.log(VARIANT, 'tap → card p50', pct(times, 0.5), 'p95', pct(times, 0.95), '· Element Timing p50', pct(painted, 0.5), 'p95', pct(painted, 0.95), 'n', painted.length);
} finally {
  await browser.close();
  await proc.stop();
}
