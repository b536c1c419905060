import { Route, Switch, useSearch } from 'wouter';
import type { Session } from '../../shared/schemas.js';
import { ClientListPage } from '../features/clients/ClientListPage.js';
import { ClientPage } from '../features/clients/ClientPage.js';
import { useClientQuery } from '../features/clients/queries.js';
import { ConsultationFormPage } from '../features/consultations/ConsultationFormPage.js';
import { ConsultationPage } from '../features/consultations/ConsultationPage.js';
import { ObservationPage } from '../features/observations/ObservationPage.js';
import { LoginPage } from '../features/session/LoginPage.js';
import { TriagePage } from '../features/triage/TriagePage.js';

export function AppRoutes({ session }: { session: Session }) {
  const isNurse = session.user.role === 'nurse';
  // Everyone who sees a client may record; only the provider's staff open consultations.
  const canConsult = session.user.role !== 'nurse';
  return (
    <Switch>
      <Route path="/">{isNurse ? <TriagePage orgId={session.user.orgId} /> : <ClientListPage />}</Route>
      <Route path="/clients">
        <ClientListPage />
      </Route>
      <Route path="/login">
        <LoginPage again />
      </Route>
      <Route path="/clients/:id">{(p) => <ClientPage clientId={p.id} canConsult={canConsult} />}</Route>
      <Route path="/clients/:id/observe">
        {(p) => <WithClient id={p.id}>{(client) => <ObservationPage client={client} session={session} />}</WithClient>}
      </Route>
      <Route path="/clients/:id/consult">{(p) => <ConsultRoute id={p.id} session={session} />}</Route>
      <Route path="/consultations/:id">{(p) => <ConsultationPage id={p.id} session={session} />}</Route>
      <Route>
        <main className="page">
          <p>このページは見つかりません。</p>
        </main>
      </Route>
    </Switch>
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

function WithClient({ id, children }: { id: string; children: (c: NonNullable<ReturnType<typeof useClientQuery>>) => React.ReactNode }) {
  const client = useClientQuery(id);
  if (client === undefined) return <main className="page">読み込み中…</main>;
  return <>{children(client)}</>;
}
