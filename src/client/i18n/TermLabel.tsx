// A clinical word as a reader sees it: their language, and the Japanese term beside it (marked
// `lang="ja"`) unless they read standard Japanese. The accessible name carries both.
import type { Term } from './labels.js';

export function TermLabel({ term }: { term: Term }) {
  if (!term.ja) return <>{term.text}</>;
  return (
    <>
      {term.text}{' '}
      <span lang="ja" className="term-ja">
        （{term.ja}）
      </span>
    </>
  );
}
