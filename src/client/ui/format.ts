// Times as people say them, in Japan time: 「5分前」, 「昨日 14:20」, 「11月3日 9:05」.
const TZ = 'Asia/Tokyo';
const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
const hm = new Intl.DateTimeFormat('ja-JP', { timeZone: TZ, hour: 'numeric', minute: '2-digit' });
const md = new Intl.DateTimeFormat('ja-JP', { timeZone: TZ, month: 'long', day: 'numeric' });
const ymd = new Intl.DateTimeFormat('ja-JP', { timeZone: TZ, year: 'numeric', month: 'long', day: 'numeric' });

export function formatWhen(iso: string, now: Date = new Date()): string {
  const t = new Date(iso);
  const diffMin = Math.round((now.getTime() - t.getTime()) / 60000);
  if (diffMin >= 0 && diffMin < 1) return 'たった今';
  if (diffMin >= 1 && diffMin < 60) return `${diffMin}分前`;
  const today = dayKey.format(now);
  const yesterday = dayKey.format(new Date(now.getTime() - 86400000));
  const day = dayKey.format(t);
  if (day === today) return `今日 ${hm.format(t)}`;
  if (day === yesterday) return `昨日 ${hm.format(t)}`;
  if (day.slice(0, 4) === today.slice(0, 4)) return `${md.format(t)} ${hm.format(t)}`;
  return `${ymd.format(t)} ${hm.format(t)}`;
}

/** How long something has waited: 「12分」, 「3時間」, 「2日」. */
export function formatWaited(iso: string, now: Date = new Date()): string {
  const min = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 60000));
  if (min < 60) return `${min}分`;
  if (min < 60 * 48) return `${Math.floor(min / 60)}時間`;
  return `${Math.floor(min / 1440)}日`;
}
