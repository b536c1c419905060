// Administration needs the network: these read and write the server directly.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { ClientSchema, StaffSchema, type ClientRegistration, type StaffInput } from '../../../shared/schemas.js';
import { useLiveQuery } from '../../hooks/use-live-query.js';
import { getDb } from '../../db/db.js';
import { api } from '../../net/api.js';
import { refreshSession } from '../../sync/session-refresh.js';
import { newId } from '../../ui/uuid.js';

export function useStaffQuery() {
  return useQuery({ queryKey: ['admin', 'users'], queryFn: async () => z.array(StaffSchema).parse(await api('/api/admin/users')) });
}

export function useSaveStaffMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id?: string; input: StaffInput }) => api(`/api/admin/users/${v.id ?? newId()}`, { method: 'PUT', body: v.input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'users'] }),
  });
}

export function useResetPasswordMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; password: string }) => api(`/api/admin/users/${v.id}/password`, { method: 'POST', body: { password: v.password } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'users'] }),
  });
}

export function useOwnClientsQuery() {
  return useQuery({ queryKey: ['admin', 'clients'], queryFn: async () => z.array(ClientSchema).parse(await api('/api/admin/clients')) });
}

export function useSaveClientMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id?: string; input: ClientRegistration }) => api(`/api/admin/clients/${v.id ?? newId()}`, { method: 'PUT', body: v.input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'clients'] }),
  });
}

export function useCareTeamMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { clientId: string; stationIds: string[] }) =>
      api(`/api/admin/clients/${v.clientId}/stations`, { method: 'PUT', body: { stationIds: v.stationIds } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'clients'] }),
  });
}

const AuditRowSchema = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.nullable(z.string()),
  userName: z.nullable(z.string()),
  action: z.string(),
  entityType: z.string(),
  entityId: z.nullable(z.string()),
  status: z.number(),
});

export function useAuditQuery() {
  return useQuery({ queryKey: ['admin', 'audit'], queryFn: async () => z.array(AuditRowSchema).parse(await api('/api/admin/audit')) });
}

export function useStationsQuery() {
  return useLiveQuery(
    async () => (await getDb().organizations.toArray()).filter((o) => o.kind === 'visiting_nursing' || o.kind === 'medical_daycare'),
    [],
    [],
  );
}

const SecondFactorSettingSchema = z.object({ requiredFrom: z.string() });

/** From which day the organization's nurses and admins need a passkey (server/second-factor.ts). */
export function useSecondFactorSettingQuery() {
  return useQuery({
    queryKey: ['admin', 'second-factor'],
    queryFn: async () => SecondFactorSettingSchema.parse(await api('/api/admin/second-factor')),
  });
}

export function useSaveSecondFactorMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (requiredFrom: string) =>
      SecondFactorSettingSchema.parse(await api('/api/admin/second-factor', { method: 'PUT', body: { requiredFrom } })),
    onSuccess: async (saved) => {
      qc.setQueryData(['admin', 'second-factor'], saved);
      // A day already come applies to this admin too: the refreshed session may owe a passkey.
      await refreshSession({ db: getDb(), fetch: (path, init) => fetch(path, init) });
    },
  });
}
