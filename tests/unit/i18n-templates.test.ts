// Issue 15: a nurse's reply template is a code with parameters, shown to each reader in their
// language. The catalogs' Japanese is the shared template text itself; every language renders
// every template with its parameters filled in; やさしい日本語 readers get ふりがな on free text.
import { setupI18n } from '@lingui/core';
import { I18nProvider } from '@lingui/react';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCALE_TAGS } from '../../src/client/i18n/locales.js';
import { MessageText } from '../../src/client/i18n/MessageText.js';
import { TEMPLATE_MESSAGES, templateText } from '../../src/client/i18n/templates.js';
import { REPLY_TEMPLATES, TEMPLATE_CODES, initialParams, renderTemplateJa } from '../../src/shared/templates.js';

const i18n = setupI18n();
beforeAll(async () => {
  // The catalogs as the app gets them: compiled by @lingui/vite-plugin on import.
  const loaders: Record<string, () => Promise<{ messages: Record<string, unknown> }>> = {
    ja: () => import('../../src/client/i18n/locales/ja.po'),
    'ja-x-easy': () => import('../../src/client/i18n/locales/ja-x-easy.po'),
    en: () => import('../../src/client/i18n/locales/en.po'),
    vi: () => import('../../src/client/i18n/locales/vi.po'),
    id: () => import('../../src/client/i18n/locales/id.po'),
    fil: () => import('../../src/client/i18n/locales/fil.po'),
    my: () => import('../../src/client/i18n/locales/my.po'),
    ne: () => import('../../src/client/i18n/locales/ne.po'),
  };
  for (const tag of LOCALE_TAGS) {
    const load = loaders[tag];
    if (load) i18n.load(tag, (await load()).messages as never);
  }
});

describe('reply templates in the catalogs', () => {
  it('the Japanese of each template is the shared text, exactly, for every code', () => {
    expect(Object.keys(TEMPLATE_MESSAGES).sort()).toEqual([...TEMPLATE_CODES].sort());
    for (const code of TEMPLATE_CODES) expect(TEMPLATE_MESSAGES[code].message, code).toBe(REPLY_TEMPLATES[code].ja);
  });

  it('Japanese readers see exactly what the server stores', () => {
    i18n.activate('ja');
    for (const code of TEMPLATE_CODES) {
      const t = { code, params: initialParams(code) };
      expect(templateText(t, i18n), code).toBe(renderTemplateJa(t));
    }
  });

  for (const tag of LOCALE_TAGS.filter((l) => l !== 'ja')) {
    it(`${tag}: every template is translated and its parameters filled in`, () => {
      i18n.activate(tag);
      for (const code of TEMPLATE_CODES) {
        const params = Object.fromEntries(Object.keys(REPLY_TEMPLATES[code].params).map((k) => [k, 7]));
        const text = templateText({ code, params }, i18n);
        expect(text, code).not.toBe(renderTemplateJa({ code, params }));
        expect(text, code).not.toMatch(/[{}]/);
        for (const v of Object.values(params)) expect(text, code).toContain(String(v));
      }
    });
  }

  it('Vietnamese and English read the fluids template with the hours', () => {
    i18n.activate('vi');
    expect(templateText({ code: 'fluids_recheck', params: { hours: 1 } }, i18n)).toBe('Cho uống nước từng chút một, và đo lại sau 1 giờ.');
    i18n.activate('en');
    expect(templateText({ code: 'fluids_recheck', params: { hours: 1 } }, i18n)).toContain('in 1 hour.');
    expect(templateText({ code: 'fluids_recheck', params: { hours: 3 } }, i18n)).toContain('in 3 hours.');
  });
});

describe('a message as its reader sees it', () => {
  const message = {
    body: '水分を少しずつとってもらい、1時間後にもう一度測ってください。\n熱が出たら連絡を。',
    template: { code: 'fluids_recheck' as const, params: { hours: 1 } },
    bodyRuby: [{ base: '熱', reading: 'ねつ' }, { base: 'が' }, { base: '出', reading: 'で' }, { base: 'たら' }, { base: '連絡', reading: 'れんらく' }, { base: 'を。' }],
  };
  const render = (tag: string) => {
    i18n.activate(tag);
    return renderToStaticMarkup(createElement(I18nProvider, { i18n }, createElement(MessageText, { message })));
  };

  it('Vietnamese: the template in Vietnamese, the free text as written, no ruby', () => {
    const html = render('vi');
    expect(html).toContain('Cho uống nước từng chút một, và đo lại sau 1 giờ.');
    expect(html).toContain('熱が出たら連絡を。');
    expect(html).not.toContain('<ruby>');
  });

  it('やさしい日本語: the free text with <ruby> readings', () => {
    const html = render('ja-x-easy');
    expect(html).toContain('<ruby>熱<rp>(</rp><rt>ねつ</rt><rp>)</rp></ruby>が');
    expect(html).toContain('<rt>れんらく</rt>');
  });

  it('Japanese: what the nurse wrote, no ruby', () => {
    const html = render('ja');
    expect(html).toBe('<span class="template-text">水分を少しずつとってもらい、1時間後にもう一度測ってください。</span><br/>熱が出たら連絡を。');
  });
});
