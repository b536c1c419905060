// Times in the reader's language, in Japan time, with the language said first: the forms
// themselves are ui/format.ts's (one implementation for every screen).
import { formatDayTime, formatWaited, formatWhen } from '../ui/format.js';

/** 「5分前」, "yesterday 14:20". */
export function whenIn(iso: string, locale: string, now: Date = new Date()): string {
  return formatWhen(iso, now, locale);
}

/** How long something has waited: 「12分」, "12 minutes". */
export function waitedIn(iso: string, locale: string, now: Date = new Date()): string {
  return formatWaited(iso, now, locale);
}

/** A date and clock time that stay right when read later: 「11月30日 14:20」, "Nov 30, 14:20". */
export function absoluteIn(iso: string, locale: string): string {
  return formatDayTime(iso, locale);
}
