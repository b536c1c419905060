// Where a flush's time goes: 1,000 entries queued offline (as the bench's sync section does),
// then the network returns; prints every request the page makes during the flush with its start
// and end (ms after reconnect) and the server's time for it, the gaps between batches (the phone's
// own time), and writes a CPU profile of the page to /tmp/prof/sync.cpuprofile. Not part of
// `npm run bench`: `node scripts/bench/profile-sync.mjs` (after `npm run build`).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, newPhone, signIn } from './browser.mjs';
import { queueOffline, outboxStates } from './sync.mjs';
import { freePort, HOST, ROOT, sleep, startProcess, waitForOk } from './util.mjs';

const OPS = Number(process.env.OPS ?? 1000);

/**
 * CPU ms (user + system) used so far by these processes and all their descendants (Linux /proc);
 * with `only`, by those of them whose command line includes it (e.g. Chromium's renderers).
 */
function cpuMsOfTrees(rootPids, only) {
  const stats = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const text = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // gone
    }
  }
  const inTree = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 50; p = stats.get(p)?.ppid ?? 0, hops++) if (rootPids.includes(p)) return true;
    return false;
  };
  let ticks = 0;
  const named = (pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(only);
    } catch {
      return false;
    }
  };
  for (const [pid, st] of stats) if (inTree(pid) && (only === undefined || named(pid))) ticks += st.ticks;
  return ticks * 10; // USER_HZ = 100
}
mkdirSync('/tmp/prof', { recursive: true });
const port = await freePort();
// PROFILE_DIST: another build to compare (a copy of dist/ with client/ and server/).
const dist = process.env.PROFILE_DIST ?? join(ROOT, 'dist');
const proc = startProcess(process.execPath, [join(dist, 'server/server/index.js')], {
  env: { PORT: String(port), HOST, DATA_DIR: mkdtempSync(join(tmpdir(), 'kizuki-prof-')), DEMO: '1' },
});
const base = `http://${HOST}:${port}`;
await waitForOk(`${base}/api/health`, 30_000, proc);
const browser = await launchBrowser();
try {
  const { context, page } = await newPhone(browser, base);
  // Every IndexedDB transaction the page opens during the flush: its stores, mode, start and end.
  await context.addInitScript(() => {
    const log = (window.__txLog = []);
    // The requests each transaction makes, by kind (a cursor step counts as one request).
    window.__txOf = new WeakMap();
    const count = (tx, kind) => {
      const e = window.__txOf.get(tx);
      if (e) e.reqs[kind] = (e.reqs[kind] ?? 0) + 1;
    };
    for (const [proto, names] of [
      [IDBObjectStore.prototype, ['get', 'getAll', 'getAllKeys', 'put', 'add', 'delete', 'count', 'openCursor', 'openKeyCursor', 'clear']],
      [IDBIndex.prototype, ['get', 'getAll', 'getAllKeys', 'count', 'openCursor', 'openKeyCursor']],
    ]) {
      for (const name of names) {
        const f = proto[name];
        proto[name] = function (...args) {
          count(this.transaction ?? this.objectStore.transaction, `${proto === IDBIndex.prototype ? 'index.' : ''}${name}`);
          return f.apply(this, args);
        };
      }
    }
    for (const name of ['continue', 'advance', 'continuePrimaryKey']) {
      const f = IDBCursor.prototype[name];
      IDBCursor.prototype[name] = function (...args) {
        const src = this.source;
        count(src.transaction ?? src.objectStore.transaction, `cursor.${name}`);
        return f.apply(this, args);
      };
    }
    const orig = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (stores, mode, opts) {
      const tx = orig.call(this, stores, mode, opts);
      const e = { stores: [].concat(stores).join(','), mode: mode ?? 'readonly', start: performance.now(), reqs: {} };
      log.push(e);
      window.__txOf.set(tx, e);
      tx.addEventListener('complete', () => (e.end = performance.now()));
      tx.addEventListener('abort', () => (e.end = -performance.now()));
      return tx;
    };
  });
  await signIn(page, 'carer.takahashi');
  await page.getByRole('link', { name: '山田 花子', exact: true }).waitFor();
  await context.setOffline(true);
  await page.waitForFunction(() => !navigator.onLine);
  await queueOffline(page, { ops: OPS, marker: `prof-${Date.now().toString(36)}` });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  const reqs = [];
  let t0 = 0;
  page.on('request', (r) => {
    if (r.url().includes('/api/')) reqs.push({ r, start: performance.now() - t0 });
  });
  page.on('requestfinished', (r) => {
    const e = reqs.find((x) => x.r === r);
    if (e) e.end = performance.now() - t0;
  });
  // The page's main thread alone (Chrome's own accounting: its tasks, and the script in them).
  await cdp.send('Performance.enable');
  const mainThread = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    return { task: m.TaskDuration * 1000, script: m.ScriptDuration * 1000 };
  };
  const profiling = process.env.NO_CPU_PROFILE === undefined;
  if (profiling) await cdp.send('Profiler.start');
  const pageT0 = await page.evaluate(() => {
    window.__txLog.length = 0;
    return performance.now();
  });
  const serverPid = proc.child.pid;
  const browserPids = () => [...new Set(readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => { try { return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('chromium') && readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(process.pid) ? [Number(d)] : []; } catch { return []; } }))];
  const bpids = browserPids();
  // The renderers apart: the page's JavaScript and its side of IndexedDB (the database itself
  // runs in the browser process).
  const cpu0 = { server: cpuMsOfTrees([serverPid]), browser: cpuMsOfTrees(bpids), renderer: cpuMsOfTrees(bpids, '--type=renderer') };
  const main0 = await mainThread();
  t0 = performance.now();
  await context.setOffline(false);
  let states = await outboxStates(page);
  while (states.pending > 0) {
    await sleep(25);
    states = await outboxStates(page);
  }
  const flushMs = performance.now() - t0;
  const main1 = await mainThread();
  const cpu1 = { server: cpuMsOfTrees([serverPid]), browser: cpuMsOfTrees(bpids), renderer: cpuMsOfTrees(bpids, '--type=renderer') };
  await sleep(500);
  const { profile } = profiling ? await cdp.send('Profiler.stop') : { profile: { nodes: [], samples: [], timeDeltas: [] } };
  writeFileSync('/tmp/prof/sync.cpuprofile', JSON.stringify(profile));
  console.log(`flush: ${Math.round(flushMs)} ms; CPU during it: server ${cpu1.server - cpu0.server} ms, browser ${cpu1.browser - cpu0.browser} ms (${bpids.length} top processes; renderers ${cpu1.renderer - cpu0.renderer} ms); the page's main thread: tasks ${Math.round(main1.task - main0.task)} ms, script ${Math.round(main1.script - main0.script)} ms`);
  for (const e of reqs) {
    const t = e.r.timing();
    const server = t.responseStart >= 0 && t.requestStart >= 0 ? Math.round(t.responseStart - t.requestStart) : '?';
    const u = new URL(e.r.url());
    console.log(`${String(Math.round(e.start)).padStart(6)} → ${String(Math.round(e.end ?? -1)).padStart(6)}  server ${String(server).padStart(4)} ms  ${e.r.method()} ${u.pathname}${u.search.slice(0, 30)}`);
  }
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, k) => {
    const n = byId.get(id);
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[k + 1] ?? 0) / 1000);
  });
  const txs = await page.evaluate(() => window.__txLog.filter((e) => !e.stores.startsWith('outbox') || e.mode !== 'readonly' || e.end - e.start > 20));
  const groups = new Map();
  for (const e of txs) {
    const k = `${e.mode} ${e.stores}`;
    const g = groups.get(k) ?? { n: 0, ms: 0, max: 0 };
    g.n++;
    g.ms += Math.abs(e.end ?? 0) - e.start;
    g.max = Math.max(g.max, Math.abs(e.end ?? 0) - e.start);
    groups.set(k, g);
  }
  const applies = txs.filter((e) => e.mode === 'readwrite' && e.stores.startsWith('outbox,') && e.start - pageT0 < flushMs && e.end > 0);
  console.log(`reconcile transactions during the flush: ${applies.length}, median ${Math.round(applies.map((e) => e.end - e.start).sort((a, b) => a - b)[applies.length >> 1] ?? 0)} ms`);
  console.log('page IndexedDB transactions (count, total ms, max ms):');
  for (const [k, g] of [...groups].sort((a, b) => b[1].ms - a[1].ms)) console.log(`${String(g.n).padStart(5)} ${g.ms.toFixed(0).padStart(7)} ${g.max.toFixed(0).padStart(6)}  ${k}`);
  if (process.env.TX) {
    // TX=all: every transaction, the bench's own outbox counts included.
    const shown = process.env.TX === 'all' ? await page.evaluate(() => window.__txLog) : txs.filter((e) => e.mode === 'readwrite' || e.stores !== 'outbox');
    for (const e of shown) {
      const reqs = Object.entries(e.reqs ?? {}).map(([k, n]) => `${k}×${n}`).join(' ');
      console.log(`${(e.start - pageT0).toFixed(0).padStart(6)} → ${(Math.abs(e.end ?? 0) - pageT0).toFixed(0).padStart(6)}  ${e.mode === 'readwrite' ? 'rw' : 'r '} ${e.stores}  ${reqs}`);
    }
  }
  console.log('page self time (ms), top 25:');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${v.toFixed(0).padStart(6)}  ${k}`);
} finally {
  await browser.close();
  await proc.stop();
}
