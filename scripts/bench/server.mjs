// Server throughput with autocannon on 127.0.0.1, the same connections and duration for each:
// PUT /api/observations/{a new uuid per request} with a carer's session, GET /api/changes?
// limit=100, a bare node:http JSON answer and a bare durable SQLite insert loop with group
// commit (the references, measured in the same run).
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { measureBareSqlite } from './bare-sqlite.mjs';
import { startPostgres } from './postgres.mjs';
import { HOST, ROOT, allChanges, apiSession, benchObservationBody, freePort, round1, startKizuki, startProcess, waitForOk } from './util.mjs';

const CONNECTIONS = 10;
const DURATION_S = 5;
const WARMUP_S = 1;

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, pipelining: 1, timeout: 10, ...opts }, (err, result) => {
      if (err) reject(err);
      else resolve(result);
    });
  });
}

let clockTicks;
/**
 * CPU time (µs) a process has used, all its threads (`main: true`: only the thread running its
 * event loop, whose id is the process's). From /proc; null where there is none.
 */
function cpuUs(pid, { main = false } = {}) {
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    const stat = readFileSync(main ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) / clockTicks) * 1e6;
  } catch {
    return null;
  }
}

/**
 * A warm-up run, then the measured run. With `pid` (the server's process), also the CPU each
 * request cost the server (all its threads, and its event loop's alone) and the load generator
 * (autocannon, in this process): on a machine of `cores` cores no server of that cost can answer
 * more than cores / (server + generator) requests a second, however its work is spread.
 */
async function load(opts, pid) {
  await cannon({ ...opts, duration: WARMUP_S });
  const before = pid ? { all: cpuUs(pid), main: cpuUs(pid, { main: true }), gen: process.cpuUsage() } : null;
  const r = await cannon({ ...opts, duration: DURATION_S });
  const out = {
    rps: Math.round(r.requests.average),
    p50Ms: round1(r.latency.p50),
    p99Ms: round1(r.latency.p99),
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
  if (!before || before.all === null || !r.requests.total) return out;
  const n = r.requests.total;
  const gen = process.cpuUsage(before.gen);
  const serverUs = (cpuUs(pid) - before.all) / n;
  const mainUs = (cpuUs(pid, { main: true }) - before.main) / n;
  const genUs = (gen.user + gen.system) / n;
  const cores = cpuCount();
  return {
    ...out,
    cpu: {
      serverUsPerRequest: Math.round(serverUs),
      eventLoopUsPerRequest: Math.round(mainUs),
      generatorUsPerRequest: Math.round(genUs),
      cores,
      /** No server of this CPU cost beside this generator can go faster on this machine. */
      boundRps: Math.round((cores * 1e6) / (serverUs + genUs)),
      /** …nor faster with everything on one event loop, as now. */
      eventLoopBoundRps: Math.round(1e6 / mainUs),
    },
  };
}

function cpuCount() {
  try {
    return readdirSync('/sys/devices/system/cpu').filter((d) => /^cpu\d+$/.test(d)).length || 1;
  } catch {
    return 1;
  }
}

/** PUT /api/observations/{new id} and GET /api/changes?limit=100 against the server at `base`. */
async function measureRoutes(base, log, pid) {
  const cookie = await apiSession(base, 'carer.suzuki');
  const body = benchObservationBody();
  const put = await load({
    url: base,
    requests: [
      {
        method: 'PUT',
        path: '/api/observations/00000000-0000-4000-8000-000000000000',
        headers: { cookie, 'content-type': 'application/json' },
        body,
        setupRequest: (req) => ({ ...req, path: `/api/observations/${randomUUID()}` }),
      },
    ],
  }, pid);
  // Each request had its own id: every one of them is a new observation on the server.
  const stored = (await allChanges(base, cookie)).filter((c) => c.type === 'observation' && c.data?.note === 'autocannon').length;
  log(`  PUT /api/observations/{id}: ${put.rps} req/s, p99 ${put.p99Ms} ms, non-2xx ${put.non2xx}, ${stored} stored`);
  if (put.cpu) {
    const c = put.cpu;
    log(`    CPU per PUT: server ${c.serverUsPerRequest} µs (event loop ${c.eventLoopUsPerRequest}), autocannon ${c.generatorUsPerRequest} µs;`);
    log(`    bound on ${c.cores} cores: ${c.boundRps} req/s spread over every core, ${c.eventLoopBoundRps} on one event loop`);
  }

  const changes = await load({ url: `${base}/api/changes?limit=100`, headers: { cookie } });
  log(`  GET /api/changes?limit=100: ${changes.rps} req/s, p99 ${changes.p99Ms} ms, non-2xx ${changes.non2xx}`);
  return { put, changes, stored };
}

/** The same two loads on PostgreSQL (DATABASE_URL), in a cluster of its own, side by side with SQLite's. */
async function measurePostgres(log) {
  let pg;
  let server;
  try {
    pg = await startPostgres();
    server = await startKizuki({ databaseUrl: pg.url });
    log('  on PostgreSQL (one server process, fsync on):');
    const { put, changes, stored } = await measureRoutes(server.base, log);
    return {
      putObservationRps: put.rps,
      changesRps: changes.rps,
      p99Ms: put.p99Ms,
      changesP99Ms: changes.p99Ms,
      putNon2xx: put.non2xx + put.errors,
      putStoredObservations: stored,
      changesNon2xx: changes.non2xx + changes.errors,
    };
  } catch (err) {
    log(`  PostgreSQL: ${err.message}`);
    return { error: err.message };
  } finally {
    await server?.stop();
    pg?.stop();
  }
}

export async function measureServer(base, { log = () => {}, pid } = {}) {
  const { put, changes, stored } = await measureRoutes(base, log, pid);
  const postgres = await measurePostgres(log);

  const port = await freePort();
  const bare = startProcess(process.execPath, [join(ROOT, 'scripts/bench/bare-server.mjs')], { env: { PORT: String(port) } });
  let bareResult;
  try {
    await waitForOk(`http://${HOST}:${port}/`, 10_000, bare);
    bareResult = await load({ url: `http://${HOST}:${port}/` }, bare.child.pid);
  } finally {
    await bare.stop();
  }
  log(`  bare node:http: ${bareResult.rps} req/s, p99 ${bareResult.p99Ms} ms${bareResult.cpu ? `, CPU per request: server ${bareResult.cpu.serverUsPerRequest} µs, autocannon ${bareResult.cpu.generatorUsPerRequest} µs` : ''}`);

  // The storage floor: durable inserts in groups as large as the load's connections.
  const bareSqlite = measureBareSqlite({ durationS: DURATION_S, group: CONNECTIONS });
  log(`  bare SQLite insert loop (WAL, synchronous=FULL, groups of ${bareSqlite.group}): ${bareSqlite.rps} rows/s`);

  return {
    putObservationRps: put.rps,
    changesRps: changes.rps,
    p99Ms: put.p99Ms,
    bareNodeRps: bareResult.rps,
    putVsBare: bareResult.rps ? Math.round((put.rps / bareResult.rps) * 1000) / 1000 : null,
    /** What one PUT costs in CPU, and the ceiling that puts on req/s here (ADR 0016, stop 21). */
    putCpu: put.cpu ?? null,
    bareNodeCpu: bareResult.cpu ?? null,
    bareSqliteInsertRps: bareSqlite.rps,
    bareSqliteGroup: bareSqlite.group,
    /** PUT /api/observations over the bare durable insert loop: how far the route is above the storage floor. */
    putVsBareSqlite: bareSqlite.rps ? Math.round((put.rps / bareSqlite.rps) * 1000) / 1000 : null,
    changesP99Ms: changes.p99Ms,
    bareP99Ms: bareResult.p99Ms,
    putNon2xx: put.non2xx + put.errors,
    putStoredObservations: stored,
    changesNon2xx: changes.non2xx + changes.errors,
    postgres,
    connections: CONNECTIONS,
    durationS: DURATION_S,
    p99Of: 'PUT /api/observations/{id}',
  };
}
