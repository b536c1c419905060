// The eight UI languages (PRODUCT.md "Languages"), each named in its own script, and the
// phone's remembered choice. Pure data plus localStorage; no React, no Lingui.

/**
 * BCP 47 tags. やさしい日本語 is `ja-x-easy`: it is Japanese (so fonts, line breaking and the
 * screen reader's voice stay Japanese), and IANA registers no subtag for a plain-language
 * register, so the difference goes in a private-use subtag (`ja-Hira` would claim the text is
 * written in hiragana only, which it is not: kanji stay, with ふりがな). Filipino is `fil`
 * (`tl` is Tagalog). Order: Japanese first, then the languages of 特定技能 carers.
 */
export const LOCALES = [
  { tag: 'ja', name: '日本語' },
  { tag: 'ja-x-easy', name: 'やさしい日本語' },
  { tag: 'en', name: 'English' },
  { tag: 'vi', name: 'Tiếng Việt' },
  { tag: 'id', name: 'Bahasa Indonesia' },
  { tag: 'fil', name: 'Filipino' },
  { tag: 'my', name: 'မြန်မာဘာသာ' },
  { tag: 'ne', name: 'नेपाली' },
] as const;

export type Locale = (typeof LOCALES)[number]['tag'];
export const LOCALE_TAGS = LOCALES.map((l) => l.tag) as [Locale, ...Locale[]];
export const DEFAULT_LOCALE: Locale = 'ja';

/** Readers of these read the Japanese terms as they are: no Japanese beside the label. */
export function readsJapanese(locale: string): boolean {
  return locale === 'ja';
}

/** Japanese punctuation (full-width brackets, 「」) for 日本語 and やさしい日本語, the reader's own elsewhere. */
export const writesJapanese = (locale: string): boolean => locale === 'ja' || locale === 'ja-x-easy';

/**
 * Words set aside in brackets after others, as the reader's language writes them: 「（15:42）」
 * in Japanese, 「 (15:42)」 (a space, ASCII brackets) in the other six. For text built in code;
 * a catalog message writes its own brackets.
 */
export function aside(locale: string, text: string): string {
  return writesJapanese(locale) ? `（${text}）` : ` (${text})`;
}

/** Between two sentences written one after the other: nothing in Japanese (「…。すぐ…」), a space elsewhere. */
export function sentenceGap(locale: string): string {
  return writesJapanese(locale) ? '' : ' ';
}

/** Someone's own words quoted: 「…」 in Japanese, “…” in the other six. */
export function quoted(locale: string, text: string): string {
  return writesJapanese(locale) ? `「${text}」` : `“${text}”`;
}

/** Items of one aside: 「・」 in Japanese, 「 · 」 elsewhere (as the notifications write it, shared/push.ts). */
export function listed(locale: string, items: string[]): string {
  return items.join(writesJapanese(locale) ? '・' : ' · ');
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALE_TAGS as readonly string[]).includes(value);
}

/**
 * The choice is a preference of the phone, not of an account: it must be there on the sign-in
 * screen before anyone has signed in, survive ログアウト (which wipes the account's IndexedDB
 * data), and be read synchronously before the first paint so the app never flashes Japanese.
 * localStorage does all three; Dexie would need an async open first and would be wiped.
 */
const STORAGE_KEY = 'kizuki.locale';

export function storedLocale(): Locale {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(v) ? v : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE; // storage disabled (private mode): Japanese
  }
}

export function storeLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered, still shown: the choice holds until the page is reloaded.
  }
}
