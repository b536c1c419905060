// PUT /api/observations without HTTP: the built app (dist/server) on a fresh demo SQLite file
// (WAL, synchronous=FULL, the group writer), called through app.fetch by `connections` loops that
// each wait for their answer, like the bench's autocannon connections. Prints req/s, CPU µs per
// request (process.cpuUsage, steadier than req/s on a shared machine) and the mean group size.
// Not part of `npm run bench`:
//   npx tsc -p tsconfig.server.json && node scripts/bench/server-inprocess.mjs [seconds] [connections]
// With --cpu-prof, the profile shows where the app's own time goes.
import { randomUUID } from 'node:crypto';
import { BASE, inProcessApp } from './inprocess-app.mjs';
import { benchObservationBody } from './util.mjs';

const seconds = Number(process.argv[2] ?? 5);
const connections = Number(process.argv[3] ?? 10);
let groups = 0;
let ops = 0;
const { app, db, writer, tmp, cookie } = await inProcessApp({
  prefix: 'kizuki-inprocess-',
  loginId: 'carer.suzuki',
  onCommit: (n) => {
    groups++;
    ops += n;
  },
});
const base = BASE;
const body = benchObservationBody('inprocess');
const put = () =>
  app.fetch(
    new Request(`${base}/api/observations/${randomUUID()}`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      body,
    }),
  );

async function load(ms) {
  let n = 0;
  let bad = 0;
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const res = await put();
        await res.arrayBuffer();
        if (res.status !== 201) bad++;
        n++;
      }
    }),
  );
  return { n, bad };
}

await load(1000);
groups = 0;
ops = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const { n, bad } = await load(seconds * 1000);
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(
  `${Math.round(n / wall)} req/s, ${((cpu.user + cpu.system) / n).toFixed(0)} µs CPU/req (user ${(cpu.user / n).toFixed(0)}, sys ${(cpu.system / n).toFixed(0)}), ` +
    `${(ops / Math.max(groups, 1)).toFixed(1)} ops/group, ${bad} not 201, ${connections} connections`,
);
await writer.flush();
await db.close();
tmp.cleanup();
