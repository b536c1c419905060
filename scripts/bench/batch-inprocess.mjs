// POST /api/batch without HTTP: the built app (dist/server) on a fresh demo SQLite file, sent
// `batches` batches of `size` observation PUTs one after the other, like a phone flushing its
// outbox. Prints the wall and CPU ms per batch and the groups committed per batch.
// Not part of `npm run bench`:
//   npx tsc -p tsconfig.server.json && node scripts/bench/batch-inprocess.mjs [batches] [size]
// PROFILE=file.cpuprofile writes a CPU profile of the batches alone (not the seeding).
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { BASE, inProcessApp } from './inprocess-app.mjs';
import { DEMO } from './util.mjs';

const batches = Number(process.argv[2] ?? 20);
const size = Number(process.argv[3] ?? 100);
let groups = 0;
const { app, db, writer, tmp, cookie } = await inProcessApp({ prefix: 'kizuki-batch-inprocess-', loginId: 'carer.takahashi', onCommit: () => groups++ });
const base = BASE;
let i = 0;
const batch = () => {
  const requests = Array.from({ length: size }, () => {
    const id = randomUUID();
    const k = i++;
    return {
      id: String(k),
      method: 'PUT',
      url: `/api/observations/${id}`,
      body: {
        clientId: DEMO.himawariClients[k % DEMO.himawariClients.length],
        observedAt: new Date(Date.now() - 60_000 - k).toISOString(),
        vitals: { temperature: 36.5, pulse: 72 },
        softSigns: [],
        note: `batch-inprocess #${k}`,
      },
    };
  });
  const body = JSON.stringify({ requests });
  return app.fetch(
    new Request(`${base}/api/batch`, {
      method: 'POST',
      headers: { cookie, origin: base, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      body,
    }),
  );
};

const inspector = process.env.PROFILE ? new Session() : null;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
  await inspector.post('Profiler.start');
}
const walls = [];
const cpus = [];
let bad = 0;
for (let b = 0; b < batches; b++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const res = await batch();
  const out = await res.json();
  walls.push(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  cpus.push((cpu.user + cpu.system) / 1000);
  if (res.status !== 200) bad++;
  else bad += out.responses.filter((r) => r.status !== 201).length;
}
if (inspector) writeFileSync(process.env.PROFILE, JSON.stringify((await inspector.post('Profiler.stop')).profile));
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `${batches} batches of ${size}: wall median ${med(walls).toFixed(1)} ms (min ${Math.min(...walls).toFixed(1)}), CPU median ${med(cpus).toFixed(1)} ms, ` +
    `${(groups / batches).toFixed(2)} groups/batch, ${bad} not 201`,
);
await writer.flush();
await db.close();
tmp.cleanup();
