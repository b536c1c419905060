// Leaving a form for the page under it (issue 14: save ≤ 50 ms from the tap on 保存 to the new
// card). A route that keeps its page mounted under the form (app/ClientRoute.tsx) provides the
// steps of that exit, so that the main thread's share of it overlaps the IndexedDB commit:
// - `show`: the save's writes are in and its transaction is committing. The page is put in the
//   document and the form hidden (still mounted: its input survives), in one commit, while the
//   commit is on disk — the page still without anything the save adds (its card comes from the
//   commit, db/recent-saves.ts; the 保存しました notice from the save's success).
// - `done(then)`: committed. The card and the notice render where the page already is; `then`
//   (the navigation to the page's URL — a same-document navigation costs tens of milliseconds
//   on a throttled phone) runs in the task after that frame.
// - `back`: not saved. The form as it was, the page out of the document again.
// Without a provider (no page kept under this form) `show` and `back` do nothing and `done`
// navigates at once.
import { createContext, useContext } from 'react';

export interface FormExit {
  show(): void;
  done(then: () => void): void;
  back(): void;
}

export const FormExitContext = createContext<FormExit | null>(null);

const NO_PAGE_UNDER: FormExit = {
  show: () => undefined,
  done: (then) => then(),
  back: () => undefined,
};

/** The route's exit, or one that just navigates (no page kept under this form). */
export function useFormExit(): FormExit {
  return useContext(FormExitContext) ?? NO_PAGE_UNDER;
}
