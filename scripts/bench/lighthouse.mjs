// Lighthouse 12 (default config = mobile preset: Moto G Power screen, simulated slow 4G and
// 4× CPU) on the app's first screen, with Debian's Chromium. Median of 3 runs, each in a
// fresh Chromium with a fresh profile.
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, median, sleep, startProcess, tempDir, withTimeout } from './util.mjs';

/** Starts headless Chromium with a DevTools port; resolves once the port is known. */
async function launchChromium() {
  const profile = tempDir('kizuki-bench-lh-');
  const proc = startProcess(CHROMIUM, [
    ...CHROMIUM_ARGS,
    '--headless',
    '--remote-debugging-address=127.0.0.1',
    '--remote-debugging-port=0',
    `--user-data-dir=${join(profile.dir, 'profile')}`,
    '--no-default-browser-check',
    '--disable-extensions',
    'about:blank',
  ]);
  const deadline = Date.now() + 20_000;
  let port = 0;
  while (!port) {
    const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(proc.output());
    if (m) port = Number(m[1]);
    else if (proc.child.exitCode !== null) throw new Error(`Chromium exited:\n${proc.output().slice(-2000)}`);
    else if (Date.now() > deadline) {
      await proc.stop();
      throw new Error('Chromium gave no DevTools port within 20 s');
    }
    else await sleep(50);
  }
  return {
    port,
    async stop() {
      await proc.stop();
      profile.cleanup();
    },
  };
}

/** The LCP element's HTML snippet, as Lighthouse 12 reports it (undefined when it has none). */
function lcpElementOf(lhr) {
  const items = lhr.audits['largest-contentful-paint-element']?.details?.items ?? [];
  for (const table of items) for (const row of table.items ?? []) if (row.node?.snippet) return `${row.node.selector ?? ""} ${row.node.nodeLabel ?? row.node.snippet}`.trim();
  return undefined;
}

export async function measureLighthouse(base, { runs = 3 } = {}) {
  const { default: lighthouse } = await import('lighthouse');
  const url = `${base}/`;
  const results = [];
  for (let i = 0; i < runs; i++) {
    const chrome = await launchChromium();
    try {
      const out = await withTimeout(
        lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] }),
        120_000,
        'lighthouse',
      );
      const lhr = out?.lhr;
      if (!lhr) throw new Error('lighthouse returned no result');
      if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      results.push({
        performance: lhr.categories.performance?.score ?? null,
        lcpMs: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? NaN),
        tbtMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? NaN),
        fcpMs: Math.round(lhr.audits['first-contentful-paint']?.numericValue ?? NaN),
        // Which element the LCP was: the first thing to look at when LCP and FCP differ.
        lcpElement: lcpElementOf(lhr),
      });
    } finally {
      await chrome.stop();
    }
  }
  const col = (k) => results.map((r) => r[k]).filter((v) => typeof v === 'number' && Number.isFinite(v));
  return {
    performance: median(col('performance')),
    lcpMs: median(col('lcpMs')),
    tbtMs: median(col('tbtMs')),
    fcpMs: median(col('fcpMs')),
    url,
    preset: 'mobile (Lighthouse default config)',
    runs: results,
  };
}
