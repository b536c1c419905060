// Times and dates as people say them, in Japan time (where the care happens), in the reader's
// language — one implementation for every screen:
// - 日本語 and やさしい日本語: the hand-written forms 「5分前」, 「昨日 14:20」, 「11月3日 9:05」;
// - a language this browser's Intl speaks: the same steps in its words ("5 minutes ago",
//   "yesterday 14:20");
// - a language it does not (Chromium's own ICU data has no Burmese or Nepali: Intl would answer
//   in English): the words from our catalog (「今日」 → "ယနေ့") and dates in numbers ("11/3 09:05").
// The language is the UI's active one (Lingui) unless given, so a screen that redraws on a
// language switch (useLingui) formats in the new one. The catalog's words are the active
// language's: callers pass i18n.locale (or nothing).
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { writingLang } from '../i18n/text-lang.js';

const TZ = 'Asia/Tokyo';
const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Japanese (standard or やさしい日本語) keeps the hand-written forms; an unset locale too. */
const isJapanese = (locale: string | undefined): locale is undefined | 'ja' | `ja-${string}` =>
  !locale || locale === 'ja' || locale.startsWith('ja-');

/** The steps every reader gets, each in words of one kind. */
interface Forms {
  justNow(): string;
  minutesAgo(n: number): string;
  today(t: Date): string;
  yesterday(t: Date): string;
  /** 「11月3日 9:05」, "Nov 3, 09:05" (with the year when it is not this year's). */
  dayTime(t: Date, withYear: boolean): string;
  /** 「11/3」: an axis's first and last day. */
  day(t: Date): string;
  /** 「2025年11月3日」: a date on its own, in full. */
  date(t: Date): string;
  minutes(n: number): string;
  hours(n: number): string;
  days(n: number): string;
}

const jaHm = new Intl.DateTimeFormat('ja-JP', { timeZone: TZ, hour: 'numeric', minute: '2-digit' });
const jaMd = new Intl.DateTimeFormat('ja-JP', { timeZone: TZ, month: 'long', day: 'numeric' });
const jaYmd = new Intl.DateTimeFormat('ja-JP', { timeZone: TZ, year: 'numeric', month: 'long', day: 'numeric' });
// Numbers only, the same in every language: 「11/3」, 「2025/11/3」, 「09:05」.
const numMd = new Intl.DateTimeFormat('ja-JP', { timeZone: TZ, month: 'numeric', day: 'numeric' });
const numYmd = new Intl.DateTimeFormat('ja-JP', { timeZone: TZ, year: 'numeric', month: 'numeric', day: 'numeric' });
const num24 = new Intl.DateTimeFormat('ja-JP', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

const JAPANESE: Forms = {
  justNow: () => 'たった今',
  minutesAgo: (n) => `${n}分前`,
  today: (t) => `今日 ${jaHm.format(t)}`,
  yesterday: (t) => `昨日 ${jaHm.format(t)}`,
  dayTime: (t, withYear) => `${(withYear ? jaYmd : jaMd).format(t)} ${jaHm.format(t)}`,
  day: (t) => numMd.format(t),
  date: (t) => jaYmd.format(t),
  minutes: (n) => `${n}分`,
  hours: (n) => `${n}時間`,
  days: (n) => `${n}日`,
};

function intlForms(locale: string): Forms {
  const rel = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const hm = new Intl.DateTimeFormat(locale, { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const when = { timeZone: TZ, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
  const md = new Intl.DateTimeFormat(locale, when);
  const ymd = new Intl.DateTimeFormat(locale, { ...when, year: 'numeric' });
  const day = new Intl.DateTimeFormat(locale, { timeZone: TZ, month: 'numeric', day: 'numeric' });
  const date = new Intl.DateTimeFormat(locale, { timeZone: TZ, dateStyle: 'long' });
  const unit = (u: 'minute' | 'hour' | 'day') => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'long' });
  const [minutes, hours, days] = [unit('minute'), unit('hour'), unit('day')];
  return {
    justNow: () => rel.format(0, 'second'),
    minutesAgo: (n) => rel.format(-n, 'minute'),
    today: (t) => `${rel.format(0, 'day')} ${hm.format(t)}`,
    yesterday: (t) => `${rel.format(-1, 'day')} ${hm.format(t)}`,
    dayTime: (t, withYear) => (withYear ? ymd : md).format(t),
    day: (t) => day.format(t),
    date: (t) => date.format(t),
    minutes: (n) => minutes.format(n),
    hours: (n) => hours.format(n),
    days: (n) => days.format(n),
  };
}

/** Words from the active language's catalog, dates in numbers. */
const CATALOG: Forms = {
  justNow: () => i18n._(msg`たった今`),
  minutesAgo: (n) => i18n._(msg`${n}分前`),
  today: (t) => {
    const time = num24.format(t);
    return i18n._(msg`今日 ${time}`);
  },
  yesterday: (t) => {
    const time = num24.format(t);
    return i18n._(msg`昨日 ${time}`);
  },
  dayTime: (t, withYear) => `${(withYear ? numYmd : numMd).format(t)} ${num24.format(t)}`,
  day: (t) => numMd.format(t),
  date: (t) => numYmd.format(t),
  minutes: (n) => i18n._(msg`${n}分`),
  hours: (n) => i18n._(msg`${n}時間`),
  days: (n) => i18n._(msg`${n}日`),
};

/**
 * Whether this browser's Intl has the language's own words for relative times and dates. Asked
 * rather than assumed: without the data Intl silently answers in its default language.
 */
export function intlSpeaks(locale: string): boolean {
  try {
    return Intl.RelativeTimeFormat.supportedLocalesOf(locale).length > 0 && Intl.DateTimeFormat.supportedLocalesOf(locale).length > 0;
  } catch {
    return false;
  }
}

const cache = new Map<string, Forms>();
function formsFor(locale: string | undefined): Forms {
  if (isJapanese(locale)) return JAPANESE;
  const tag = writingLang(locale);
  let f = cache.get(tag);
  if (!f) {
    f = intlSpeaks(tag) ? intlForms(tag) : CATALOG;
    cache.set(tag, f);
  }
  return f;
}

/** 「5分前」, 「今日 9:05」, 「昨日 14:20」, 「11月1日 9:05」, 「2024年12月31日 23:59」. */
export function formatWhen(iso: string, now: Date = new Date(), locale: string | undefined = i18n.locale): string {
  const f = formsFor(locale);
  const t = new Date(iso);
  const diffMin = Math.round((now.getTime() - t.getTime()) / 60000);
  if (diffMin >= 0 && diffMin < 1) return f.justNow();
  if (diffMin >= 1 && diffMin < 60) return f.minutesAgo(diffMin);
  const today = dayKey.format(now);
  const day = dayKey.format(t);
  if (day === today) return f.today(t);
  if (day === dayKey.format(new Date(now.getTime() - 86400000))) return f.yesterday(t);
  return f.dayTime(t, day.slice(0, 4) !== today.slice(0, 4));
}

/** How long something has waited: 「12分」, 「3時間」, 「2日」 ("12 minutes", "3 hours", "2 days"). */
export function formatWaited(iso: string, now: Date = new Date(), locale: string | undefined = i18n.locale): string {
  const f = formsFor(locale);
  const min = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 60000));
  if (min < 60) return f.minutes(min);
  if (min < 60 * 48) return f.hours(Math.floor(min / 60));
  return f.days(Math.floor(min / 1440));
}

/** A date and clock time that stay right when read later: 「11月30日 14:20」, "Nov 30, 14:20". */
export function formatDayTime(t: Date | string | number, locale: string | undefined = i18n.locale, withYear = false): string {
  return formsFor(locale).dayTime(new Date(t), withYear);
}

/** 「11/30」 */
export function formatDay(t: Date | string | number, locale: string | undefined = i18n.locale): string {
  return formsFor(locale).day(new Date(t));
}

/** 「2027年12月1日」, "December 1, 2027". */
export function formatDate(t: Date | string | number, locale: string | undefined = i18n.locale): string {
  return formsFor(locale).date(new Date(t));
}
