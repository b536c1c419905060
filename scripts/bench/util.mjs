// Helpers shared by the benchmark sections: ports, child processes, the Kizuki server,
// Chromium, percentiles. Everything talks to 127.0.0.1 only and is bounded in time.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const HOST = '127.0.0.1';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const DEMO_PASSWORD = 'kizuki-demo';
/** src/server/demo.ts: himawari's clients (served by sakura) and its carers. */
export const DEMO = {
  himawariClients: [
    '00000000-0000-4000-8000-000000000201',
    '00000000-0000-4000-8000-000000000202',
    '00000000-0000-4000-8000-000000000203',
  ],
  carerSuzukiId: '00000000-0000-4000-8000-000000000104',
  carerTakahashiId: '00000000-0000-4000-8000-000000000105',
};

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1 (from the OS's ephemeral range, above Chromium's bad ports). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/** Rejects after `ms` with a message naming what took too long. */
export async function withTimeout(promise, ms, what) {
  let timer;
  try {
    return await Promise.race([
      promise,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Nearest-rank percentile of a list of numbers (null for none). */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** Rounds to one decimal (null stays null). */
export const round1 = (v) => (v === null || v === undefined ? null : Math.round(v * 10) / 10);

export const median = (values) => percentile(values, 50);

/** Children this process started, stopped at exit even after a crash. */
const children = new Set();

function killGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Detached children lead their own process group: this reaches what they started too.
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

export function stopAllChildren() {
  for (const c of children) killGroup(c, 'SIGKILL');
  children.clear();
}
process.on('exit', stopAllChildren);

/**
 * Starts a process in its own group; `stop()` ends it (SIGTERM, then SIGKILL) by its pid.
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: Record<string, string>, cwd?: string }} [opts]
 */
export function startProcess(command, args, opts = {}) {
  const child = spawn(command, args, {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.add(child);
  let output = '';
  const keep = (d) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((r) => child.once('exit', r));
  return {
    child,
    output: () => output,
    exited,
    async stop() {
      killGroup(child, 'SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(4000).then(() => false)]);
      if (!done) killGroup(child, 'SIGKILL');
      await Promise.race([exited, sleep(2000)]);
      children.delete(child);
    },
  };
}

/** Runs a command to its end (bounded), failing with its output on a non-zero exit. */
export async function run(command, args, { timeoutMs = 300_000, env } = {}) {
  const p = startProcess(command, args, { env });
  const code = await withTimeout(p.exited, timeoutMs, `${command} ${args.join(' ')}`).catch(async (err) => {
    await p.stop();
    throw err;
  });
  children.delete(p.child);
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}:\n${p.output().slice(-4000)}`);
  return p.output();
}

/** Builds dist/ (client with Vite, server with tsc) unless both are there. */
export async function ensureBuilt() {
  const client = join(ROOT, 'dist/client/index.html');
  const server = join(ROOT, 'dist/server/server/index.js');
  if (existsSync(client) && existsSync(server)) return false;
  console.log('dist/ is missing: building (vite build, tsc -p tsconfig.server.json)…');
  await run(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build']);
  await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.server.json']);
  return true;
}

/** Waits until `url` answers 200. */
export async function waitForOk(url, ms, proc) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null)) {
      throw new Error(`the process serving ${url} exited:\n${proc.output().slice(-4000)}`);
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${ms} ms`);
    await sleep(100);
  }
}

/** The real server (dist/server) on a fresh temporary database with the demo region. */
export async function startKizuki({ databaseUrl } = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'kizuki-bench-'));
  const proc = startProcess(process.execPath, [join(ROOT, 'dist/server/server/index.js')], {
    env: { PORT: String(port), HOST, DATA_DIR: dataDir, DEMO: '1', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
  });
  const base = `http://${HOST}:${port}`;
  try {
    await waitForOk(`${base}/api/health`, 30_000, proc);
  } catch (err) {
    await proc.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    base,
    port,
    dataDir,
    proc,
    async stop() {
      await proc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The JSON body of the server benches' PUT /api/observations/{id}: a Himawari client, a minute ago. */
export function benchObservationBody(note = 'autocannon') {
  return JSON.stringify({
    clientId: DEMO.himawariClients[0],
    observedAt: new Date(Date.now() - 60_000).toISOString(),
    vitals: { temperature: 36.8, pulse: 76, systolic: 128, diastolic: 78, spo2: 97, respiratoryRate: 16 },
    softSigns: ['eating_less'],
    note,
  });
}

/** Signs in through the API; returns the Cookie header value of the session. */
export async function apiSession(base, loginId) {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginId, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${loginId} answered ${res.status}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  if (cookies.length === 0) throw new Error('sign-in set no cookie');
  return cookies.join('; ');
}

/** Everything `cookie`'s account may see, through GET /api/changes. */
export async function allChanges(base, cookie) {
  const out = [];
  let after = '';
  for (let page = 0; page < 1000; page++) {
    const res = await fetch(`${base}/api/changes?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`, {
      headers: { cookie },
    });
    if (res.status !== 200) throw new Error(`GET /api/changes answered ${res.status}`);
    const body = await res.json();
    out.push(...body.changes);
    after = body.cursor;
    if (!body.more) return out;
  }
  throw new Error('GET /api/changes never said more: false');
}

/** A temporary directory removed by `cleanup()`. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
