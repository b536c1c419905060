// The first screen's JS budget, checked on the production build (`npm test` builds first).
// The target is 120 KB gzip (reported by `npm run bench`); the suite fails only past 150 KB.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlEntries, initialJs, serviceWorkerFile, staticImports } from '../../scripts/bench/bundle-size.mjs';

const DIST = resolve(import.meta.dirname, '../../dist/client');
const LIMIT_KB = 150;

describe('initial JS of the built client', () => {
  it(`stays under ${LIMIT_KB} KB gzip`, () => {
    const size = initialJs(DIST);
    const list = size.files.map((f) => `${f.file} ${(f.gzipBytes / 1000).toFixed(1)} KB`).join(', ');
    expect(size.files.length, 'the entry script is counted').toBeGreaterThan(0);
    expect(size.totalGzipKB, `initial JS: ${list}`).toBeLessThanOrEqual(LIMIT_KB);
  });

  it('ships a service worker', () => {
    const sw = serviceWorkerFile(DIST);
    expect(existsSync(sw), `${sw} exists`).toBe(true);
    expect(statSync(sw).size).toBeGreaterThan(0);
  });
});

describe('how the initial JS is found', () => {
  it('reads module scripts and modulepreload links from index.html', () => {
    const html = `<script type="module" crossorigin src="/assets/index-a.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/db-b.js"><link rel="stylesheet" href="/x.css">
      <script src="/legacy.js"></script>`;
    expect(htmlEntries(html)).toEqual({ scripts: ['/assets/index-a.js'], preloads: ['/assets/db-b.js'] });
  });

  it('follows static imports and leaves dynamic import() out', () => {
    const code = `import{a as b}from"./db-1.js";import"./side-2.js";export*from"../re-3.js";
      const p=()=>import("./lazy-4.js");const s="from the start";`;
    expect(staticImports(code).sort()).toEqual(['../re-3.js', './db-1.js', './side-2.js']);
  });
});
