// The first screen's JS budget, checked on the production build (`npm test` builds first).
// The budget is 120 KB gzip (issue 15: the first download stays within it with eight languages).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { htmlEntries, initialJs, serviceWorkerFile, staticImports } from '../../scripts/bench/bundle-size.mjs';
import { LOCALE_TAGS } from '../../src/client/i18n/locales.js';

const DIST = resolve(import.meta.dirname, '../../dist/client');
const LIMIT_KB = 120;

describe('initial JS of the built client', () => {
  it(`stays under ${LIMIT_KB} KB gzip`, () => {
    const size = initialJs(DIST);
    const list = size.files.map((f) => `${f.file} ${(f.gzipBytes / 1000).toFixed(1)} KB`).join(', ');
    expect(size.files.length, 'the entry script is counted').toBeGreaterThan(0);
    expect(size.totalGzipKB, `initial JS: ${list}`).toBeLessThanOrEqual(LIMIT_KB);
  });

  it('leaves zod out (the first screen checks its few IndexedDB rows by hand, ADR 0005)', () => {
    const size = initialJs(DIST);
    const withZod = size.files.filter((f) => readFileSync(join(DIST, f.file), 'utf8').includes('$ZodError'));
    expect(withZod.map((f) => f.file), 'initial chunks holding zod').toEqual([]);
  });

  it('leaves Dexie out (the first screen paints before IndexedDB is opened: db/lazy.ts, ADR 0015)', () => {
    const size = initialJs(DIST);
    const withDexie = size.files.filter((f) => readFileSync(join(DIST, f.file), 'utf8').includes('DatabaseClosedError'));
    expect(withDexie.map((f) => f.file), 'initial chunks holding Dexie').toEqual([]);
  });

  it('ships a service worker', () => {
    const sw = serviceWorkerFile(DIST);
    expect(existsSync(sw), `${sw} exists`).toBe(true);
    expect(statSync(sw).size).toBeGreaterThan(0);
  });
});

// Catalogs load per language (docs/decisions/0011-i18n.md): Japanese is in the first download,
// every other language is its own chunk that only a dynamic import() reaches.
describe('language catalogs in the built client', () => {
  type Compiled = Record<string, unknown>;
  /** The plain texts of a compiled catalog (messages without placeholders), long enough to be distinctive. */
  const texts = (messages: Compiled, min = 14) =>
    Object.values(messages)
      .filter((m): m is [string] => Array.isArray(m) && m.length === 1 && typeof m[0] === 'string')
      .map(([t]) => t)
      .filter((t) => t.length >= min && !/["\\`$]/.test(t));
  const initial = () => {
    const size = initialJs(DIST);
    return {
      files: new Set(size.files.map((f) => f.file)),
      code: size.files.map((f) => readFileSync(join(DIST, f.file), 'utf8')).join('\n'),
    };
  };
  const chunkOf = (locale: string) => readdirSync(join(DIST, 'assets')).filter((f) => new RegExp(`^${locale}-[\\w-]{8}\\.js$`).test(f));

  it('the first download holds the Japanese catalog', async () => {
    const { code } = initial();
    const ja = texts((await import('../../src/client/i18n/locales/ja.po')).messages as Compiled, 6);
    expect(ja.length).toBeGreaterThan(20);
    expect(ja.filter((t) => !code.includes(t)), 'Japanese messages missing from the initial JS').toEqual([]);
    expect(chunkOf('ja'), 'Japanese is not a separate chunk').toEqual([]);
  });

  for (const locale of LOCALE_TAGS.filter((l) => l !== 'ja')) {
    it(`${locale} is its own chunk, reached only by import(), and none of it is in the first download`, async () => {
      const { files, code } = initial();
      const found = chunkOf(locale);
      expect(found, `one chunk for ${locale}`).toHaveLength(1);
      const file = `assets/${found[0]}`;
      expect(files.has(file), `${file} is not initial`).toBe(false);
      // Referenced from the first download, yet not among its static imports: an import().
      expect(code.includes(`./${found[0]}`), `${file} is referenced by the initial JS`).toBe(true);
      const chunk = (await import(pathToFileURL(join(DIST, file)).href)) as { messages: Compiled };
      const jaTexts = new Set(texts((await import('../../src/client/i18n/locales/ja.po')).messages as Compiled, 0));
      const own = texts(chunk.messages).filter((t) => !jaTexts.has(t));
      expect(own.length, `${locale} has translated texts`).toBeGreaterThan(10);
      expect(own.filter((t) => code.includes(t)), `${locale} texts in the initial JS`).toEqual([]);
    });
  }
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
