// Leaving a form for the page under it, painted before the URL changes (issue 14: save ≤ 50 ms
// from the tap on 保存 to the new card). A same-document navigation (history.pushState) costs the
// main thread tens of milliseconds on a throttled phone — Chromium commits it with the browser
// process and re-renders everything that reads the location — and none of that is on the screen.
// So a route that keeps its page mounted under the form (app/ClientRoute.tsx) provides `exit`:
// it shows that page at once, in one commit, and runs `then` (the navigation to its URL) in the
// task after that frame. Without a provider the form navigates as any page does.
import { createContext, useContext } from 'react';

export type FormExit = (then: () => void) => void;

export const FormExitContext = createContext<FormExit | null>(null);

/** The route's exit, or one that just runs `then` (no page kept under this form). */
export function useFormExit(): FormExit {
  return useContext(FormExitContext) ?? runNow;
}

function runNow(then: () => void): void {
  then();
}
