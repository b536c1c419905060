// What a member may see and do with a client, by her role and her organization's relation to the
// client (PRODUCT.md "Access"): one set of rules for the server, which enforces them
// (server/access.ts), and the phone, which offers only what the server will accept (the client
// page's buttons).
import type { Role } from './codes.js';

/**
 * owner: the organization that registered the client; serving: a station linked to it (its care
 * team); none: anyone else (a station only consulted sees that consultation, not the client).
 */
export type Relation = 'owner' | 'serving' | 'none';

/** The relation, from the client as the API gives it. */
export function relationOf(orgId: string, client: { ownerOrgId: string; servedBy: readonly string[] }): Relation {
  if (client.ownerOrgId === orgId) return 'owner';
  return client.servedBy.includes(orgId) ? 'serving' : 'none';
}

/**
 * Reads the client's records (observations and their photos, consultations, a FHIR export):
 * members of the owner and nurses of a serving station. A station's admin sees the client in her
 * list, not its records (ADR 0003 stop 21).
 */
export function seesRecords(role: Role, relation: Relation): boolean {
  return relation === 'owner' || (relation === 'serving' && role === 'nurse');
}

export function mayRecordObservation(role: Role, relation: Relation): boolean {
  if (relation === 'owner') return role === 'carer' || role === 'admin';
  if (relation === 'serving') return role === 'nurse';
  return false;
}

export function mayOpenConsultation(role: Role, relation: Relation): boolean {
  return relation === 'owner' && (role === 'carer' || role === 'admin');
}

export function maySetUsualValues(role: Role, relation: Relation): boolean {
  return relation === 'serving' && role === 'nurse';
}

/**
 * Records that leave the app (a FHIR export): nurses and admins, never carers (ADR 0010) — of
 * what they see: a serving station's admin sees no records, so she has nothing to export.
 * (A station only consulted exports what it was asked about: server/routes/fhir.ts.)
 */
export function mayExportRecords(role: Role, relation: Relation): boolean {
  return (role === 'nurse' || role === 'admin') && seesRecords(role, relation);
}
