// Issue 15: which parts of a sent I-SBAR-C were composed from codes (so a reader of another
// language sees them composed again in theirs), and the carer's structured report on a task.
import { describe, expect, it } from 'vitest';
import { composedFields } from '../../src/client/features/consultations/nurse-draft.js';
import { news2 } from '../../src/shared/news2.js';
import { followUpReportJa, splitReportBody } from '../../src/shared/reports.js';
import { draftSbar } from '../../src/shared/sbar.js';

const obs = (note: string | null, lang?: string) => ({
  observedAt: '2026-11-30T14:20:00+09:00',
  vitals: { temperature: 37.9, pulse: 96 },
  softSigns: ['eating_less' as const],
  note,
  news2: news2({ temperature: 37.9, pulse: 96 }, 1),
  ...(lang ? { lang } : {}),
});

describe('composedFields', () => {
  const cited = [obs('食欲がない')];
  const draft = draftSbar({ reporter: '鈴木', reporterOrg: 'ひまわり訪問介護', clientName: '山田 花子', observations: cited });

  it('recognises the draft as sent, whoever the reporter was', () => {
    expect(composedFields({ ...draft, request: '訪問をお願いします。' }, '山田 花子', cited)).toEqual({
      situation: true,
      background: true,
      assessment: true,
      request: 'visit',
    });
  });

  it('keeps edited Japanese and words in another language as written', () => {
    const sbar = {
      ...draft,
      situation: `${draft.situation} 昼から元気がない。`,
      background: `${draft.background}。便秘気味`,
      assessment: 'Tôi nghĩ bà bị mất nước.',
      request: '訪問をお願いします。',
      lang: { situation: 'ja', background: 'ja', assessment: 'vi', request: 'vi' },
    };
    expect(composedFields(sbar, '山田 花子', cited)).toEqual({ situation: false, background: false, assessment: false, request: null });
  });

  it('a note in another language is not part of the Japanese draft', () => {
    const vi = [obs('Bà ăn ít hơn', 'vi')];
    const d = draftSbar({ reporter: 'Tran', reporterOrg: 'ひまわり訪問介護', clientName: '山田 花子', observations: [obs(null)] });
    expect(composedFields(d, '山田 花子', vi).situation).toBe(true);
  });
});

describe('splitReportBody', () => {
  const asked = [{ id: 'f1', followUp: { task: '2時間後に再検温' }, lang: 'ja' }];
  it('finds the task a report completes, and the free text after the sentence', () => {
    expect(splitReportBody({ body: followUpReportJa('2時間後に再検温'), completes: 'f1' }, asked)).toEqual({ task: '2時間後に再検温', taskLang: 'ja', free: '' });
    expect(splitReportBody({ body: `${followUpReportJa('2時間後に再検温')} 37.2℃でした`, completes: 'f1' }, asked)?.free).toBe('37.2℃でした');
  });
  it('is no report without `completes`, an unknown follow-up or another body', () => {
    expect(splitReportBody({ body: followUpReportJa('2時間後に再検温') }, asked)).toBeNull();
    expect(splitReportBody({ body: followUpReportJa('2時間後に再検温'), completes: 'f2' }, asked)).toBeNull();
    expect(splitReportBody({ body: '測りました', completes: 'f1' }, asked)).toBeNull();
  });
});
