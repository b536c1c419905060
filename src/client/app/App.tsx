import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Layout } from './Layout.js';
import { AppRoutes } from './AppRoutes.js';
import { LoginPage } from '../features/session/LoginPage.js';
import { useStoredSession } from './queries.js';

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
  if (session === undefined) return <p className="page">読み込み中…</p>;
  return <Layout session={session}>{session ? <AppRoutes session={session} /> : <LoginPage />}</Layout>;
}
