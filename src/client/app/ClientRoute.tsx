// A client's page (/clients/:id) and its observation form (/clients/:id/observe) as one route.
// Under the form, the client page stays mounted — rendered into an element outside the document,
// so that none of its text, labels or links is in the page the carer (or a screen reader, or a
// locator) reads while the form is open. After 保存 the save's commit puts the new card on top of
// that page (from memory, db/recent-saves.ts) and the route only moves the element into the
// document and hides the form: no page is mounted or unmounted between the tap and the painted
// card (issue 14: save ≤ 50 ms). The form is unmounted in that frame. The form leaves through
// `exit` (hooks/form-exit.ts): the page is shown first, and the URL follows after that frame.
import { lazy, Suspense, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal, flushSync } from 'react-dom';
import { FormExitContext } from '../hooks/form-exit.js';
import { afterNextPaint } from '../hooks/use-after-first-paint.js';
import type { Session } from '../../shared/schemas.js';
import { WithClient } from './WithClient.js';

const ClientPage = lazy(() => import('../features/clients/ClientPage.js').then((m) => ({ default: m.ClientPage })));
const ObservationPage = lazy(() =>
  import('../features/observations/ObservationPage.js').then((m) => ({ default: m.ObservationPage })),
);

/** /clients/:id, and /clients/:id/observe (`observing`). */
export const CLIENT_ROUTE = /^\/clients\/(?<id>[^/]+)(?<observe>\/observe)?\/?$/;

export function ClientRoute({ id, observing: atForm, session }: { id: string; observing: boolean; session: Session }) {
  // Left through `exit`: the page shows while the URL is still the form's, for one frame.
  const [left, setLeft] = useState(false);
  const [wasAtForm, setWasAtForm] = useState(atForm);
  if (atForm !== wasAtForm) {
    setWasAtForm(atForm);
    setLeft(false);
  }
  const observing = atForm && !left;
  const exit = useCallback((then: () => void) => {
    flushSync(() => setLeft(true));
    afterNextPaint(then);
  }, []);
  // The client page's own element: in the document (in `slot`) unless the form is open.
  const [offstage] = useState(() => {
    const el = document.createElement('div');
    el.className = 'route-part';
    return el;
  });
  const slot = useRef<HTMLDivElement>(null);
  const formWasOpen = useRef(false);
  useLayoutEffect(() => {
    if (observing) {
      formWasOpen.current = true;
      return;
    }
    slot.current?.appendChild(offstage);
    // Back from the form (scrolled down to 保存): the page from its top, where the notice and the
    // new card are.
    if (formWasOpen.current) window.scrollTo(0, 0);
    formWasOpen.current = false;
    return () => offstage.remove();
  }, [observing, offstage]);

  // Elements made once: a change of route re-renders only the client page (to its first frame's
  // cards under the form, to all of them once shown), never the form.
  const page = useMemo(
    () => (
      <Suspense fallback={null}>
        <ClientPage clientId={id} session={session} covered={observing} />
      </Suspense>
    ),
    [id, session, observing],
  );
  const formPage = useMemo(
    () => (
      <FormExitContext.Provider value={exit}>
        <WithClient id={id}>{(client) => <ObservationPage client={client} session={session} />}</WithClient>
      </FormExitContext.Provider>
    ),
    [id, session, exit],
  );
  return (
    <>
      {createPortal(page, offstage)}
      <div ref={slot} className="route-part" />
      {/* Removed in the same frame: a hidden form left for later still held the draft's text,
          which text locators (and the restored textarea's content) would meet. */}
      {observing && <div className="route-part">{formPage}</div>}
    </>
  );
}
