// ふりがな the server added to a nurse's free Japanese text, drawn for a reader of やさしい日本語.
import type { RubySegment } from '../../shared/schemas.js';

/** Text with ふりがな: each kanji run that has a reading as <ruby>base<rt>reading</rt></ruby>. */
export function RubyText({ segments }: { segments: readonly RubySegment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.reading ? (
          <ruby key={i}>
            {s.base}
            <rp>(</rp>
            <rt>{s.reading}</rt>
            <rp>)</rp>
          </ruby>
        ) : (
          s.base
        ),
      )}
    </>
  );
}
