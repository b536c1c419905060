// A client's page (/clients/:id) and its observation form (/clients/:id/observe) as one route.
// Under the form, the client page stays mounted — rendered into an element outside the document,
// so that none of its text, labels or links is in the page the carer (or a screen reader, or a
// locator) reads while the form is open. After 保存 the save's commit puts the new card on top of
// that page (from memory, db/recent-saves.ts) and the 保存しました notice above it, and in that
// same React commit the route moves the page's element into the document and the form's out of
// it: no page is mounted or unmounted between the tap and the painted card (issue 14: save
// ≤ 50 ms). The form leaves through `exit` (hooks/form-exit.ts): the URL follows after that
// frame, and the form is unmounted with it.
import { lazy, Suspense, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal, flushSync } from 'react-dom';
import { FormExitContext, type FormExit } from '../hooks/form-exit.js';
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
  // Left through `exit` (at the save's commit): the page shows while the URL is still the
  // form's, for one frame.
  const [left, setLeft] = useState(false);
  const [wasAtForm, setWasAtForm] = useState(atForm);
  if (atForm !== wasAtForm) {
    setWasAtForm(atForm);
    setLeft(false);
  }
  const observing = atForm && !left;
  // A carer who left the route while the save committed is not taken back to the client page.
  const mounted = useRef(true);
  useLayoutEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const exit = useCallback<FormExit>((then) => {
    if (!mounted.current) return;
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
  // The form's own element: in the document (in `formSlot`) only while the form is open. Shown
  // ahead of the URL, the page is in the document and the form out of it — kept mounted (a
  // commit that fails brings it back as it was) but, out of the document, met by no locator,
  // search or screen reader beside the new card (`hidden` would leave its text findable).
  const [formStage] = useState(() => {
    const el = document.createElement('div');
    el.className = 'route-part';
    return el;
  });
  const formSlot = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (!observing) return;
    formSlot.current?.appendChild(formStage);
    return () => formStage.remove();
  }, [observing, formStage]);
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
      {/* Out of the document (not unmounted) while the page shows ahead of the URL: a commit
          that fails brings it back as it was. Unmounted with the navigation, after the card's frame. */}
      {atForm && createPortal(formPage, formStage)}
      <div ref={formSlot} className="route-part" />
    </>
  );
}
