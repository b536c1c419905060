// Times in the reader's language, in Japan time (where the care happens). Japanese readers get
// ui/format.ts unchanged (「5分前」, 「昨日 14:20」); other languages get the same steps from Intl
// ("5 minutes ago", "yesterday 14:20"), which speaks every UI language without catalog entries.
import { absoluteTime } from '../../shared/sbar.js';
import { formatWaited, formatWhen } from '../ui/format.js';

const TZ = 'Asia/Tokyo';
const readsJapaneseScript = (locale: string) => locale === 'ja' || locale === 'ja-x-easy';
const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

export function whenIn(iso: string, locale: string, now: Date = new Date()): string {
  if (readsJapaneseScript(locale)) return formatWhen(iso, now);
  const t = new Date(iso);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const hm = new Intl.DateTimeFormat(locale, { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t);
  const diffMin = Math.round((now.getTime() - t.getTime()) / 60000);
  if (diffMin >= 0 && diffMin < 1) return rtf.format(0, 'second');
  if (diffMin >= 1 && diffMin < 60) return rtf.format(-diffMin, 'minute');
  const today = dayKey.format(now);
  const day = dayKey.format(t);
  if (day === today) return `${rtf.format(0, 'day')} ${hm}`;
  if (day === dayKey.format(new Date(now.getTime() - 86400000))) return `${rtf.format(-1, 'day')} ${hm}`;
  const sameYear = day.slice(0, 4) === today.slice(0, 4);
  return new Intl.DateTimeFormat(locale, {
    timeZone: TZ,
    ...(sameYear ? {} : { year: 'numeric' }),
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(t);
}

/** How long something has waited: 「12分」, "12 minutes". */
export function waitedIn(iso: string, locale: string, now: Date = new Date()): string {
  if (readsJapaneseScript(locale)) return formatWaited(iso, now);
  const min = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 60000));
  const [n, unit] = min < 60 ? [min, 'minute'] : min < 60 * 48 ? [Math.floor(min / 60), 'hour'] : [Math.floor(min / 1440), 'day'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
}

/** A date and clock time that stay right when read later: 「11月30日 14:20」, "30 Nov, 14:20". */
export function absoluteIn(iso: string, locale: string): string {
  if (readsJapaneseScript(locale)) return absoluteTime(iso);
  return new Intl.DateTimeFormat(locale, { timeZone: TZ, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(iso),
  );
}
