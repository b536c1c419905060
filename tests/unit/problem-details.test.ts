// PRODUCT.md: errors are problem+json whose messages a person reads are plain Japanese. Every
// `detail` the server writes as a literal (problem(…), problemWith(…), problemBody(…), and the
// constants they are given) is Japanese: English ones (「The body is not valid JSON.」) reached a
// Japanese reader word for word, since the phone shows a detail it does not know as written.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../src/server');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('problem details the server writes', () => {
  it('are Japanese, literal or named', () => {
    const english: string[] = [];
    let seen = 0;
    for (const file of files(ROOT)) {
      const text = readFileSync(file, 'utf8');
      const constants = new Map([...text.matchAll(/const ([A-Z_]+) = (['`])(.*?)\2;/g)].map((m) => [m[1] ?? '', m[3] ?? '']));
      for (const m of text.matchAll(/problem(?:With|Body)?\(\s*\d{3},\s*(?:(['`])(.*?)\1|([A-Z_]+)\b)/g)) {
        const detail = m[2] ?? constants.get(m[3] ?? '') ?? '';
        if (!m[2] && !constants.has(m[3] ?? '')) continue; // named elsewhere: its own file is scanned
        seen++;
        if (!JAPANESE.test(detail)) english.push(`${file.slice(ROOT.length + 1)}: ${detail}`);
      }
    }
    expect(seen).toBeGreaterThan(40);
    expect(english).toEqual([]);
  });

  it('name each bad field in Japanese too (errors[].message)', () => {
    const english: string[] = [];
    let seen = 0;
    for (const file of files(ROOT)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\{ path: [^\n]*?, message: (['`])(.*?)\1/g)) {
        seen++;
        if (!JAPANESE.test(m[2] ?? '')) english.push(`${file.slice(ROOT.length + 1)}: ${m[2] ?? ''}`);
      }
    }
    expect(seen).toBeGreaterThan(10);
    expect(english).toEqual([]);
  });
});
