import { useLingui } from '@lingui/react/macro';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { Layout } from './Layout.js';
import { AppRoutes } from './AppRoutes.js';
import { useLocation } from 'wouter';
import { LoginPage } from '../features/session/LoginPage.js';
import { SecondFactorReminder } from '../features/session/SecondFactorReminder.js';
import { owesSecondFactor } from '../db/meta.js';
import { LocaleProvider } from '../i18n/LocaleProvider.js';
import { useStoredSession } from './queries.js';
import { mayHoldSession, rememberHoldsSession } from './session-hint.js';

const AccountPage = lazy(() => import('../features/session/AccountPage.js').then((m) => ({ default: m.AccountPage })));
const SecondFactorPage = lazy(() => import('../features/session/SecondFactorPage.js').then((m) => ({ default: m.SecondFactorPage })));
const SetupPage = lazy(() => import('../features/session/SetupPage.js').then((m) => ({ default: m.SetupPage })));

/** Where a nurse or admin without a passkey is reminded of the second-factor day: home, menu, account. */
const REMINDER_PATHS = new Set(['/', '/menu', '/account']);

const queryClient = new QueryClient({
  defaultOptions: { queries: { networkMode: 'offlineFirst', retry: 1 }, mutations: { networkMode: 'always' } },
});

/** `onFirstPaint`: called once, when the first screen is on the phone's screen. */
export function App({ onFirstPaint }: { onFirstPaint?: () => void }) {
  useEffect(() => {
    if (!onFirstPaint) return;
    let done = false;
    const start = () => {
      if (done) return;
      done = true;
      onFirstPaint();
    };
    // The browser's own word that the first screen was painted (the paint as presented, which
    // a frame callback cannot tell); where it has none, or never paints (a hidden tab), a moment later.
    let observer: PerformanceObserver | undefined;
    if (typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes.includes('paint')) {
      observer = new PerformanceObserver((list) => {
        if (list.getEntries().some((e) => e.name === 'first-contentful-paint')) setTimeout(start, 0);
      });
      observer.observe({ type: 'paint', buffered: true });
    }
    const fallback = setTimeout(start, 1000);
    return () => {
      observer?.disconnect();
      clearTimeout(fallback);
    };
  }, [onFirstPaint]);
  return (
    <QueryClientProvider client={queryClient}>
      {/* The language first: even the first 「読み込み中…」 is in the phone's language. */}
      <LocaleProvider>
        <Shell />
      </LocaleProvider>
    </QueryClientProvider>
  );
}

function Shell() {
  const stored = useStoredSession();
  useEffect(() => {
    if (stored !== undefined) rememberHoldsSession(stored !== null);
  }, [stored]);
  // Before IndexedDB has answered, a phone known to hold no session shows sign-in at once.
  const session = stored === undefined && !mayHoldSession() ? null : stored;
  const [path] = useLocation();
  if (session === undefined) return <Loading />;
  let page;
  if (!session) page = path.startsWith('/setup') ? <SetupPage /> : <LoginPage />;
  else if (session.user.mustChangePassword) page = <AccountPage mustChange />;
  // A nurse or admin past the organization's second-factor day, signed in with a password alone.
  else if (owesSecondFactor(session)) page = <SecondFactorPage session={session} />;
  else {
    page = (
      <>
        {REMINDER_PATHS.has(path) && <SecondFactorReminder session={session} />}
        <AppRoutes session={session} />
      </>
    );
  }
  return (
    <Layout session={session}>
      <Suspense fallback={<Loading />}>{page}</Suspense>
    </Layout>
  );
}

function Loading() {
  const { t } = useLingui();
  return <p className="page">{t`読み込み中…`}</p>;
}
