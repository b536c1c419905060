// The I-SBAR-C draft the app writes from what was recorded (PRODUCT.md "I-SBAR-C").
import { describe, expect, it } from 'vitest';
import type { SoftSign } from '../../src/shared/codes.js';
import { news2 } from '../../src/shared/news2.js';
import { absoluteTime, draftSbar, vitalsText, type DraftObservation } from '../../src/shared/sbar.js';
import type { Vitals } from '../../src/shared/schemas.js';

const WHO = { reporter: '鈴木', reporterOrg: 'ひまわり訪問介護', clientName: '山田 花子' };

const draftObs = (vitals: Vitals, softSigns: SoftSign[] = [], note: string | null = null, scale: 1 | 2 = 1): DraftObservation => ({
  observedAt: '2025-11-03T14:20:00+09:00',
  vitals,
  softSigns,
  note,
  news2: news2(vitals, scale),
});

describe('vitalsText', () => {
  it.each<[Vitals, string]>([
    [{}, ''],
    [{ temperature: 37 }, '体温 37.0℃'],
    [{ temperature: 38.5 }, '体温 38.5℃'],
    [{ systolic: 128, diastolic: 74 }, '血圧 128/74'],
    [{ systolic: 128 }, '血圧 128/-'],
    [{ diastolic: 74 }, '血圧 -/74'],
    [{ pulse: 92 }, '脈拍 92/分'],
    [{ respiratoryRate: 22 }, '呼吸数 22/分'],
    [{ spo2: 95 }, 'SpO2 95%'],
    [{ spo2: 95, onOxygen: false }, 'SpO2 95%、酸素なし（室内気）'],
    [{ spo2: 95, onOxygen: true }, 'SpO2 95%、酸素吸入中'],
    [{ consciousness: 'A' }, '意識: 意識がはっきりしている'],
    [{ consciousness: 'C' }, '意識: いつもより混乱している・言うことがおかしい'],
    [{ consciousness: 'V' }, '意識: 呼びかけると反応する'],
    [{ consciousness: 'P' }, '意識: 体をゆすったり痛みを与えると反応する'],
    [{ consciousness: 'U' }, '意識: 反応がない'],
    [
      { temperature: 37.8, systolic: 128, diastolic: 74, pulse: 92, respiratoryRate: 20, spo2: 95, onOxygen: false, consciousness: 'A' },
      '体温 37.8℃、血圧 128/74、脈拍 92/分、呼吸数 20/分、SpO2 95%、酸素なし（室内気）、意識: 意識がはっきりしている',
    ],
  ])('%j → %j', (vitals, text) => {
    expect(vitalsText(vitals)).toBe(text);
  });
});

const draftObsList = (...args: Parameters<typeof draftObs>) => [draftObs(...args)];

describe('absoluteTime', () => {
  it.each([
    ['2025-11-03T14:20:00+09:00', '11月3日 14:20'],
    ['2025-11-30T05:20:00Z', '11月30日 14:20'],
    ['2025-12-31T15:05:00Z', '1月1日 0:05'],
  ])('%s → %s (Japan time)', (iso, text) => {
    expect(absoluteTime(iso)).toBe(text);
  });
});

describe('draftSbar', () => {
  it('never says 「たった今」 or 「今日」: the time is absolute', () => {
    const now = new Date().toISOString();
    const s = draftSbar({ ...WHO, observations: [{ ...draftObs({ temperature: 38 }), observedAt: now }] });
    expect(s.situation).not.toMatch(/たった今|今日|分前/);
    expect(s.situation).toContain(absoluteTime(now));
  });

  it('every cited observation brings its time, signs and note, oldest first; B lists each with its time', () => {
    const a = { ...draftObs({ temperature: 37.2 }, ['eating_less'], '朝は少し食べた'), observedAt: '2025-11-29T01:00:00Z' };
    const b = { ...draftObs({ temperature: 38.2, pulse: 96 }, ['drowsy', 'fall'], '夕方に転んだ'), observedAt: '2025-11-30T05:20:00Z' };
    const s = draftSbar({ ...WHO, observations: [b, a] });
    expect(s.situation).toBe(
      'ひまわり訪問介護の鈴木です。山田 花子さんについてご相談です。\n11月29日 10:00、食事量が減った。 朝は少し食べた\n11月30日 14:20、ぼんやりしている・反応が鈍い、転倒・転落。 夕方に転んだ',
    );
    expect(s.background).toBe(
      '11月29日 10:00: 体温 37.2℃。NEWS2 目安 0点（7項目中 1 項目）\n11月30日 14:20: 体温 38.2℃、脈拍 96/分。NEWS2 目安 2点（7項目中 2 項目）',
    );
  });

  it('I: names the reporter, their organization and the client', () => {
    const s = draftSbar({ ...WHO, observations: draftObsList({ temperature: 37.5 }, ['eating_less']) });
    expect(s.situation.startsWith('ひまわり訪問介護の鈴木です。山田 花子さんについてご相談です。')).toBe(true);
  });

  it('S: lists the signs in Japanese, with the time and the note', () => {
    const s = draftSbar({
      ...WHO,
      observations: draftObsList({}, ['eating_less', 'fall', 'colour'], '夕方から元気がない'),
    });
    expect(s.situation).toBe(
      'ひまわり訪問介護の鈴木です。山田 花子さんについてご相談です。11月3日 14:20、食事量が減った、転倒・転落、顔色が悪い・冷たい・まだら。 夕方から元気がない',
    );
    expect(s.situation).not.toMatch(/eating_less|fall|colour/);
  });

  it('S: without signs it still says that something is not as usual', () => {
    const s = draftSbar({ ...WHO, observations: draftObsList({ temperature: 38.2 }) });
    expect(s.situation).toBe('ひまわり訪問介護の鈴木です。山田 花子さんについてご相談です。11月3日 14:20、いつもと様子が違います。');
  });

  it('B: the vitals with the NEWS2 score and 「7項目中 n 項目」 when partial', () => {
    const s = draftSbar({ ...WHO, observations: draftObsList({ temperature: 38.5, pulse: 95, spo2: 95 }) });
    expect(s.background).toBe('体温 38.5℃、脈拍 95/分、SpO2 95%。NEWS2 目安 3点（7項目中 3 項目）');
  });

  it.each<[Vitals, 1 | 2, number, number]>([
    [{ temperature: 37.0 }, 1, 0, 1],
    [{ temperature: 39.5, respiratoryRate: 22 }, 1, 4, 2],
    [{ spo2: 85 }, 2, 2, 1], // scale 2, ≤ 92: scored without onOxygen
    [{ spo2: 95 }, 2, 0, 0], // scale 2, ≥ 93 without onOxygen: SpO2 not measured
    [{ spo2: 85, onOxygen: true }, 2, 4, 2],
    [{ systolic: 120, diastolic: 70, pulse: 80, respiratoryRate: 18, spo2: 97, consciousness: 'A' }, 1, 0, 5],
  ])('B: %j on scale %i → score %i from %i of 7', (vitals, scale, score, n) => {
    const s = draftSbar({ ...WHO, observations: draftObsList(vitals, [], null, scale) });
    if (n === 0) expect(s.background).not.toContain('NEWS2');
    else expect(s.background).toContain(`NEWS2 目安 ${score}点（7項目中 ${n} 項目）`);
    expect(s.background.startsWith(vitalsText(vitals))).toBe(true);
  });

  it('B: a complete set shows its score', () => {
    const vitals: Vitals = {
      temperature: 38.5,
      systolic: 128,
      diastolic: 74,
      pulse: 92,
      respiratoryRate: 20,
      spo2: 95,
      onOxygen: false,
      consciousness: 'A',
    };
    const s = draftSbar({ ...WHO, observations: draftObsList(vitals) });
    expect(s.background).toContain('NEWS2 目安 3点');
  });

  it('B: nothing measured → no vitals and no score', () => {
    expect(draftSbar({ ...WHO, observations: draftObsList({}, ['pain']) }).background).toBe('');
  });

  it('A defaults to 「わからない」 and R asks for advice', () => {
    for (const observations of [undefined, [draftObs({ temperature: 39.2 }, ['breathing'])]]) {
      const s = draftSbar({ ...WHO, ...(observations ? { observations } : {}) });
      expect(s.assessment).toBe('わからない');
      expect(s.request).not.toBe('');
    }
  });

  it('without an observation: who about whom, empty background', () => {
    expect(draftSbar(WHO)).toEqual({
      situation: 'ひまわり訪問介護の鈴木です。山田 花子さんについてご相談です。',
      background: '',
      assessment: 'わからない',
      request: '対応について助言をお願いします。',
    });
  });
});
