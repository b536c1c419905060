import { setupI18n } from '@lingui/core';
import { describe, expect, it } from 'vitest';
import { messages as ja } from '../../src/client/i18n/locales/ja.po';
import { messages as vi } from '../../src/client/i18n/locales/vi.po';
import { messages as easy } from '../../src/client/i18n/locales/ja-x-easy.po';
import { news2 } from '../../src/shared/news2.js';
import type { UsualValues, Vitals } from '../../src/shared/schemas.js';
import { decidingLine, mostAbnormal, savedReasons, vitalReadings } from '../../src/client/ui/deviation.js';

const USUAL: UsualValues = { temperature: 36.4, systolic: 132, diastolic: 78, pulse: 74, spo2: 97, updatedAt: '2026-11-01T00:00:00Z', updatedBy: 'n' };
const i18n = setupI18n({ locale: 'ja', messages: { ja } });
const obs = (vitals: Vitals, softSigns: ('fall' | 'eating_less' | 'pain' | 'cough')[] = []) => ({ vitals, news2: news2(vitals), softSigns });

describe('the deciding line of a consultation', () => {
  it('names the vital sign furthest from usual, with the difference', () => {
    expect(decidingLine([obs({ temperature: 38.2, pulse: 80, spo2: 97 })], USUAL, i18n)).toEqual({ text: '体温 38.2℃ · いつも 36.4（+1.8）', from: 'vital' });
  });

  it('prefers a reading far from usual over one inside the band', () => {
    const r = vitalReadings({ temperature: 36.6, spo2: 92 }, news2({ temperature: 36.6, spo2: 92 }), USUAL, i18n);
    expect(mostAbnormal(r)?.key).toBe('spo2');
  });

  it('SpO2 above usual is not a departure', () => {
    expect(decidingLine([obs({ spo2: 100 })], { ...USUAL, spo2: 95 }, i18n)).toBeNull();
  });

  it('uses the rule that raises the urgency, with the client\'s own bands', () => {
    // +0.8 ℃ is inside the default band (1.0) but outside a band of 0.5 a nurse set.
    expect(decidingLine([obs({ temperature: 37.2 })], USUAL, i18n)).toBeNull();
    expect(decidingLine([obs({ temperature: 37.2 })], { ...USUAL, bands: { temperature: 0.5 } }, i18n)).toEqual({
      text: '体温 37.2℃ · いつも 36.4（+0.8）',
      from: 'vital',
    });
  });

  it('without usual values, NEWS2 points decide', () => {
    expect(decidingLine([obs({ respiratoryRate: 26, temperature: 36.5 })], undefined, i18n)).toEqual({ text: '呼吸数 26回/分 · NEWS2 3点', from: 'vital' });
  });

  it('consciousness other than alert always leads', () => {
    expect(decidingLine([obs({ consciousness: 'C', temperature: 39.5 })], USUAL, i18n)?.text).toMatch(/^意識: /);
  });

  it('falls back to the signs, then to nothing', () => {
    expect(decidingLine([obs({ temperature: 36.5 }, ['fall', 'pain', 'cough'])], USUAL, i18n)).toEqual({ text: '転倒・転落・痛みの訴え ほか1つ', from: 'signs' });
    expect(decidingLine([obs({ temperature: 36.5 })], USUAL, i18n)).toBeNull();
    expect(decidingLine([], USUAL, i18n)).toBeNull();
  });
});

describe('why a record just saved is worrying (the 保存しました notice)', () => {
  it('names what decides first, when it is not a departure, then each departure', () => {
    const c = { ...obs({ temperature: 37.8 }), vitals: { temperature: 37.8, consciousness: 'V' as const } };
    const withV = { ...c, news2: news2(c.vitals) };
    expect(savedReasons(withV, USUAL, i18n)).toEqual(['意識: 呼びかけると反応する · NEWS2 3点', '体温 いつもより +1.4']);
  });
  it('a departure that also decides is said once, as a departure', () => {
    expect(savedReasons(obs({ temperature: 38.2 }), USUAL, i18n)).toEqual(['体温 いつもより +1.8']);
  });
  it('a vital scored by NEWS2 alone (no usual value for it) is named', () => {
    expect(savedReasons(obs({ respiratoryRate: 26 }), USUAL, i18n)).toEqual(['呼吸数 26回/分 · NEWS2 3点']);
  });
  it('with nothing to name in the vitals, the signs; with nothing at all, nothing', () => {
    expect(savedReasons(obs({ temperature: 36.5 }, ['fall']), USUAL, i18n)).toEqual(['転倒・転落']);
    expect(savedReasons(obs({ temperature: 36.5 }), USUAL, i18n)).toEqual([]);
  });
});

describe('in the reader\'s language', () => {
  const reader = setupI18n({ locale: 'vi', messages: { ja, vi } });
  it('a Vietnamese reader reads the deciding line in Vietnamese, clinical words with the Japanese term', () => {
    const vital = decidingLine([obs({ temperature: 38.2, pulse: 80, spo2: 97 })], USUAL, reader)?.text ?? '';
    expect(vital).toMatch(/^Nhiệt độ 38.2℃ · /);
    expect(vital).not.toContain('いつも');
    const signs = decidingLine([obs({ temperature: 36.5 }, ['fall', 'pain', 'cough'])], USUAL, reader)?.text ?? '';
    // Her own punctuation around the Japanese term: 「 (…)」 and 「 · 」, not 「（…）」 and 「・」.
    expect(signs).toMatch(/^Té ngã \(転倒・転落\) · Kêu đau \(痛みの訴え\) /);
    expect(signs).not.toContain('ほか');
    expect(decidingLine([obs({ consciousness: 'C' })], USUAL, reader)?.text).not.toMatch(/^意識/);
  });
});

describe('a reader of やさしい日本語', () => {
  const reader = setupI18n({ locale: 'ja-x-easy', messages: { ja, 'ja-x-easy': easy } });
  it('keeps the Japanese brackets and 「・」 around the standard term', () => {
    const signs = decidingLine([obs({ temperature: 36.5 }, ['fall', 'pain'])], USUAL, reader)?.text ?? '';
    expect(signs).toContain('（転倒・転落）・');
    expect(signs).not.toMatch(/[()·]/);
  });
});

