import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Layout } from './Layout.js';
import { AppRoutes } from './AppRoutes.js';
import { useLocation } from 'wouter';
import { LoginPage } from '../features/session/LoginPage.js';
import { useStoredSession } from './queries.js';

const AccountPage = lazy(() => import('../features/session/AccountPage.js').then((m) => ({ default: m.AccountPage })));
const SetupPage = lazy(() => import('../features/session/SetupPage.js').then((m) => ({ default: m.SetupPage })));

const queryClient = new QueryClient({
  defaultOptions: { queries: { networkMode: 'offlineFirst', retry: 1 }, mutations: { networkMode: 'always' } },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Shell />
    </QueryClientProvider>
  );
}

function Shell() {
  const session = useStoredSession();
  const [path] = useLocation();
  if (session === undefined) return <p className="page">読み込み中…</p>;
  let page;
  if (!session) page = path.startsWith('/setup') ? <SetupPage /> : <LoginPage />;
  else if (session.user.mustChangePassword) page = <AccountPage mustChange />;
  else page = <AppRoutes session={session} />;
  return (
    <Layout session={session}>
      <Suspense fallback={<p className="page">読み込み中…</p>}>{page}</Suspense>
    </Layout>
  );
}
