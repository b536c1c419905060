// The language free text is written in (issue 15): stored with the text, never translated, and
// named to a reader of another language. Pure; no React.

/**
 * The BCP 47 tag stored with text typed now: the writer's UI language. やさしい日本語 is a way of
 * reading Japanese, so text typed in it is Japanese (`ja`).
 */
export function writingLang(locale: string): string {
  return locale === 'ja-x-easy' ? 'ja' : locale;
}

const primary = (tag: string): string => tag.split('-')[0]?.toLowerCase() ?? tag;

/** Same language for a reader: `ja` text is not foreign to a reader of やさしい日本語. */
export function sameLanguage(textLang: string, readerLocale: string): boolean {
  return primary(textLang) === primary(readerLocale);
}

/**
 * 「ベトナム語」, "Vietnamese", 「Tiếng Việt」…: the language named in the reader's language, by
 * Intl. When this browser's Intl has no names in the reader's language (Chromium: Burmese,
 * Nepali), it would name it in English: `fallback` (the catalog's names of the languages we ship)
 * names it instead, if it knows the language.
 */
export function languageName(tag: string, readerLocale: string, fallback?: (primary: string) => string | undefined): string {
  const reader = writingLang(readerLocale);
  try {
    if (fallback && Intl.DisplayNames.supportedLocalesOf(reader).length === 0) {
      const named = fallback(primary(tag));
      if (named !== undefined) return named;
    }
    return new Intl.DisplayNames([reader, 'en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
