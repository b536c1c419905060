// Where a PUT /api/observations request's CPU goes: the built server (dist/server) under
// --cpu-prof, on a fresh demo database, loaded like the bench's server section (autocannon,
// 10 connections, a new id per request), then the profile summed by function (self time) and
// by file. Not part of `npm run bench`:
//   npx tsc -p tsconfig.server.json && node scripts/bench/server-profile.mjs [seconds]
// Also prints req/s of the run (lower than the bench's: the profiler costs time too).
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST, ROOT, apiSession, benchObservationBody, freePort, sleep, startProcess, waitForOk } from './util.mjs';

const seconds = Number(process.argv[2] ?? 8);
const profDir = mkdtempSync(join(tmpdir(), 'kizuki-cpuprof-'));
const dataDir = mkdtempSync(join(tmpdir(), 'kizuki-prof-data-'));
const port = await freePort();
const proc = startProcess(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, join(ROOT, 'dist/server/server/index.js')], {
  env: { PORT: String(port), HOST, DATA_DIR: dataDir, DEMO: '1', STATIC_DIR: join(profDir, 'none') },
});
const base = `http://${HOST}:${port}`;
await waitForOk(`${base}/api/health`, 30_000, proc);
// Let the ふりがな tokenizer's warm-up (1 s after listening) finish before measuring.
await sleep(6000);
const cookie = await apiSession(base, 'carer.suzuki');
const body = benchObservationBody();
// V8's profile clock and process.hrtime are both CLOCK_MONOTONIC: keep the samples of the load only.
const loadStart = Number(process.hrtime.bigint() / 1000n);
const result = await new Promise((resolve, reject) =>
  autocannon(
    {
      url: base,
      connections: 10,
      pipelining: 1,
      duration: seconds,
      requests: [
        {
          method: 'PUT',
          path: '/api/observations/x',
          headers: { cookie, 'content-type': 'application/json' },
          body,
          setupRequest: (req) => ({ ...req, path: `/api/observations/${randomUUID()}` }),
        },
      ],
    },
    (err, r) => (err ? reject(err) : resolve(r)),
  ),
);
const loadEnd = Number(process.hrtime.bigint() / 1000n);
console.log(`PUT: ${Math.round(result.requests.average)} req/s (profiled), non-2xx ${result.non2xx}, total ${result.requests.total}`);
await proc.stop();
const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile in ${profDir}:\n${proc.output().slice(-2000)}`);
const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8'));

// Self time per node from the samples.
const dt = new Map();
let at = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  const delta = profile.timeDeltas[i] ?? 0;
  at += delta;
  if (at < loadStart || at > loadEnd) continue;
  dt.set(id, (dt.get(id) ?? 0) + delta);
}
const total = [...dt.values()].reduce((a, b) => a + b, 0);
const byFn = new Map();
const byFile = new Map();
const short = (url) => url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '').replace(/^node_modules\//, 'nm/');
let busy = 0;
for (const n of profile.nodes) {
  if (n.callFrame.functionName !== '(idle)') busy += dt.get(n.id) ?? 0;
  const t = dt.get(n.id) ?? 0;
  if (!t) continue;
  const cf = n.callFrame;
  const file = short(cf.url || '(native)');
  const key = `${cf.functionName || '(anon)'}  ${file}:${cf.lineNumber + 1}`;
  byFn.set(key, (byFn.get(key) ?? 0) + t);
  const pkg = file.startsWith('nm/') ? file.split('/').slice(0, file.split('/')[1]?.startsWith('@') ? 3 : 2).join('/') : file;
  byFile.set(pkg, (byFile.get(pkg) ?? 0) + t);
}
const pct = (t) => `${((t / total) * 100).toFixed(1).padStart(5)} %`;
const perReq = (t) => `${(t / result.requests.total).toFixed(1).padStart(6)} µs/req`;
console.log(`busy (not idle) ${(busy / result.requests.total).toFixed(1)} µs per request`);
console.log(`\nself time by function (of ${(total / 1e6).toFixed(1)} s sampled):`);
for (const [k, t] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log(`${pct(t)} ${perReq(t)}  ${k}`);
console.log('\nself time by file / package:');
for (const [k, t] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${pct(t)} ${perReq(t)}  ${k}`);
console.log(`\nprofile: ${join(profDir, file)}`);
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
