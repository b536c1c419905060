import { transformAsync } from '@babel/core';
import { lingui } from '@lingui/vite-plugin';
import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Lingui's macros (`t`, `msg`, `<Trans>`) are a Babel plugin, and @vitejs/plugin-react 6 no
 * longer runs Babel (its helper, @rolldown/plugin-babel, needs Node 22). So Babel runs here,
 * before Vite strips the types, and only on modules that import a Lingui macro: it rewrites the
 * macro calls into `i18n._(id)` and leaves TypeScript and JSX for Vite (docs/decisions/0011).
 */
function linguiMacro(): Plugin {
  return {
    name: 'kizuki:lingui-macro',
    enforce: 'pre',
    async transform(code, id) {
      if (id.includes('/node_modules/') || !/\.[cm]?[jt]sx?$/.test(id.split('?')[0] ?? '')) return null;
      if (!code.includes('@lingui/') || !code.includes('/macro')) return null;
      const out = await transformAsync(code, {
        filename: id,
        babelrc: false,
        configFile: false,
        sourceMaps: true,
        parserOpts: { plugins: ['typescript', 'jsx'] },
        plugins: ['@lingui/babel-plugin-lingui-macro'],
      });
      return out?.code ? { code: out.code, map: out.map } : null;
    },
  };
}

/**
 * Each hashed asset also as `<file>.br` (brotli at its best level, once, at build time): the
 * server hands it to a browser that accepts `br` (serveStatic's `precompressed`), about a sixth
 * smaller than the gzip made on the fly — what a phone on a slow line downloads first
 * (docs/decisions/0015-first-load.md). Only `assets/`: hashed names never change content, so a
 * `.br` can never be older than its file.
 */
function precompressAssets(): Plugin {
  let outDir = 'dist/client';
  return {
    name: 'kizuki:precompress-assets',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle() {
      const dir = join(outDir, 'assets');
      for (const file of readdirSync(dir)) {
        if (!/\.(js|css|svg)$/.test(file)) continue;
        const raw = readFileSync(join(dir, file));
        if (raw.length < 1024) continue;
        const br = brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } });
        writeFileSync(join(dir, `${file}.br`), br);
      }
    },
  };
}

/**
 * Test files that need a fresh module graph: one mocks a module (throttle: vi.mock of the password
 * check), the others load the client's modules, which keep state at module level (the Dexie
 * connection, the sync triggers' timers) on a global fake IndexedDB.
 */
const ISOLATED = ['tests/integration/**/*.test.ts', 'tests/server/throttle.test.ts'];
/** Client-only files that mock a module: their own worker in the SQLite pass (nothing of the server in them). */
const ISOLATED_CLIENT = ['tests/unit/lazy-db.test.ts', 'tests/unit/sync-backoff.test.ts', 'tests/unit/push-at-sign-in.test.ts'];

/** SQLite's own machinery: its group writer, its backup API and its audit-verify CLI. */
const SQLITE_ONLY = ['tests/server/writer.test.ts', 'tests/server/backup.test.ts', 'tests/server/audit-chain.test.ts', 'tests/server/events.test.ts'];

/** The PostgreSQL pass (`postgres` and `postgres-isolated`: one cluster, postgres-global.ts). */
const POSTGRES_PASS = {
  // Fewer random runs of the fuzzers and of the sync model than on SQLite (which runs them all
  // every time): the same properties and commands, each run a few times slower here.
  env: { KIZUKI_TEST_DB: 'postgres', FUZZ_RUNS: '40', SYNC_MODEL_RUNS: '100' },
  // A request is a few round trips to the cluster instead of calls into SQLite: the fuzzers' many runs take longer.
  testTimeout: 60_000,
  globalSetup: ['tests/fixtures/postgres-global.ts'],
};

export default defineConfig({
  plugins: [
    linguiMacro(),
    precompressAssets(),
    lingui(),
    react(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: null,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html}'],
        globIgnores: ['**/node_modules/**'],
      },
      includeAssets: ['apple-touch-icon.png', 'icon-48.png'],
      manifest: {
        id: '/',
        name: '気づき — 訪問看護への相談',
        short_name: '気づき',
        description: '利用者の「いつもと違う」をその場で記録し、訪問看護師に相談するアプリ',
        lang: 'ja',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#1f6f5c',
        background_color: '#ffffff',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        screenshots: [
          { src: '/screenshots/client.png', sizes: '780x1688', type: 'image/png', form_factor: 'narrow', label: '利用者のページ：記録と相談' },
          { src: '/screenshots/observation.png', sizes: '780x1688', type: 'image/png', form_factor: 'narrow', label: '観察記録：バイタルといつもと違う' },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    outDir: 'dist/client',
    emptyOutDir: true,
    target: 'es2022',
  },
  test: {
    environment: 'node',
    // One file per core, every project in one queue (ADR 0013, stop 14). Vitest's default is one
    // worker fewer than the cores: on two cores the SQLite pass ran its files one at a time with a
    // core idle. A PostgreSQL file waits on round trips to the cluster, whose backends use the
    // other core meanwhile. The four projects share the queue, so both engines' files overlap
    // instead of the PostgreSQL pass waiting for the last SQLite file.
    maxWorkers: Math.max(2, availableParallelism()),
    // Generous: the property tests and fuzzers do a fixed number of runs, seconds on a quiet
    // machine and ten times that when other builds share the two cores (a 200-run batch fuzzer
    // took 2–20 s at load 10–14). A limit only ends a test early; nothing waits for it.
    testTimeout: 60_000,
    // The same for hooks (vitest's default is 10 s): a beforeEach that copies the template
    // database and seeds the demo region took over 10 s at load 15 on PostgreSQL.
    hookTimeout: 60_000,
    // The server's tests run on both engines (ADR 0012): SQLite, and PostgreSQL in a throw-away
    // cluster started once per run. Each pass is two projects, the files that may share a
    // worker's modules and those that may not (ISOLATED): `--project 'sqlite*'` or
    // `--project 'postgres*'` runs one pass.
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['tests/unit/**/*.test.ts', 'tests/server/**/*.test.ts'],
          exclude: ['tests/server/*-postgres.test.ts', ...ISOLATED, ...ISOLATED_CLIENT],
          // The files share a worker's loaded modules instead of importing the app (Hono, zod,
          // every route) afresh each: half the CPU of this pass went to those imports. Safe for
          // these files: each builds its own app and database (tests/fixtures/server.ts), none
          // mocks a module or changes a global; the ones that do are in `sqlite-isolated`.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'sqlite-isolated',
          include: [...ISOLATED, ...ISOLATED_CLIENT],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['tests/server/**/*.test.ts'],
          exclude: [...SQLITE_ONLY, ...ISOLATED],
          isolate: false,
          ...POSTGRES_PASS,
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres-isolated',
          include: ISOLATED,
          ...POSTGRES_PASS,
        },
      },
    ],
  },
});
