// ふりがな for Japanese free text (issue 15, docs/decisions/0011-i18n.md): kuromoji with the
// IPADIC dictionary inside its npm package — nothing is fetched at run time and no text leaves
// the server. Building the tokenizer takes ~3 s and ~80 MB of heap, so it is built once, lazily
// (index.ts starts it in the background after listening), and every caller shares it.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Tokenizer } from 'kuromoji';
import type { RubySegment } from '../shared/schemas.js';

/** The port routes use; tests without it store no ruby (like push). */
export interface Furigana {
  /** Segments of `text`, kanji runs with their reading; resolves once the tokenizer is built. */
  ruby(text: string): Promise<RubySegment[]>;
  /** Starts building the tokenizer now (off any request). */
  warm(): void;
}

const KANJI = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF々〆ヶ]/;

/**
 * Clinical words IPADIC reads wrongly (it splits 褥瘡 into しとね + くさ) or reads in their
 * everyday rather than their nursing sense. Matched before tokenizing.
 */
export const READING_OVERRIDES: Record<string, string> = {
  褥瘡: 'じょくそう',
  誤嚥: 'ごえん',
  浮腫: 'ふしゅ',
  発赤: 'ほっせき',
  嚥下: 'えんげ',
  喀痰: 'かくたん',
};

export const hasKanji = (text: string): boolean => KANJI.test(text);

const toHiragana = (s: string): string => s.replace(/[\u30A1-\u30F6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One word: its kanji runs get their part of the reading, its kana stay plain. The kana of the
 * word anchor the split (測っ/はかっ → 測[はか]っ; もう一度/もういちど → もう 一度[いちど]); if the
 * reading does not fit, the whole word carries the whole reading.
 */
export function alignWord(surface: string, reading: string | undefined): RubySegment[] {
  if (!hasKanji(surface) || !reading) return [{ base: surface }];
  const hira = toHiragana(reading);
  const runs = surface.match(/[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF々〆ヶ]+|[^\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF々〆ヶ]+/g) ?? [];
  const pattern = new RegExp(`^${runs.map((r) => (hasKanji(r) ? '(.+?)' : escapeRegExp(toHiragana(r)))).join('')}$`);
  const m = pattern.exec(hira);
  if (!m) return [{ base: surface, reading: hira }];
  let group = 1;
  return runs.map((r) => (hasKanji(r) ? { base: r, reading: m[group++] ?? '' } : { base: r }));
}

/** Joins neighbouring plain pieces, so the client draws few nodes. */
function merge(segments: RubySegment[]): RubySegment[] {
  const out: RubySegment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (last && last.reading === undefined && s.reading === undefined) last.base += s.base;
    else out.push({ ...s });
  }
  return out;
}

/** The ruby segments of `text` with a built tokenizer (pure; unit-tested). */
export function rubyWith(tokenizer: Tokenizer, text: string): RubySegment[] {
  const words = Object.keys(READING_OVERRIDES).map(escapeRegExp).join('|');
  const pieces = text.split(new RegExp(`(${words})`));
  const segments = pieces.flatMap((piece, i) => {
    if (i % 2 === 1) return [{ base: piece, reading: READING_OVERRIDES[piece] ?? '' }];
    if (!hasKanji(piece)) return [{ base: piece }];
    return tokenizer.tokenize(piece).flatMap((t) => alignWord(t.surface_form, t.reading));
  });
  return merge(segments.filter((s) => s.base !== ''));
}

let building: Promise<Tokenizer> | undefined;

/** The one tokenizer of this process, built on first use. */
export function tokenizer(): Promise<Tokenizer> {
  building ??= (async () => {
    const { default: kuromoji } = await import('kuromoji');
    const dicPath = join(dirname(createRequire(import.meta.url).resolve('kuromoji/package.json')), 'dict');
    return new Promise<Tokenizer>((resolve, reject) => {
      kuromoji.builder({ dicPath }).build((err, t) => (err ? reject(err) : resolve(t)));
    });
  })();
  return building;
}

export function createFurigana(): Furigana {
  return {
    async ruby(text) {
      if (!hasKanji(text)) return [{ base: text }];
      return rubyWith(await tokenizer(), text);
    },
    warm() {
      tokenizer().catch((e: unknown) => console.warn('furigana: the tokenizer could not be built:', e));
    },
  };
}
