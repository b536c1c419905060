// Leaving a form for the page under it, painted before the URL changes (issue 14: save ≤ 50 ms
// from the tap on 保存 to the new card). A same-document navigation (history.pushState) costs the
// main thread tens of milliseconds on a throttled phone — Chromium commits it with the browser
// process and re-renders everything that reads the location — and none of that is on the screen.
// So a route that keeps its page mounted under the form (app/ClientRoute.tsx) provides `exit`,
// called once the save has committed: it shows that page at once, in one commit with the new
// card and the 保存しました notice, puts the form aside (out of the document, unmounted later),
// and runs `then` (the navigation to the page's URL) in the task after that frame. Without a
// provider the form navigates as any page does. (Showing the page earlier, while the commit was
// on disk, was measured slower at stop 17 and dropped: ADR 0018.)
import { createContext, useContext } from 'react';

export type FormExit = (then: () => void) => void;

export const FormExitContext = createContext<FormExit | null>(null);

const runNow: FormExit = (then) => then();

/** The route's exit, or one that just runs `then` (no page kept under this form). */
export function useFormExit(): FormExit {
  return useContext(FormExitContext) ?? runNow;
}
