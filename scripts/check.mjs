// The checks before the tests — type-checks of every tsconfig, ESLint, the production build —
// run side by side, as many at a time as the machine has cores (tsc and ESLint are
// single-threaded; one after another they left a core idle for two minutes). Each task's output
// is shown when it fails, with the time every task took. Exits non-zero if any failed.
//
//   node scripts/check.mjs            all of them (what `npm test` runs first)
//   CHECK_JOBS=1 node scripts/check.mjs   one at a time
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { missingPrerequisites } from './prerequisites.mjs';

// What must be installed, first: a missing package fails the run now, not after the checks.
const missing = missingPrerequisites();
if (missing.length) {
  for (const line of missing) console.error(line);
  process.exit(1);
}

const tsc = (p) => ['npx', 'tsc', '-p', `tsconfig.${p}.json`, '--noEmit'];
/** Longest first, so the pool ends together. The server's own type-check is its build. */
const TASKS = [
  ['typecheck tests', tsc('tests')],
  ['lint', ['npx', 'eslint', '--max-warnings', '0', '.']],
  ['build client', ['npx', 'vite', 'build']],
  ['typecheck client', tsc('client')],
  ['build server (type-checks it)', ['npx', 'tsc', '-p', 'tsconfig.server.json']],
  ['typecheck service worker', tsc('sw')],
  ['typecheck shared', tsc('shared')],
];

const jobs = Math.max(1, Number(process.env.CHECK_JOBS ?? availableParallelism()));
const started = Date.now();
const results = [];

function run([name, [cmd, ...args]]) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const r = { name, code: code ?? 1, seconds: (Date.now() - t0) / 1000, out };
      results.push(r);
      console.log(`${r.code === 0 ? '✓' : '✘'} ${name} (${r.seconds.toFixed(1)} s)`);
      resolve(r);
    });
  });
}

const queue = [...TASKS];
await Promise.all(
  Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    for (let t = queue.shift(); t; t = queue.shift()) await run(t);
  }),
);

const failed = results.filter((r) => r.code !== 0);
for (const r of failed) console.log(`\n——— ${r.name} failed (exit ${r.code}) ———\n${r.out.trimEnd()}`);
console.log(`checks: ${results.length - failed.length}/${results.length} passed in ${((Date.now() - started) / 1000).toFixed(1)} s (${jobs} at a time)`);
process.exit(failed.length ? 1 : 0);
