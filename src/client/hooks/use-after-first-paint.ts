// false in the first frame a component paints, true from the task right after it: work that
// need not be in that frame (more cards, IndexedDB queries whose answer is already known from
// memory) waits until the frame is on screen (issue 14: save ≤ 50 ms from the tap to the card).
// `held`: false while held (a page kept out of the document under a form), and again for the
// first frame after it is let go.
import { useEffect, useState } from 'react';

export function useAfterFirstPaint(held = false): boolean {
  const [painted, setPainted] = useState(false);
  if (held && painted) setPainted(false);
  useEffect(() => (held ? undefined : afterNextPaint(() => setPainted(true))), [held]);
  return painted && !held;
}

/**
 * Runs `then` in a task after the next frame is painted (a frame callback runs before the paint;
 * a task queued from it, after). A hidden page paints no frames: a timer runs it anyway after
 * `fallbackMs`. Returns a function that cancels it.
 */
export function afterNextPaint(then: () => void, fallbackMs = 250): () => void {
  let done = false;
  let task: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(task);
    clearTimeout(fallback);
  };
  const once = () => {
    if (done) return;
    cancel();
    then();
  };
  const fallback = setTimeout(once, fallbackMs);
  const frame = requestAnimationFrame(() => {
    task = setTimeout(once, 0);
  });
  return cancel;
}
