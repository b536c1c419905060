// ふりがな on the やさしい日本語 interface (PRODUCT.md "Languages"): the catalog's readings are
// worked out ahead with the server's tokenizer, kept up to date, and drawn on the kanji runs
// they belong to (src/client/i18n/easy-ruby.ts; in Chromium: tests/e2e/i18n.spec.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG, OUT, catalogTexts, readingsOf } from '../../scripts/easy-ruby.mjs';
import { rubySegments } from '../../src/client/i18n/easy-ruby.js';
import { rubyWith, tokenizer } from '../../src/server/furigana.js';

describe('the readings drawn on a text', () => {
  const readings = { 看護: 'かんご', 看護師: 'かんごし', 記録: 'きろく', 師: 'し', 送っ: 'おく', 送る: 'おく', 下さ: 'くだ', 下の: 'した' };
  it('a known run, the longest first', () => {
    expect(rubySegments('看護師に 送る', readings)).toEqual([
      { base: '看護師', reading: 'かんごし' },
      { base: 'に ' },
      { base: '送', reading: 'おく' },
      { base: 'る' },
    ]);
  });
  it('a single kanji is read by the kana after it, and only at the end of its run', () => {
    expect(rubySegments('下さい', readings)).toEqual([{ base: '下', reading: 'くだ' }, { base: 'さい' }]);
    expect(rubySegments('下の', readings)).toEqual([{ base: '下', reading: 'した' }, { base: 'の' }]);
    expect(rubySegments('下', readings)).toEqual([{ base: '下' }]);
    expect(rubySegments('師記録', readings)).toEqual([{ base: '師' }, { base: '記録', reading: 'きろく' }]);
  });
  it('an unknown run (a name) stays as it is; so does text without kanji', () => {
    expect(rubySegments('山田 花子の 記録', readings)).toEqual([{ base: '山田 花子の ' }, { base: '記録', reading: 'きろく' }]);
    expect(rubySegments('ありがとう', readings)).toEqual([{ base: 'ありがとう' }]);
  });
});

it('locales/ja-x-easy.ruby.json holds the readings of the catalog as it is now (else: node scripts/easy-ruby.mjs)', async () => {
  const t = await tokenizer();
  const now = readingsOf(catalogTexts(readFileSync(CATALOG, 'utf8')), (text) => rubyWith(t, text));
  expect(JSON.parse(readFileSync(OUT, 'utf8'))).toEqual(now);
}, 60_000);
