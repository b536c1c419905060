// Every catalog says everything Japanese says, with the same placeholders, and records whether
// a native speaker has reviewed each string (PO `#, fuzzy` = machine-drafted, not reviewed).
// Reads the PO files through Lingui's own API, as `npm run i18n:extract` and the build do.
import { getCatalogs } from '@lingui/cli/api';
import { getConfig } from '@lingui/conf';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCALE_TAGS } from '../../src/client/i18n/locales.js';

interface Entry {
  message?: string;
  translation?: string;
  obsolete?: boolean;
  extra?: { flags?: string[] };
}
type Catalog = Record<string, Entry>;

/**
 * The placeholders of an ICU message: `{name}` arguments (also inside plural/select branches)
 * and Lingui's numbered tags `<0>…</0>`. Throws on unbalanced braces.
 */
function placeholders(message: string): string[] {
  const found = new Set<string>();
  let i = 0;
  const text = (depth: number): void => {
    while (i < message.length) {
      const c = message[i];
      if (c === "'" && (message[i + 1] === '{' || message[i + 1] === '}')) {
        const end = message.indexOf("'", i + 1);
        i = end < 0 ? message.length : end + 1; // quoted literal braces
      } else if (c === '{') {
        i++;
        argument();
      } else if (c === '}') {
        if (depth === 0) throw new Error(`unbalanced } in ${message}`);
        return;
      } else {
        const tag = /^<\/?(\d+)\/?>/.exec(message.slice(i));
        if (tag) {
          found.add(`<${tag[1]}>`);
          i += tag[0].length;
        } else i++;
      }
    }
    if (depth > 0) throw new Error(`unclosed { in ${message}`);
  };
  const argument = (): void => {
    const head = /^\s*([^\s,}]+)\s*(?:,\s*(\w+)\s*)?/.exec(message.slice(i));
    if (!head) throw new Error(`empty argument in ${message}`);
    found.add(`{${head[1]}}`);
    i += head[0].length;
    const kind = head[2];
    if (kind === 'plural' || kind === 'select' || kind === 'selectordinal') {
      if (message[i] !== ',') throw new Error(`${kind} without branches in ${message}`);
      i++;
      for (;;) {
        const key = /^\s*(offset:\d+\s+)?(=?[\w-]+)\s*\{/.exec(message.slice(i));
        if (!key) break;
        i += key[0].length;
        text(1);
        i++; // the branch's }
      }
    } else if (message[i] === ',') {
      const end = message.indexOf('}', i); // number/date style
      i = end < 0 ? message.length : end;
    }
    if (message[i] !== '}') throw new Error(`unclosed argument in ${message}`);
    i++;
  };
  text(0);
  return [...found].sort();
}

const config = getConfig({ cwd: resolve(import.meta.dirname, '../..') });
const catalogs: Record<string, Catalog> = {};

beforeAll(async () => {
  const [catalog] = await getCatalogs(config);
  if (!catalog) throw new Error('lingui.config has no catalog');
  for (const locale of config.locales) catalogs[locale] = (await catalog.read(locale)) as Catalog;
});

const live = (c: Catalog) => Object.entries(c).filter(([, e]) => !e.obsolete);

describe('the catalogs', () => {
  it('cover exactly the eight UI languages', () => {
    expect([...config.locales].sort()).toEqual([...LOCALE_TAGS].sort());
    expect(config.sourceLocale).toBe('ja');
  });

  it('hold the Japanese source messages, well-formed', () => {
    const ja = live(catalogs.ja ?? {});
    expect(ja.length).toBeGreaterThan(50);
    for (const [id, e] of ja) {
      expect(e.message ?? e.translation, id).toBeTruthy();
      expect(() => placeholders(e.message ?? e.translation ?? ''), id).not.toThrow();
    }
  });

  for (const locale of LOCALE_TAGS.filter((l) => l !== 'ja')) {
    it(`${locale}: every Japanese message is translated, with the same placeholders and no extra keys`, () => {
      const ja = new Map(live(catalogs.ja ?? {}));
      const other = new Map(live(catalogs[locale] ?? {}));
      const problems: string[] = [];
      for (const [id, source] of ja) {
        const e = other.get(id);
        const text = source.message ?? '';
        if (!e?.translation) {
          problems.push(`missing: ${text}`);
          continue;
        }
        let got: string[];
        try {
          got = placeholders(e.translation);
        } catch (err) {
          problems.push(`malformed: ${e.translation} (${String(err)})`);
          continue;
        }
        const want = placeholders(text);
        if (got.join() !== want.join()) problems.push(`placeholders ${got.join(' ')} ≠ ${want.join(' ')}: ${e.translation}`);
      }
      for (const [id, e] of other) if (!ja.has(id)) problems.push(`unknown key: ${e.message ?? id}`);
      expect(problems).toEqual([]);
    });
  }

  it('write digits as Latin in every language, as the numbers put into them are (i18n/numbers.ts: what the thermometer and the phone\'s keypad show)', () => {
    // Any decimal digit of another script: 「(७ मध्ये 4 वटा)」 mixed two, 「११९」 is not what one dials.
    const otherDigits = /(?![0-9])\p{Nd}/u;
    const found = LOCALE_TAGS.flatMap((locale) =>
      live(catalogs[locale] ?? {})
        .filter(([, e]) => otherDigits.test(e.translation ?? ''))
        .map(([, e]) => `${locale}: ${e.translation ?? ''}`),
    );
    expect(found).toEqual([]);
  });

  it('mark each translated string reviewed or not (Japanese, the source, is never flagged)', () => {
    for (const [id, e] of live(catalogs.ja ?? {})) expect(e.extra?.flags ?? [], id).not.toContain('fuzzy');
    const review: Record<string, string> = {};
    for (const locale of LOCALE_TAGS.filter((l) => l !== 'ja')) {
      const entries = live(catalogs[locale] ?? {});
      const reviewed = entries.filter(([, e]) => !(e.extra?.flags ?? []).includes('fuzzy')).length;
      review[locale] = `${reviewed}/${entries.length} reviewed`;
    }
    // Printed so a reviewer's work shows in the test output; every string counts either way.
    console.info('native-speaker review:', review);
    expect(Object.keys(review)).toHaveLength(LOCALE_TAGS.length - 1);
  });
});

describe('the offline page (public/offline.js, outside the catalogs)', () => {
  it('has its three texts in every UI language', async () => {
    const url = pathToFileURL(resolve(import.meta.dirname, '../../public/offline.js')).href;
    const { OFFLINE_TEXT } = (await import(url)) as { OFFLINE_TEXT: Record<string, string[]> };
    expect(Object.keys(OFFLINE_TEXT).sort()).toEqual([...LOCALE_TAGS].sort());
    for (const [locale, texts] of Object.entries(OFFLINE_TEXT)) {
      expect(texts, locale).toHaveLength(3);
      for (const t of texts) expect(t.trim(), locale).not.toBe('');
    }
  });
});

describe('placeholders()', () => {
  it('finds arguments, plural branches and tags, and ignores quoted braces', () => {
    expect(placeholders('未送信 {pending}件')).toEqual(['{pending}']);
    expect(placeholders('{n, plural, one {# record from {who}} other {# records}}')).toEqual(['{n}', '{who}']);
    expect(placeholders('期限切れ。<0>もう一度ログイン</0>')).toEqual(['<0>']);
    expect(placeholders("'{'literal'}' {a, number, percent}")).toEqual(['{a}']);
  });

  it('rejects unbalanced braces', () => {
    expect(() => placeholders('未送信 {pending件')).toThrow();
    expect(() => placeholders('未送信 pending}件')).toThrow();
  });
});
