// The readings of the やさしい日本語 catalog's kanji (PRODUCT.md "Languages": ふりがな on kanji),
// worked out with the server's tokenizer (src/server/furigana.ts) and written to
// src/client/i18n/locales/ja-x-easy.ruby.json: each kanji run of the catalog → its reading (the
// commonest, where a run is read two ways; a single kanji by the kana after it). The phone draws them (src/client/i18n/easy-ruby.ts).
// After changing the catalog: `npm run build:server && node scripts/easy-ruby.mjs`;
// tests/server/easy-ruby.test.ts fails while the file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CATALOG = join(ROOT, 'src/client/i18n/locales/ja-x-easy.po');
export const OUT = join(ROOT, 'src/client/i18n/locales/ja-x-easy.ruby.json');

/** The catalog's translations, placeholders taken out (they are filled in at run time). */
export function catalogTexts(po) {
  return [...po.matchAll(/^msgstr "(.*)"$/gm)]
    .map((m) => JSON.parse(`"${m[1]}"`))
    .filter((s) => s !== '')
    .map((s) => s.replace(/\{[^}]*\}/g, ' '));
}

const HIRAGANA = /^[\u3041-\u309F]+/;

/**
 * kanji run → reading, from the segments `rubyOf` gives each text. A run of one kanji is read by
 * what follows it (下さい くだ, 下の した): its keys carry the one or two hiragana after it
 * (「下さ」, 「下の」), and it has no key of its own; a longer run (体温) is keyed alone.
 */
export function readingsOf(texts, rubyOf) {
  const counts = new Map();
  const count = (key, reading) => {
    const byReading = counts.get(key) ?? new Map();
    byReading.set(reading, (byReading.get(reading) ?? 0) + 1);
    counts.set(key, byReading);
  };
  for (const text of texts) {
    const segs = rubyOf(text);
    for (const [i, seg] of segs.entries()) {
      if (!seg.reading) continue;
      if ([...seg.base].length > 1) {
        count(seg.base, seg.reading);
        continue;
      }
      const after = (HIRAGANA.exec(segs[i + 1]?.base ?? '') ?? [''])[0];
      if (after.length >= 2) count(seg.base + after.slice(0, 2), seg.reading);
      if (after.length >= 1) count(seg.base + after.slice(0, 1), seg.reading);
    }
  }
  const out = {};
  for (const key of [...counts.keys()].sort()) {
    const [reading] = [...counts.get(key).entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    out[key] = reading;
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { rubyWith, tokenizer } = await import(join(ROOT, 'dist/server/server/furigana.js'));
  const t = await tokenizer();
  const readings = readingsOf(catalogTexts(readFileSync(CATALOG, 'utf8')), (text) => rubyWith(t, text));
  writeFileSync(OUT, `${JSON.stringify(readings, null, 1)}\n`);
  console.log(`${Object.keys(readings).length} kanji runs → ${OUT}`);
}
