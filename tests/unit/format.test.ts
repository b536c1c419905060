// Times as people say them, in Japan time (PRODUCT.md "How it should feel"). Every case passes
// an explicit `now`; the results must not depend on the machine's time zone.
import { describe, expect, it, vi } from 'vitest';
import { formatDate, formatDay, formatDayTime, formatWaited, formatWhen } from '../../src/client/ui/format.js';

/** 2025-11-03 14:20 in Japan (05:20 UTC). */
const NOW = new Date('2025-11-03T14:20:00+09:00');
/** 2025-11-03 00:30 in Japan — still 2 November in UTC. */
const JUST_AFTER_MIDNIGHT = new Date('2025-11-03T00:30:00+09:00');

describe('formatWhen', () => {
  it.each<[string, Date, string]>([
    ['2025-11-03T14:20:00+09:00', NOW, 'たった今'],
    ['2025-11-03T14:19:31+09:00', NOW, 'たった今'],
    ['2025-11-03T14:19:00+09:00', NOW, '1分前'],
    ['2025-11-03T14:15:00+09:00', NOW, '5分前'],
    ['2025-11-03T05:15:00Z', NOW, '5分前'],
    ['2025-11-03T13:21:00+09:00', NOW, '59分前'],
    ['2025-11-03T13:20:00+09:00', NOW, '今日 13:20'],
    ['2025-11-03T09:05:00+09:00', NOW, '今日 9:05'],
    ['2025-11-03T00:00:00+09:00', NOW, '今日 0:00'],
    ['2025-11-02T23:59:00+09:00', NOW, '昨日 23:59'],
    ['2025-11-02T14:20:00+09:00', NOW, '昨日 14:20'],
    ['2025-11-02T05:20:00Z', NOW, '昨日 14:20'],
    ['2025-11-02T00:00:00+09:00', NOW, '昨日 0:00'],
    ['2025-11-01T23:59:00+09:00', NOW, '11月1日 23:59'],
    ['2025-11-01T09:05:00+09:00', NOW, '11月1日 9:05'],
    ['2025-01-01T00:00:00+09:00', NOW, '1月1日 0:00'],
    ['2024-12-31T23:59:00+09:00', NOW, '2024年12月31日 23:59'],
    ['2024-11-03T14:20:00+09:00', NOW, '2024年11月3日 14:20'],
    // across midnight in Japan time (the same UTC date would wrongly say 今日)
    ['2025-11-02T23:50:00+09:00', JUST_AFTER_MIDNIGHT, '40分前'],
    ['2025-11-02T22:00:00+09:00', JUST_AFTER_MIDNIGHT, '昨日 22:00'],
    ['2025-11-02T13:00:00Z', JUST_AFTER_MIDNIGHT, '昨日 22:00'],
    ['2025-11-03T00:00:00+09:00', JUST_AFTER_MIDNIGHT, '30分前'],
    ['2025-11-01T23:00:00+09:00', JUST_AFTER_MIDNIGHT, '11月1日 23:00'],
    // New Year in Japan: 1 January 00:30 JST is still 31 December in UTC
    ['2025-12-31T23:00:00+09:00', new Date('2026-01-01T00:30:00+09:00'), '昨日 23:00'],
    ['2025-12-30T23:00:00+09:00', new Date('2026-01-01T00:30:00+09:00'), '2025年12月30日 23:00'],
  ])('%s at %o → %s', (iso, now, expected) => {
    expect(formatWhen(iso, now)).toBe(expected);
  });

  it('a time slightly in the future (another phone’s clock) is not 「…分前」', () => {
    expect(formatWhen('2025-11-03T14:22:00+09:00', NOW)).toBe('今日 14:22');
  });
});

describe('formatWaited', () => {
  it.each<[string, string]>([
    ['2025-11-03T14:20:00+09:00', '0分'],
    ['2025-11-03T14:08:00+09:00', '12分'],
    ['2025-11-03T13:21:00+09:00', '59分'],
    ['2025-11-03T13:20:00+09:00', '1時間'],
    ['2025-11-03T11:20:00+09:00', '3時間'],
    ['2025-11-03T11:00:00+09:00', '3時間'],
    ['2025-11-01T14:21:00+09:00', '47時間'],
    ['2025-11-01T14:20:00+09:00', '2日'],
    ['2025-10-27T14:20:00+09:00', '7日'],
    ['2025-11-03T14:30:00+09:00', '0分'],
  ])('since %s → %s', (iso, expected) => {
    expect(formatWaited(iso, NOW)).toBe(expected);
  });
});

describe('in the reader language (issue 15)', () => {
  it('Japanese forms for 日本語 and やさしい日本語; Intl forms for the others', () => {
    expect(formatWhen('2025-11-03T14:15:00+09:00', NOW, 'ja-x-easy')).toBe('5分前');
    expect(formatWhen('2025-11-03T14:15:00+09:00', NOW, 'en')).toBe('5 minutes ago');
    expect(formatWhen('2025-11-02T14:20:00+09:00', NOW, 'en')).toBe('yesterday 14:20');
    expect(formatWhen('2025-11-01T09:05:00+09:00', NOW, 'en')).toBe('Nov 1, 09:05');
    expect(formatWhen('2025-11-03T14:15:00+09:00', NOW, 'vi')).not.toMatch(/分|前/);
    expect(formatWaited('2025-11-03T11:20:00+09:00', NOW, 'en')).toBe('3 hours');
    expect(formatWaited('2025-11-03T11:20:00+09:00', NOW, 'ja')).toBe('3時間');
    expect(formatDayTime('2025-11-01T09:05:00+09:00', 'ja')).toBe('11月1日 9:05');
    expect(formatDayTime('2025-11-01T09:05:00+09:00', 'ja', true)).toBe('2025年11月1日 9:05');
    expect(formatDay('2025-11-01T09:05:00+09:00', 'ja')).toBe('11/1');
    expect(formatDate('2027-12-01T00:00:00+09:00', 'ja')).toBe('2027年12月1日');
    expect(formatDate('2027-12-01T00:00:00+09:00', 'en')).toBe('December 1, 2027');
    for (const locale of ['vi', 'id', 'fil', 'my', 'ne']) {
      expect(formatWhen('2025-11-01T09:05:00+09:00', NOW, locale), locale).not.toMatch(/[月日分前]/);
      expect(formatWaited('2025-11-01T09:05:00+09:00', NOW, locale), locale).not.toMatch(/[日時分]/);
    }
  });

  it('a language this browser has no Intl data for (Chromium: Burmese, Nepali): the catalog\'s words and dates in numbers, never English', async () => {
    // Chromium's own ICU data lacks them, and Intl then answers silently in English ("today").
    vi.resetModules();
    const spies = [
      vi.spyOn(Intl.RelativeTimeFormat, 'supportedLocalesOf').mockReturnValue([]),
      vi.spyOn(Intl.DateTimeFormat, 'supportedLocalesOf').mockReturnValue([]),
    ];
    try {
      const { i18n } = await import('@lingui/core');
      const fresh = await import('../../src/client/ui/format.js');
      i18n.load('my', (await import('../../src/client/i18n/locales/my.po')).messages);
      i18n.activate('my');
      expect(fresh.formatWhen('2025-11-03T14:20:00+09:00', NOW)).toBe('ယခုလေးတင်');
      expect(fresh.formatWhen('2025-11-03T14:15:00+09:00', NOW)).toBe('5 မိနစ်အကြာက');
      expect(fresh.formatWhen('2025-11-03T09:05:00+09:00', NOW)).toBe('ယနေ့ 09:05');
      expect(fresh.formatWhen('2025-11-02T14:20:00+09:00', NOW)).toBe('မနေ့က 14:20');
      expect(fresh.formatWhen('2025-11-01T09:05:00+09:00', NOW)).toBe('11/1 09:05');
      expect(fresh.formatWhen('2024-12-31T23:59:00+09:00', NOW)).toBe('2024/12/31 23:59');
      expect(fresh.formatWaited('2025-11-03T11:20:00+09:00', NOW)).toBe('3 နာရီ');
      expect(fresh.formatWaited('2025-10-27T14:20:00+09:00', NOW)).toBe('7 ရက်');
      expect(fresh.formatDate('2027-12-01T00:00:00+09:00')).toBe('2027/12/1');
      expect(fresh.formatDay('2025-11-01T09:05:00+09:00')).toBe('11/1');
      // Japanese readers keep their own forms whatever Intl holds.
      expect(fresh.formatWhen('2025-11-03T09:05:00+09:00', NOW, 'ja')).toBe('今日 9:05');
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});
