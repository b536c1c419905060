// A clinical word as a reader sees it: their language, and the Japanese term beside it (marked
// `lang="ja"`) unless they read standard Japanese. The accessible name carries both.
import { useLingui } from '@lingui/react';
import type { Term } from './labels.js';
import { aside } from './locales.js';

export function TermLabel({ term }: { term: Term }) {
  const { i18n } = useLingui();
  if (!term.ja) return <>{term.text}</>;
  return (
    <>
      {term.text}
      <span lang="ja" className="term-ja">
        {aside(i18n.locale, term.ja)}
      </span>
    </>
  );
}
