// ADR 0002: a page whose server keeps failing backs off (2 s, 4 s, 8 s … up to 60 s, ± 25 %)
// instead of trying again at every 5-second poll. The page's own timers (pwa/sync-triggers.ts)
// on a fake clock, the pass failing as a 503 does: no real seconds are waited. The browser test
// (faults.spec.ts) checks the rest of an outage in real Chromium: both the worker and the page
// meet it, nothing is counted as sent or dropped, everything arrives once afterwards.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { RetryableSyncError } from '../../src/client/sync/ports.js';

/** The fake times at which a pass ran, and whether the server is up. */
const passes: number[] = [];
let serverUp = false;

vi.mock('../../src/client/db/lazy.js', () => ({ openDb: async () => ({}) }));
vi.mock('../../src/client/db/meta.js', () => ({ readSession: async () => ({ user: { id: 'u' } }), owesSecondFactor: () => false }));
vi.mock('../../src/client/pwa/live-events.js', () => ({ startLiveEvents: () => ({ connect: () => undefined, isLive: () => false }) }));
vi.mock('../../src/client/hooks/use-after-first-paint.js', () => ({ afterNextPaint: () => () => undefined }));
vi.mock('../../src/client/sync/engine.js', () => ({
  syncOnce: async () => {
    passes.push(Date.now());
    if (!serverUp) throw new RetryableSyncError('batch answered 503', 503);
    return { sent: 0, rejected: 0, pulled: 0, authRequired: false };
  },
}));

const OUTAGE_MS = 10_000;

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  vi.stubGlobal('navigator', { onLine: true });
  vi.stubGlobal('document', { visibilityState: 'visible', addEventListener: () => undefined });
  vi.stubGlobal('window', { addEventListener: () => undefined });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

// The shortest waits the jitter allows (the most tries), the middle and the longest.
it.each([0, 0.5, 0.999])('a server down for 10 s is tried at most three times by the page, then the next try sends (jitter %s)', async (random) => {
  vi.spyOn(Math, 'random').mockReturnValue(random);
  vi.resetModules();
  passes.length = 0;
  serverUp = false;
  // The engine module is loaded once before the clock matters (the page loads it after the first paint).
  await import('../../src/client/sync/engine.js');
  const { startSyncTriggers } = await import('../../src/client/pwa/sync-triggers.js');

  startSyncTriggers(); // the first pass, as when the network returns
  await vi.advanceTimersByTimeAsync(OUTAGE_MS);
  expect(passes[0]).toBe(0);
  // A page polling through the outage (every 5 s) would have tried four or five times.
  expect(passes.length, `tries at ${passes.join(', ')} ms`).toBeGreaterThanOrEqual(2);
  expect(passes.length, `tries at ${passes.join(', ')} ms`).toBeLessThanOrEqual(3);

  // The server is back: the page's own backoff timer tries again within the longest wait, and sends.
  serverUp = true;
  const before = passes.length;
  await vi.advanceTimersByTimeAsync(60_000);
  expect(passes.length).toBeGreaterThan(before);
  // Back in sync, the 5-second poll runs again (the backoff is over).
  const recovered = passes.length;
  await vi.advanceTimersByTimeAsync(10_000);
  expect(passes.length).toBeGreaterThanOrEqual(recovered + 2);
});
