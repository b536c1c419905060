// Times as people say them, in Japan time: 「5分前」, 「昨日 14:20」, 「11月3日 9:05」 — and, for a
// reader of another language (issue 15), the same shapes from Intl in that language ("5 min.
// ago", "yesterday 14:20"). The language is the UI's active one (Lingui), so a screen that
// redraws on a language switch (useLingui) formats in the new one.
import { i18n } from '@lingui/core';

const TZ = 'Asia/Tokyo';
const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
const hm = new Intl.DateTimeFormat('ja-JP', { timeZone: TZ, hour: 'numeric', minute: '2-digit' });
const md = new Intl.DateTimeFormat('ja-JP', { timeZone: TZ, month: 'long', day: 'numeric' });
const ymd = new Intl.DateTimeFormat('ja-JP', { timeZone: TZ, year: 'numeric', month: 'long', day: 'numeric' });

/** Japanese (standard or やさしい日本語) keeps the hand-written forms; an unset locale too. */
const isJapanese = (locale: string | undefined): boolean => !locale || locale === 'ja' || locale.startsWith('ja-');

/** Intl formatters for one non-Japanese locale, made once. */
const cache = new Map<string, ReturnType<typeof formattersFor>>();
function formattersFor(locale: string) {
  return {
    rel: new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }),
    hm: new Intl.DateTimeFormat(locale, { timeZone: TZ, hour: 'numeric', minute: '2-digit' }),
    md: new Intl.DateTimeFormat(locale, { timeZone: TZ, month: 'short', day: 'numeric' }),
    ymd: new Intl.DateTimeFormat(locale, { timeZone: TZ, year: 'numeric', month: 'short', day: 'numeric' }),
    minutes: new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'short' }),
    hours: new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'short' }),
    days: new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'short' }),
  };
}
function intl(locale: string) {
  let f = cache.get(locale);
  if (!f) {
    f = formattersFor(locale);
    cache.set(locale, f);
  }
  return f;
}

export function formatWhen(iso: string, now: Date = new Date(), locale: string | undefined = i18n.locale): string {
  const t = new Date(iso);
  const diffMin = Math.round((now.getTime() - t.getTime()) / 60000);
  const today = dayKey.format(now);
  const yesterday = dayKey.format(new Date(now.getTime() - 86400000));
  const day = dayKey.format(t);
  if (!isJapanese(locale)) {
    const f = intl(locale as string);
    if (diffMin >= 0 && diffMin < 1) return f.rel.format(0, 'second');
    if (diffMin >= 1 && diffMin < 60) return f.rel.format(-diffMin, 'minute');
    if (day === today) return `${f.rel.format(0, 'day')} ${f.hm.format(t)}`;
    if (day === yesterday) return `${f.rel.format(-1, 'day')} ${f.hm.format(t)}`;
    if (day.slice(0, 4) === today.slice(0, 4)) return `${f.md.format(t)} ${f.hm.format(t)}`;
    return `${f.ymd.format(t)} ${f.hm.format(t)}`;
  }
  if (diffMin >= 0 && diffMin < 1) return 'たった今';
  if (diffMin >= 1 && diffMin < 60) return `${diffMin}分前`;
  if (day === today) return `今日 ${hm.format(t)}`;
  if (day === yesterday) return `昨日 ${hm.format(t)}`;
  if (day.slice(0, 4) === today.slice(0, 4)) return `${md.format(t)} ${hm.format(t)}`;
  return `${ymd.format(t)} ${hm.format(t)}`;
}

/** How long something has waited: 「12分」, 「3時間」, 「2日」 ("12 min", "3 hr", "2 days"). */
export function formatWaited(iso: string, now: Date = new Date(), locale: string | undefined = i18n.locale): string {
  const min = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 60000));
  if (!isJapanese(locale)) {
    const f = intl(locale as string);
    if (min < 60) return f.minutes.format(min);
    if (min < 60 * 48) return f.hours.format(Math.floor(min / 60));
    return f.days.format(Math.floor(min / 1440));
  }
  if (min < 60) return `${min}分`;
  if (min < 60 * 48) return `${Math.floor(min / 60)}時間`;
  return `${Math.floor(min / 1440)}日`;
}
