// Vital signs, units, oxygen, feedback and the language of free text in the reader's language:
// the Japanese a Japanese reader sees is exactly what src/shared writes (GLOSSARY labels, the
// server's texts), other readers get their words, and a text's language is named only when it
// is not the reader's.
import { setupI18n, type I18n } from '@lingui/core';
import { describe, expect, it, vi as mock } from 'vitest';
import { FEEDBACK_LABEL, FEEDBACK_TAGS, formatVital, VITAL_SIGNS } from '../../src/shared/codes.js';
import { departures, departureText, differenceText } from '../../src/shared/usual.js';
import {
  departureTextIn,
  differenceTextIn,
  FEEDBACK_MESSAGES,
  formatVitalIn,
  oxygenLabel,
  VITAL_MESSAGES,
  vitalParts,
} from '../../src/client/i18n/clinical.js';
import { vitalsText } from '../../src/shared/sbar.js';
import { messages as ja } from '../../src/client/i18n/locales/ja.po';
import { messages as vi } from '../../src/client/i18n/locales/vi.po';
import { messages as id } from '../../src/client/i18n/locales/id.po';
import { generateMessageId } from '@lingui/message-utils/generateMessageId';
import { formatDecimal } from '../../src/client/i18n/numbers.js';
import { languageName, sameLanguage, writingLang } from '../../src/client/i18n/text-lang.js';

const reader = (locale: 'ja' | 'vi'): I18n => setupI18n({ locale, messages: { ja, vi } });

describe('a Japanese reader reads the shared Japanese exactly', () => {
  const i18n = reader('ja');
  it('vital labels are the shared labels (GLOSSARY)', () => {
    for (const v of VITAL_SIGNS) expect(VITAL_MESSAGES[v.key].message).toBe(v.label);
  });
  it('formatted vitals are formatVital', () => {
    for (const v of VITAL_SIGNS) expect(formatVitalIn(v.key, 37, i18n)).toBe(formatVital(v.key, 37));
  });
  it('feedback tags are the shared labels', () => {
    for (const tag of FEEDBACK_TAGS) expect(FEEDBACK_MESSAGES[tag].message).toBe(FEEDBACK_LABEL[tag]);
  });
  it('departures and differences are the shared texts', () => {
    const usual = { temperature: 36.4, pulse: 70, systolic: 120, spo2: 97, updatedAt: '', updatedBy: '' };
    const vitals = { temperature: 38.0, pulse: 110, systolic: 80, spo2: 90 };
    const far = departures(usual, vitals);
    expect(far).toHaveLength(4);
    expect(far.map((d) => departureTextIn(d, i18n))).toEqual(far.map(departureText));
    expect(differenceTextIn(usual, 'temperature', 38.0, i18n)).toBe(differenceText(usual, 'temperature', 38.0));
    expect(differenceTextIn(usual, 'pulse', 60, i18n)).toBe(differenceText(usual, 'pulse', 60));
    expect(differenceTextIn(usual, 'temperature', undefined, i18n)).toBe('いつも 36.4');
    expect(oxygenLabel('air', i18n)).toBe('空気（酸素なし）');
  });
  it('a card names every item NEWS2 scored, consciousness too, as the nurse\'s draft does', () => {
    // 「単独で3点の項目あり」 on a card whose only 3 is 「V」 named no item (the third walk).
    const vitals = { pulse: 98, onOxygen: true, consciousness: 'V' as const };
    expect(vitalParts(vitals, i18n)).toEqual(['脈拍 98回/分', '酸素吸入中', '意識: 呼びかけると反応する']);
    expect(vitalParts(vitals, i18n).at(-1)).toBe(vitalsText({ consciousness: 'V' }));
  });
});

describe('a Vietnamese reader reads Vietnamese', () => {
  const i18n = reader('vi');
  it('labels, units and oxygen', () => {
    expect(formatVitalIn('pulse', 88, i18n)).toBe('Mạch 88lần/phút');
    // Vietnamese writes a decimal comma; digits stay Latin.
    expect(formatVitalIn('temperature', 37, i18n)).toBe('Nhiệt độ 37,0℃');
    expect(oxygenLabel('oxygen', i18n)).toBe('Đang thở oxy');
    expect(vitalParts({ consciousness: 'P' }, i18n)).toEqual(['Ý thức: Chỉ phản ứng khi lay người hoặc khi bị đau (体をゆすったり痛みを与えると反応する)']);
  });
});

describe('the language of free text', () => {
  it('is the UI language of the writer; やさしい日本語 writes Japanese', () => {
    expect(writingLang('vi')).toBe('vi');
    expect(writingLang('ja-x-easy')).toBe('ja');
    expect(writingLang('ne')).toBe('ne');
  });
  it('is foreign only when the primary language differs', () => {
    expect(sameLanguage('ja', 'ja-x-easy')).toBe(true);
    expect(sameLanguage('vi', 'ja')).toBe(false);
    expect(sameLanguage('zh-Hant', 'zh')).toBe(true);
  });
  it('Indonesian says 「in the Japanese language」 (bahasa Jepang), not 「in Japan」 (Jepang): Intl names the country\'s word alone', () => {
    const indonesian = setupI18n({ locale: 'id', messages: { id } });
    const name = languageName('ja', 'id');
    expect(name).toBe('Jepang');
    expect(indonesian._(generateMessageId('{name}で書かれています'), { name })).toBe('Ditulis dalam bahasa Jepang');
    expect(indonesian._(generateMessageId('{name}で書かれたメモ'), { name })).toBe('Catatan dalam bahasa Jepang');
  });
  it('is named in the reader’s language', () => {
    expect(languageName('vi', 'ja')).toBe('ベトナム語');
    expect(languageName('vi', 'ja-x-easy')).toBe('ベトナム語');
    expect(languageName('ja', 'vi')).toBe('Tiếng Nhật');
    expect(languageName('ne', 'en')).toBe('Nepali');
  });
  it('where this browser\'s Intl cannot name languages in the reader\'s (Chromium: Burmese), by the catalog, not in English', () => {
    const catalog = (primary: string) => ({ ja: 'ဂျပန်ဘာသာ' })[primary];
    // Intl speaks Burmese here: it names the language itself.
    expect(languageName('ja', 'my', catalog)).not.toBe('Japanese');
    const spy = mock.spyOn(Intl.DisplayNames, 'supportedLocalesOf').mockReturnValue([]);
    try {
      expect(languageName('ja', 'my', catalog)).toBe('ဂျပန်ဘာသာ');
      // A language the catalog does not name: Intl's name (English in such a browser) rather than nothing.
      expect(languageName('ko', 'my', catalog)).toBe(new Intl.DisplayNames(['my', 'en'], { type: 'language' }).of('ko'));
    } finally {
      spy.mockRestore();
    }
  });
});

describe('numbers in the reader\'s locale', () => {
  it('a decimal comma where the language writes one, Latin digits everywhere', () => {
    expect(formatDecimal(37.5, 1, 'ja')).toBe('37.5');
    expect(formatDecimal(37.5, 1, 'ja-x-easy')).toBe('37.5');
    expect(formatDecimal(37.5, 1, 'en')).toBe('37.5');
    expect(formatDecimal(37.5, 1, 'id')).toBe('37,5');
    expect(formatDecimal(37, 1, 'vi')).toBe('37,0');
    for (const locale of ['fil', 'my', 'ne']) expect(formatDecimal(37.5, 1, locale)).toMatch(/^37[.,]5$/);
    expect(formatDecimal(1200, 0, 'en')).toBe('1200');
  });
});
