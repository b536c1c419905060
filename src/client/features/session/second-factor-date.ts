// The organization's second-factor day (YYYY-MM-DD, from 00:00 Japan time) in the reader's language.
import { formatDate } from '../../ui/format.js';

export function formatSecondFactorDay(day: string, locale: string): string {
  const at = new Date(`${day}T00:00:00+09:00`);
  if (Number.isNaN(at.getTime())) return day;
  return formatDate(at, locale);
}
