// `npm run bench`: measures bundle, Lighthouse, device, sync and server figures against the
// production build, prints them beside their targets, and writes tests/bench/results.json.
// Targets are reported, not asserted: the command fails only when a section cannot be
// measured. `node scripts/bench/run.mjs --only=bundle,server` runs some sections.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { measureBundle } from './bundle.mjs';
import { measureDevice } from './device.mjs';
import { measureLighthouse } from './lighthouse.mjs';
import { measureLive } from './live.mjs';
import { measureServer } from './server.mjs';
import { measureSync } from './sync.mjs';
import { ROOT, ensureBuilt, startKizuki, stopAllChildren, withTimeout } from './util.mjs';

const RESULTS = join(ROOT, 'tests/bench/results.json');
const SECTIONS = ['bundle', 'lighthouse', 'device', 'sync', 'live', 'server'];

const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const chosen = only ? SECTIONS.filter((s) => only.includes(s)) : SECTIONS;

/** [label, path in results, target text, check(value, results) → pass?] */
const ROWS = [
  ['initial JS (gzip KB)', 'bundle.initialJsGzipKB', '≤ 120 (bundle-size test fails above)', (v) => v <= 120],
  ['initial JS as sent, brotli (KB)', 'bundle.initialJsSentKB', 'reported'],
  ['bare React 19 app JS (gzip KB)', 'bundle.baselineReactJsGzipKB', 'reference'],
  ['Lighthouse performance (mobile, median of 3)', 'lighthouse.performance', '≥ 0.95', (v) => v >= 0.95],
  ['Lighthouse LCP (ms)', 'lighthouse.lcpMs', '≤ 2000', (v) => v <= 2000],
  ['Lighthouse TBT (ms)', 'lighthouse.tbtMs', 'reported'],
  ['save observation, touch tap p50 (ms, 4× CPU, 10k obs)', 'device.saveObservationMs.p50', 'reported'],
  ['save observation, touch tap p95 (ms, 4× CPU, 10k obs)', 'device.saveObservationMs.p95', '≤ 50', (v) => v <= 50],
  ['save, tap → card presented (Element Timing) p50 (ms)', 'device.saveObservationPaintedMs.p50', 'reported'],
  ['save, tap → card presented (Element Timing) p95 (ms)', 'device.saveObservationPaintedMs.p95', 'reported'],
  ['save by mouse click p50 (ms, alternated with the taps)', 'device.saveObservationMouseClickMs.p50', 'reported'],
  ['save by mouse click p95 (ms, alternated with the taps)', 'device.saveObservationMouseClickMs.p95', 'reported'],
  ['save by mouse click → card presented (Element Timing) p95 (ms)', 'device.saveObservationMouseClickPaintedMs.p95', 'reported'],
  ['bare strict IndexedDB put p50 (ms, same page)', 'device.bareDexiePutMs.p50', 'floor'],
  ['bare strict IndexedDB put p95 (ms, same page)', 'device.bareDexiePutMs.p95', 'floor'],
  ['open timeline p50 (ms, 4× CPU, 10k obs)', 'device.openTimelineMs.p50', 'reported'],
  ['open timeline p95 (ms, 4× CPU, 10k obs)', 'device.openTimelineMs.p95', '≤ 150', (v) => v <= 150],
  ['open timeline, full page load, p50 (ms)', 'device.openTimelineColdMs.p50', 'reported'],
  ['sync: entries queued offline', 'sync.ops', '1000', (v) => v === 1000],
  ['sync: flush after reconnect (ms)', 'sync.flushMs', '≤ 1000', (v) => v <= 1000],
  ['sync: lost', 'sync.lost', '0', (v) => v === 0],
  ['sync: duplicated', 'sync.duplicates', '0', (v) => v === 0],
  ['new consultation → nurse screen p50 (ms)', 'live.newConsultationToNurseMs.p50', 'reported'],
  ['new consultation → nurse screen p95 (ms)', 'live.newConsultationToNurseMs.p95', '≤ 1000', (v) => v <= 1000],
  ['server PUT /api/observations (req/s)', 'server.putObservationRps', '≥ 40% of bare node:http', (v, r) => v >= 0.4 * get(r, 'server.bareNodeRps')],
  ['server GET /api/changes?limit=100 (req/s)', 'server.changesRps', 'reported'],
  ['server PUT p99 (ms)', 'server.p99Ms', 'reported'],
  ['server on PostgreSQL: PUT /api/observations (req/s)', 'server.postgres.putObservationRps', 'reported (beside SQLite)'],
  ['server on PostgreSQL: GET /api/changes?limit=100 (req/s)', 'server.postgres.changesRps', 'reported (beside SQLite)'],
  ['server on PostgreSQL: PUT p99 (ms)', 'server.postgres.p99Ms', 'reported'],
  ['bare node:http JSON (req/s)', 'server.bareNodeRps', 'reference'],
  ['bare durable SQLite inserts, group commit (rows/s)', 'server.bareSqliteInsertRps', 'reference (storage floor)'],
];

function get(obj, path) {
  return path.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), obj);
}

function table(results) {
  const rows = ROWS.filter(([, path]) => results[path.split('.')[0]] !== undefined).map(([label, path, target, check]) => {
    const section = results[path.split('.')[0]];
    const v = get(results, path);
    let status = '';
    if (section?.error) status = 'error';
    else if (v === null || v === undefined) status = 'n/a';
    else if (check) status = check(v, results) ? 'pass' : 'MISS';
    return [label, section?.error ? '—' : String(v ?? '—'), target, status];
  });
  const head = ['metric', 'value', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function gitInfo() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: null };
  }
}

async function section(results, name, fn, timeoutMs) {
  if (!chosen.includes(name)) return;
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  try {
    results[name] = await withTimeout(fn(), timeoutMs, name);
    console.log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (err) {
    results[name] = { error: err instanceof Error ? err.message : String(err) };
    console.log(`  FAILED: ${results[name].error}`);
  }
}

async function main() {
  const started = Date.now();
  const log = (m) => console.log(m);
  const results = {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      // Other work on the machine skews every figure: compare runs made on a quiet machine.
      loadAverageAtStart: loadavg().map((v) => Math.round(v * 100) / 100),
      ...gitInfo(),
      sections: chosen,
    },
  };
  if (await ensureBuilt()) results.meta.built = true;

  await section(results, 'bundle', () => measureBundle(), 120_000);

  const needsServer = chosen.some((s) => s !== 'bundle');
  const server = needsServer ? await startKizuki() : null;
  try {
    if (server) {
      console.log(`\nKizuki server on ${server.base} (DATA_DIR ${server.dataDir})`);
      await section(results, 'lighthouse', () => measureLighthouse(server.base), 300_000);
      await section(results, 'device', () => measureDevice(server.base, { log }), 300_000);
      await section(results, 'sync', () => measureSync(server.base, { log }), 180_000);
      await section(results, 'live', () => measureLive(server.base, { log }), 300_000);
      await section(results, 'server', () => measureServer(server.base, { log, pid: server.proc.child.pid }), 120_000);
    }
  } finally {
    await server?.stop();
  }

  results.meta.durationS = Math.round((Date.now() - started) / 100) / 10;
  results.meta.loadAverageAtEnd = loadavg().map((v) => Math.round(v * 100) / 100);
  results.targets = ROWS.filter(([, , , check]) => check)
    .filter(([, path]) => results[path.split('.')[0]] && !results[path.split('.')[0]].error)
    .map(([, path, target, check]) => {
      const value = get(results, path);
      return { metric: path, value: value ?? null, target, pass: value === null || value === undefined ? null : check(value, results) };
    });

  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${table(results)}\n`);
  console.log(`Wrote ${RESULTS.slice(ROOT.length + 1)} in ${results.meta.durationS} s (load average ${results.meta.loadAverageAtEnd.join(' ')} on ${results.meta.cpus} CPUs).`);
  const failed = chosen.filter((s) => results[s]?.error);
  if (failed.length > 0) {
    console.error(`Could not measure: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

const interrupt = () => {
  stopAllChildren();
  process.exit(130);
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    // A section that timed out may still hold a browser or a socket: do not wait for it.
    stopAllChildren();
    process.exit(process.exitCode ?? 0);
  });
