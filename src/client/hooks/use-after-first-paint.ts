// false in the first frame a component paints, true from the task right after it: work that
// need not be in that frame (more cards, IndexedDB queries whose answer is already known from
// memory) waits until the frame is on screen (issue 14: save ≤ 50 ms from the tap to the card).
// `held`: false while held (a page kept out of the document under a form), and again for the
// first frame after it is let go (the frame that shows it).
import { useEffect, useState } from 'react';

export function useAfterFirstPaint(held = false): boolean {
  const [painted, setPainted] = useState(false);
  if (held && painted) setPainted(false);
  useEffect(() => {
    if (held) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A frame callback runs before the frame paints; a task queued from it runs after.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setPainted(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [held]);
  return painted && !held;
}
