// Numbers in the reader's locale (issue 15): Bahasa Indonesia and Tiếng Việt write 37,5 where
// Japanese and English write 37.5. Digits stay Latin in every language (`-u-nu-latn`): they are
// what the thermometer shows and what the form accepts. Stored values are always numbers.
import { writingLang } from './text-lang.js';

const formats = new Map<string, Intl.NumberFormat>();

/** `value` with exactly `decimals` decimals, as the reader writes it: 「37.5」, "37,5". */
export function formatDecimal(value: number, decimals: number, locale: string): string {
  const key = `${locale}:${decimals}`;
  let f = formats.get(key);
  if (!f) {
    let tag = `${writingLang(locale)}-u-nu-latn`;
    try {
      Intl.NumberFormat.supportedLocalesOf(tag);
    } catch {
      tag = 'ja-u-nu-latn';
    }
    f = new Intl.NumberFormat(tag, { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: false });
    formats.set(key, f);
  }
  return f.format(value);
}

/**
 * A number as typed: full-width digits and point (a Japanese keyboard), and a decimal comma
 * (「37,5」: Bahasa Indonesia, Tiếng Việt) are accepted. No vital sign reaches a thousand, so a
 * comma is never a thousands separator here.
 */
export function parseDecimal(text: string): number {
  const t = text
    .trim()
    .replace(/[０-９．，]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(',', '.');
  // Plain decimals only: Number() would also take "0x50" or "1e2".
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}
