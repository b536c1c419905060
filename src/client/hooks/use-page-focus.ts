// A new page's heading takes the focus when the focus has nowhere else to be. Following a link, or
// a button that leaves its page (保存, やめる, 送信), the focused element goes with the old page
// and the focus falls to the document's start: a screen reader says nothing of the new page and a
// keyboard starts over from the top. After each change of page (not the first load), once the
// new page's `main h1` is in the document — pages read their data first — it is focused, unless
// something else already holds the focus (a field the page focused itself, or one the person
// chose meanwhile). ADR 0025 noted the fall; the heading is made focusable by script only
// (tabindex -1), not a Tab stop.
import { useEffect, useRef } from 'react';

/** How long a new page may take to show its heading before we stop waiting for it. */
const WAIT_MS = 3000;

/**
 * Focuses the page's heading if nothing holds the focus (also for a control that removes itself,
 * such as お知らせを閉じる). 'wait' when the page has no heading yet.
 */
/**
 * Whether the element is rendered. `checkVisibility` is missing before Safari 17.4 (iPhones a
 * carer may still use): there, an element in a `display: none` subtree has no boxes.
 */
function shown(el: Element): boolean {
  return typeof el.checkVisibility === 'function' ? el.checkVisibility() : el.getClientRects().length > 0;
}

export function focusHeading(): 'done' | 'wait' {
  const active = document.activeElement;
  // A page whose code loads first (behind import(): 相談一覧 → a consultation, ログイン → 相談一覧)
  // is not there yet when the URL changes; React hides the old page meanwhile (display: none)
  // with its focused link, which the browser blurs only at its next rendering step. Hidden, it
  // holds nothing: the focus is about to fall, and the old page's heading is no heading to give
  // it to (the third walk, by keyboard).
  if (active && active !== document.body && active !== document.documentElement && shown(active)) return 'done';
  const h = [...document.querySelectorAll<HTMLElement>('main h1')].find(shown);
  if (!h) return 'wait';
  if (!h.hasAttribute('tabindex')) h.setAttribute('tabindex', '-1');
  h.focus({ preventScroll: true });
  return 'done';
}

/** `page` names the page shown: a new value is a change of page. */
export function usePageFocus(page: string): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (focusHeading() === 'done') return;
    const mo = new MutationObserver(() => {
      if (focusHeading() === 'done') stop();
    });
    const timer = setTimeout(() => stop(), WAIT_MS);
    const stop = () => {
      mo.disconnect();
      clearTimeout(timer);
    };
    mo.observe(document.body, { childList: true, subtree: true });
    return stop;
  }, [page]);
}
