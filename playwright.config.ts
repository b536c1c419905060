// Browser tests: Debian's Chromium (nothing downloads a browser) against the production build
// served by the real server on a fresh database. Two projects (ADR 0013, stop 18): `screens`, the
// files about what a page shows, in Debian's headless shell (`chromium-headless-shell`, the
// build Playwright itself uses headless: about a third less browser CPU per test here), which has no
// Background Sync and no notifications — there the app takes its own path for browsers without
// them, as on an iPhone; and `chromium`, every other file (the worker's sync, offline and
// back, faults, notifications), in the full browser, first, as the longest files are there.
//
// Two workers (the machine has two cores), each with its own server and database: worker slot n
// (TEST_PARALLEL_INDEX, which Playwright sets in each worker process, where this file is loaded
// again) talks to the server on PORT + n, whose DATA_DIR is <data dir>/n. Tests in one file run
// in order on one worker; files never share a server with a file running at the same time.
import { defineConfig, devices } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PORT = Number(process.env.E2E_PORT ?? 8123);
const WORKERS = Number(process.env.E2E_WORKERS ?? 2);
/** Set once in the runner; the workers inherit it. */
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'kizuki-e2e-'));
process.env.E2E_DATA_DIR = dataDir;
const slot = Number(process.env.TEST_PARALLEL_INDEX ?? 0);

/**
 * The files about what pages show: no test in them checks how queued writes reach the server
 * from a phone with a service worker (Background Sync) or reads a notification. A file not named
 * here runs in the full browser (the safe default: slower, never less tested).
 */
const SCREENS = [
  'a11y',
  'a11y-text',
  'answer-first',
  'i18n',
  'i18n-layout',
  'i18n-reply',
  'live',
  'passkeys',
  'records',
  'relative-times',
  'save-paint',
  'second-factor',
  'setup',
  'vignettes',
].map((name) => `**/${name}.spec.ts`);

/**
 * Debian's headless shell where it is installed (.ci/run installs it); without it the screens run
 * in the full browser too — slower, the same tests.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHELL = process.env.CHROMIUM_SHELL_PATH ?? '/usr/lib/chromium/chromium-headless-shell';
const SCREENS_BROWSER = existsSync(SHELL) ? SHELL : CHROMIUM;

const launch = (executablePath: string) => ({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

export default defineConfig({
  testDir: 'tests/e2e',
  globalTeardown: './tests/e2e/global-teardown.ts',
  fullyParallel: false,
  workers: WORKERS,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: process.env.E2E_OUTPUT_DIR ?? 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT + slot}`,
    ...devices['Pixel 7'],
    // A Pixel 7's screen in CSS pixels (390 × 844 class, touch, mobile viewport), drawn at one
    // device pixel per CSS pixel: Chromium rasterizes in software here (--disable-gpu), and at
    // the phone's 2.625 it paints seven times the pixels for every frame and screenshot while
    // layout, hit-testing and every assertion stay the same (ADR 0013).
    deviceScaleFactor: 1,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    screenshot: 'only-on-failure',
    // Recording a trace snapshots the DOM around every action: a cost on every test for a file
    // CI never keeps. E2E_TRACE=1 records it again (kept for failed tests) when debugging here.
    trace: process.env.E2E_TRACE ? 'retain-on-failure' : 'off',
  },
  projects: [
    { name: 'chromium', testIgnore: SCREENS, use: { launchOptions: launch(CHROMIUM) } },
    { name: 'screens', testMatch: SCREENS, use: { launchOptions: launch(SCREENS_BROWSER) } },
  ],
  webServer: Array.from({ length: WORKERS }, (_, n) => ({
    command: 'node dist/server/server/index.js',
    url: `http://127.0.0.1:${PORT + n}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { PORT: String(PORT + n), HOST: '127.0.0.1', DATA_DIR: join(dataDir, String(n)), DEMO: '1' },
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  })),
});
