// Free text as it was written, marked with its `lang` (fonts, screen-reader voice), and — when
// it is in another language than the reader's — the language named above it
// (「ベトナム語で書かれたメモ」). Never translated (PRODUCT.md "Languages").
import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { useLingui } from '@lingui/react/macro';
import type { RubySegment } from '../../shared/schemas.js';
import { RubyText } from './RubyText.js';
import { languageName, sameLanguage } from './text-lang.js';

/** The languages we ship, named from the catalog where the browser's Intl cannot name them. */
const LANGUAGE_NAMES: Record<string, MessageDescriptor> = {
  ja: msg`日本語`,
  en: msg`英語`,
  vi: msg`ベトナム語`,
  id: msg`インドネシア語`,
  fil: msg`フィリピノ語`,
  my: msg`ミャンマー語`,
  ne: msg`ネパール語`,
};

/** Only the line that names the language; nothing when the text is in the reader's language or says none. */
export function WrittenIn({ lang, note = false }: { lang: string | undefined; note?: boolean }) {
  const { t, i18n } = useLingui();
  if (lang === undefined || sameLanguage(lang, i18n.locale)) return null;
  const name = languageName(lang, i18n.locale, (primary) => {
    const known = LANGUAGE_NAMES[primary];
    return known && i18n._(known);
  });
  return <p className="written-in">{note ? t`${name}で書かれたメモ` : t`${name}で書かれています`}</p>;
}

/** The words themselves, with ふりがな for a reader of やさしい日本語 when the server added them. */
export function Written({ text, ruby }: { text: string; ruby?: readonly RubySegment[] | undefined }) {
  const { i18n } = useLingui();
  return i18n.locale === 'ja-x-easy' && ruby ? <RubyText segments={ruby} /> : <>{text}</>;
}

/**
 * `prefix`: words of the reader's language before the text, in the same line (「看護師: 」).
 * `ruby`: the server's ふりがな for this text (a nurse's Japanese), shown to a reader of やさしい日本語.
 */
export function WrittenText(props: {
  text: string;
  lang: string | undefined;
  className?: string;
  note?: boolean;
  prefix?: string;
  ruby?: readonly RubySegment[] | undefined;
}) {
  const { text, lang, className, ruby } = props;
  return (
    <>
      <WrittenIn lang={lang} note={props.note ?? false} />
      {props.prefix ? (
        <p className={className}>
          {props.prefix}{' '}
          <span lang={lang}>
            <Written text={text} ruby={ruby} />
          </span>
        </p>
      ) : (
        <p className={className} lang={lang}>
          <Written text={text} ruby={ruby} />
        </p>
      )}
    </>
  );
}
