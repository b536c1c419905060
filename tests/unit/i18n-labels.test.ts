// Code lists in the reader's language: the catalogs' Japanese source is the shared label itself
// (so the GLOSSARY stays exact), every code has a message, and clinical words carry the
// Japanese term beside the translation.
import { setupI18n } from '@lingui/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  CATEGORY_LABEL,
  CONSCIOUSNESS,
  CONSCIOUSNESS_LABEL,
  REPLY_KIND_CODES,
  REPLY_KIND_LABEL,
  REQUEST_KIND_CODES,
  REQUEST_KIND_LABEL,
  SOFT_SIGN_CODES,
  SOFT_SIGN_LABEL,
  URGENCIES,
  URGENCY_LABEL,
} from '../../src/shared/codes.js';
import { DELIVERY_LABEL, DELIVERY_STEPS } from '../../src/shared/status.js';
import {
  CATEGORY_MESSAGES,
  CONSCIOUSNESS_MESSAGES,
  DELIVERY_MESSAGES,
  REPLY_KIND_MESSAGES,
  REQUEST_KIND_MESSAGES,
  SIGN_MESSAGES,
  URGENCY_MESSAGES,
  categoryLabel,
  consciousnessLabel,
  deliveryLabel,
  replyKindLabel,
  requestKindLabel,
  signLabel,
  urgencyLabel,
} from '../../src/client/i18n/labels.js';

describe('the Japanese of each code list is the shared label, exactly', () => {
  const lists: [string, readonly string[], Record<string, { message?: string }>, Record<string, string>][] = [
    ['signs', SOFT_SIGN_CODES, SIGN_MESSAGES, SOFT_SIGN_LABEL],
    ['categories', CATEGORIES, CATEGORY_MESSAGES, CATEGORY_LABEL],
    ['urgencies', URGENCIES, URGENCY_MESSAGES, URGENCY_LABEL],
    ['reply kinds', REPLY_KIND_CODES, REPLY_KIND_MESSAGES, REPLY_KIND_LABEL],
    ['delivery chain', DELIVERY_STEPS, DELIVERY_MESSAGES, DELIVERY_LABEL],
    ['kinds of request', REQUEST_KIND_CODES, REQUEST_KIND_MESSAGES, REQUEST_KIND_LABEL],
  ];
  for (const [name, codes, messages, japanese] of lists) {
    it(name, () => {
      expect(Object.keys(messages).sort()).toEqual([...codes].sort());
      for (const code of codes) expect(messages[code]?.message, code).toBe(japanese[code]);
    });
  }

  it('consciousness (plain words and the clinical term)', () => {
    for (const c of CONSCIOUSNESS) {
      expect(CONSCIOUSNESS_MESSAGES[c].plain.message).toBe(CONSCIOUSNESS_LABEL[c].plain);
      expect(CONSCIOUSNESS_MESSAGES[c].clinical.message).toBe(CONSCIOUSNESS_LABEL[c].clinical);
    }
  });

  it('the kinds of request, in order', () => {
    expect(REQUEST_KIND_CODES).toEqual(['advice', 'visit', 'ok_to_wait', 'contact_doctor']);
    expect(REQUEST_KIND_CODES.map((c) => REQUEST_KIND_LABEL[c])).toEqual([
      '助言がほしい',
      '訪問してほしい',
      '様子見でよいか確認したい',
      '主治医に連絡してよいか',
    ]);
  });
});

describe('labels in the reader language', () => {
  const i18n = setupI18n();
  beforeAll(async () => {
    // The catalogs as the app gets them: compiled by @lingui/vite-plugin on import.
    i18n.load({
      ja: (await import('../../src/client/i18n/locales/ja.po')).messages,
      vi: (await import('../../src/client/i18n/locales/vi.po')).messages,
      ne: (await import('../../src/client/i18n/locales/ne.po')).messages,
      'ja-x-easy': (await import('../../src/client/i18n/locales/ja-x-easy.po')).messages,
    });
  });

  it('Japanese: the GLOSSARY words, nothing beside them', () => {
    i18n.activate('ja');
    expect(signLabel('fall', i18n)).toEqual({ text: '転倒・転落', ja: null });
    expect(consciousnessLabel('V', i18n)).toEqual({ text: '呼びかけると反応する', clinical: 'V: Voice', ja: null });
    expect(urgencyLabel('immediate', i18n)).toBe('至急');
    expect(categoryLabel('trouble', i18n)).toBe('困りごと');
    expect(replyKindLabel('call_ambulance', i18n)).toBe('救急要請を');
    expect(deliveryLabel('answered', i18n)).toBe('回答あり');
    expect(requestKindLabel('ok_to_wait', i18n)).toBe('様子見でよいか確認したい');
  });

  it('Vietnamese: translated, clinical words with the Japanese term beside', () => {
    i18n.activate('vi');
    expect(signLabel('fall', i18n)).toEqual({ text: 'Té ngã', ja: '転倒・転落' });
    const v = consciousnessLabel('V', i18n);
    expect(v.ja).toBe('呼びかけると反応する');
    expect(v.text).not.toBe(v.ja);
    expect(v.clinical).toContain('Voice');
    expect(urgencyLabel('immediate', i18n)).toBe('Khẩn cấp');
    expect(requestKindLabel('visit', i18n)).toBe('Xin đến thăm');
  });

  it('every sign reads differently from the Japanese in Nepali, and keeps the Japanese beside', () => {
    i18n.activate('ne');
    for (const code of SOFT_SIGN_CODES) {
      const term = signLabel(code, i18n);
      expect(term.ja).toBe(SOFT_SIGN_LABEL[code]);
      expect(term.text, code).not.toBe(SOFT_SIGN_LABEL[code]);
    }
  });

  it('やさしい日本語 keeps the standard term beside its plainer words', () => {
    i18n.activate('ja-x-easy');
    expect(signLabel('vomiting', i18n).ja).toBe('吐き気・嘔吐');
  });
});
