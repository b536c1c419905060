// PUT /api/observations/{new id} for an A/B of two server builds: both run side by side (a
// fresh demo database each), and autocannon loads them in turn, A B B A A B …, so that both
// meet the same load on a shared machine. Prints each run's req/s, each side's median, the
// median of the paired ratios (B / A), the server's event-loop CPU time per request (from /proc)
// and the load average. Not part of `npm run bench`:
//   cp -r dist/server dist/ab-base/   # main's build (inside the repo, so that node_modules resolve)
//   SERVER_A=dist/ab-base/server SERVER_B=dist/server PAIRS=6 node scripts/bench/ab-server.mjs
// ENV_A / ENV_B (JSON) add environment variables to one side, e.g. ENV_B='{"UV_USE_IO_URING":"1"}'.
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HOST, ROOT, apiSession, benchObservationBody, freePort, median, sleep, startProcess, waitForOk } from './util.mjs';

const PAIRS = Number(process.env.PAIRS ?? 6);
const SECONDS = Number(process.env.SECONDS ?? 4);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
// The server's event-loop thread's CPU time (user + system, in ticks of 10 ms, /proc/…/task/<pid>):
// steadier than req/s when other jobs share the cores, and without the thread pool's fsyncs and
// the checkpointer's copies, which vary with the disk.
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');

async function start(name, dir, env = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `kizuki-ab-${name}-`));
  const proc = startProcess(process.execPath, [join(resolve(ROOT, dir), 'server/index.js')], {
    env: { PORT: String(port), HOST, DATA_DIR: dataDir, DEMO: '1', STATIC_DIR: join(dataDir, 'none'), ...env },
  });
  const base = `http://${HOST}:${port}`;
  await waitForOk(`${base}/api/health`, 30_000, proc);
  return { name, base, proc, dataDir, runs: [], cpu: [] };
}

function put(side, seconds) {
  const body = benchObservationBody();
  return new Promise((res, rej) =>
    autocannon(
      {
        url: side.base,
        connections: CONNECTIONS,
        pipelining: 1,
        duration: seconds,
        requests: [
          {
            method: 'PUT',
            path: '/api/observations/x',
            headers: { cookie: side.cookie, 'content-type': 'application/json' },
            body,
            setupRequest: (req) => ({ ...req, path: `/api/observations/${randomUUID()}` }),
          },
        ],
      },
      (err, r) => (err ? rej(err) : r.non2xx || r.errors ? rej(new Error(`${side.name}: non-2xx ${r.non2xx}, errors ${r.errors}`)) : res(r)),
    ),
  );
}

const sides = [];
try {
  sides.push(await start('A', process.env.SERVER_A ?? 'dist/ab-base/server', JSON.parse(process.env.ENV_A ?? '{}')));
  sides.push(await start('B', process.env.SERVER_B ?? 'dist/server', JSON.parse(process.env.ENV_B ?? '{}')));
  // The ふりがな tokenizer warms up a second after listening; then each side's JIT warms up.
  await sleep(6000);
  for (const s of sides) {
    s.cookie = await apiSession(s.base, 'carer.suzuki');
    await put(s, 2);
  }
  console.log(`load average at the start ${load()}`);
  const [a, b] = sides;
  for (let i = 0; i < PAIRS; i++) {
    for (const s of i % 2 === 0 ? [a, b] : [b, a]) {
      const before = cpuMs(s.proc.child.pid);
      const r = await put(s, SECONDS);
      s.runs.push(Math.round(r.requests.average));
      s.cpu.push(Math.round(((cpuMs(s.proc.child.pid) - before) * 1000) / r.requests.total));
    }
    console.log(`pair ${i + 1}: A ${a.runs[i]} req/s ${a.cpu[i]} µs CPU/req  B ${b.runs[i]} req/s ${b.cpu[i]} µs CPU/req  (load ${load()})`);
  }
  const ratios = a.runs.map((v, i) => b.runs[i] / v);
  const cpuRatios = a.cpu.map((v, i) => b.cpu[i] / v);
  console.log(`A ${process.env.SERVER_A ?? 'dist/ab-base/server'}: median ${median(a.runs)} req/s  [${a.runs.join(' ')}]`);
  console.log(`B ${process.env.SERVER_B ?? 'dist/server'}: median ${median(b.runs)} req/s  [${b.runs.join(' ')}]`);
  console.log(`CPU µs per request: A median ${median(a.cpu)} [${a.cpu.join(' ')}]  B median ${median(b.cpu)} [${b.cpu.join(' ')}]  B / A paired median ${median(cpuRatios).toFixed(3)}`);
  console.log(`req/s B / A paired: median ${median(ratios).toFixed(3)}  [${ratios.map((r) => r.toFixed(2)).join(' ')}]  load at the end ${load()}`);
} finally {
  for (const s of sides) {
    await s.proc.stop();
    rmSync(s.dataDir, { recursive: true, force: true });
  }
}
process.exit(0);
