// Routes. Only the client list ships in the first download; every other page (and the
// nurse's views) loads on demand, and the service worker precaches them all for offline use.
import { useLingui } from '@lingui/react/macro';
import { lazy, Suspense } from 'react';
import { Route, Switch, useSearch } from 'wouter';
import type { Session } from '../../shared/schemas.js';
import { ClientListPage } from '../features/clients/ClientListPage.js';
import { LoginPage } from '../features/session/LoginPage.js';
import { ClientRoute, CLIENT_ROUTE } from './ClientRoute.js';
import { Loading, WithClient } from './WithClient.js';

const ConsultationFormPage = lazy(() =>
  import('../features/consultations/ConsultationFormPage.js').then((m) => ({ default: m.ConsultationFormPage })),
);
const ConsultationPage = lazy(() =>
  import('../features/consultations/ConsultationPage.js').then((m) => ({ default: m.ConsultationPage })),
);
const TriagePage = lazy(() => import('../features/triage/TriagePage.js').then((m) => ({ default: m.TriagePage })));
const InstallHelpPage = lazy(() =>
  import('../features/settings/InstallHelpPage.js').then((m) => ({ default: m.InstallHelpPage })),
);
const FeedbackPage = lazy(() =>
  import('../features/consultations/FeedbackPage.js').then((m) => ({ default: m.FeedbackPage })),
);
const AdminPage = lazy(() => import('../features/admin/AdminPage.js').then((m) => ({ default: m.AdminPage })));
const StaffPage = lazy(() => import('../features/admin/StaffPage.js').then((m) => ({ default: m.StaffPage })));
const ClientsAdminPage = lazy(() =>
  import('../features/admin/ClientsAdminPage.js').then((m) => ({ default: m.ClientsAdminPage })),
);
const AuditPage = lazy(() => import('../features/admin/AuditPage.js').then((m) => ({ default: m.AuditPage })));
const AccountPage = lazy(() => import('../features/session/AccountPage.js').then((m) => ({ default: m.AccountPage })));
const DisasterSheetPage = lazy(() =>
  import('../features/clients/DisasterSheetPage.js').then((m) => ({ default: m.DisasterSheetPage })),
);
const CasePage = lazy(() => import('../features/records/CasePage.js').then((m) => ({ default: m.CasePage })));
const MenuPage = lazy(() => import('./MenuPage.js').then((m) => ({ default: m.MenuPage })));
const SyncPage = lazy(() => import('../features/settings/SyncPage.js').then((m) => ({ default: m.SyncPage })));

export function AppRoutes({ session }: { session: Session }) {
  const { t } = useLingui();
  const isNurse = session.user.role === 'nurse';
  return (
    <Suspense fallback={<Loading />}>
      <Switch>
        <Route path="/">{isNurse ? <TriagePage orgId={session.user.orgId} /> : <ClientListPage />}</Route>
        <Route path="/clients">
          <ClientListPage />
        </Route>
        <Route path="/login">
          <LoginPage again />
        </Route>
        <Route path="/sync">
          <SyncPage />
        </Route>
        <Route path="/feedback">
          <FeedbackPage orgId={session.user.orgId} userId={session.user.id} />
        </Route>
        <Route path="/menu">
          <MenuPage session={session} />
        </Route>
        <Route path="/account">
          <AccountPage />
        </Route>
        {session.user.role === 'admin' && (
          <>
            <Route path="/admin">
              <AdminPage />
            </Route>
            <Route path="/admin/staff">
              <StaffPage />
            </Route>
            <Route path="/admin/clients">
              <ClientsAdminPage />
            </Route>
            <Route path="/admin/audit">
              <AuditPage />
            </Route>
          </>
        )}
        <Route path="/install">
          <InstallHelpPage />
        </Route>
        {/* The client page and its observation form: one route, so that 保存 mounts no page. */}
        <Route path={CLIENT_ROUTE}>
          {(p: { id?: string; observe?: string }) =>
            p.id && <ClientRoute key={p.id} id={p.id} observing={p.observe !== undefined} session={session} />
          }
        </Route>
        <Route path="/clients/:id/disaster">{(p) => <DisasterSheetPage clientId={p.id} />}</Route>
        <Route path="/clients/:id/consult">{(p) => <ConsultRoute id={p.id} session={session} />}</Route>
        <Route path="/consultations/:id/case">{(p) => <CasePage consultationId={p.id} />}</Route>
        <Route path="/consultations/:id">{(p) => <ConsultationPage id={p.id} session={session} />}</Route>
        <Route>
          <main className="page">
            <p>{t`このページは見つかりません。`}</p>
          </main>
        </Route>
      </Switch>
    </Suspense>
  );
}

function ConsultRoute({ id, session }: { id: string; session: Session }) {
  const obs = new URLSearchParams(useSearch()).get('obs') ?? undefined;
  return (
    <WithClient id={id}>
      {(client) => <ConsultationFormPage client={client} session={session} {...(obs ? { observationId: obs } : {})} />}
    </WithClient>
  );
}
