// Who sees what and who may do what (PRODUCT.md "Access"). Routes ask this module, which reads
// the actor's relation to a client and applies the rules by role that the phone shares
// (shared/access-rules.ts); the changes feed uses the same rule in SQL (store/changes.ts).
//   - owner: the organization that registered the client (its carers and admins see and act);
//   - serving: a station linked to the client: the organization sees the client itself (the
//     list, the care team); its nurses see and act on the records;
//   - a station a consultation was sent to: its nurses see that consultation, its messages, the
//     observations it cites and the client's name — nothing else.
// A station's admin reads no client's records (PRODUCT.md: "Carers and admins of the owner, and
// nurses of linked stations, see the client's observations and consultations"; ADR 0003 stop 21).
// Invisible → 404, visible but forbidden → 403.
import * as rules from '../shared/access-rules.js';
import type { Relation } from '../shared/access-rules.js';
import type { Role } from '../shared/codes.js';
import type { Side } from '../shared/status.js';
import type { Db } from './store/db.js';
import type { ConsultationRow, ObservationRow } from './store/records.js';
import { sql } from './store/sql.js';

export interface Actor {
  id: string;
  name: string;
  role: Role;
  orgId: string;
}

export type { Relation };

export async function relationToClient(db: Db, actor: Actor, clientId: string): Promise<Relation> {
  return (await recordingContext(db, actor, clientId))?.relation ?? 'none';
}

/**
 * The actor's relation to the client and the client's SpO2 scale (NEWS2), in one read: what
 * recording an observation needs. Undefined when there is no such client.
 */
export async function recordingContext(
  db: Db,
  actor: Actor,
  clientId: string,
): Promise<{ relation: Relation; spo2Scale: 1 | 2 } | undefined> {
  const row = await sql(
    db,
    `SELECT owner_org_id = @org AS owner,
            EXISTS (SELECT 1 FROM care_links WHERE client_id = @client AND org_id = @org) AS serving,
            spo2_scale
     FROM clients WHERE id = @client`,
  ).get({ org: actor.orgId, client: clientId }) as { owner: number | boolean; serving: number | boolean; spo2_scale: 1 | 2 } | undefined;
  if (!row) return undefined;
  return { relation: row.owner ? 'owner' : row.serving ? 'serving' : 'none', spo2Scale: row.spo2_scale };
}

export async function canSeeClient(db: Db, actor: Actor, clientId: string): Promise<boolean> {
  return await relationToClient(db, actor, clientId) !== 'none';
}

/** Whether the actor reads the client's records (shared/access-rules.ts: not a station's admin). */
export function seesRecords(actor: Actor, relation: Relation): boolean {
  return rules.seesRecords(actor.role, relation);
}

export async function canSeeObservation(db: Db, actor: Actor, o: ObservationRow): Promise<boolean> {
  if (seesRecords(actor, await relationToClient(db, actor, o.client_id))) return true;
  // Cited by a consultation sent to the actor's station: its nurses read it.
  if (actor.role !== 'nurse') return false;
  return !!await sql(
    db,
    `SELECT 1 FROM consultation_observations co JOIN consultations k ON k.id = co.consultation_id
     WHERE co.observation_id = ? AND k.to_org_id = ?`,
  ).get(o.id, actor.orgId);
}

export async function canSeeConsultation(db: Db, actor: Actor, k: ConsultationRow): Promise<boolean> {
  if (k.to_org_id === actor.orgId && actor.role === 'nurse') return true;
  return seesRecords(actor, await relationToClient(db, actor, k.client_id));
}

export function mayRecordObservation(actor: Actor, relation: Relation): boolean {
  return rules.mayRecordObservation(actor.role, relation);
}

export function mayOpenConsultation(actor: Actor, relation: Relation): boolean {
  return rules.mayOpenConsultation(actor.role, relation);
}

export function maySetUsualValues(actor: Actor, relation: Relation): boolean {
  return rules.maySetUsualValues(actor.role, relation);
}

/** Registering a client and choosing its care team: admins of the owner (a serving station sees the client: 403). */
export function mayManageClient(actor: Actor, relation: Relation): boolean {
  return relation === 'owner' && actor.role === 'admin';
}

/** Which side of a consultation the actor speaks for, or null when they may not post to it. */
export async function sideIn(db: Db, actor: Actor, k: ConsultationRow): Promise<Side | null> {
  const relation = await relationToClient(db, actor, k.client_id);
  if (relation === 'owner' && (actor.role === 'carer' || actor.role === 'admin')) return 'provider';
  if (actor.role === 'nurse' && (k.to_org_id === actor.orgId || relation === 'serving')) return 'station';
  return null;
}

/** Consultations about the client sent to the actor's station (what its nurses see when it only was consulted). */
export async function wasConsultedAbout(db: Db, actor: Actor, clientId: string): Promise<boolean> {
  if (actor.role !== 'nurse') return false;
  return !!await sql(db, 'SELECT 1 FROM consultations WHERE client_id = ? AND to_org_id = ? LIMIT 1').get(clientId, actor.orgId);
}

/** A FHIR export of what the actor sees (shared/access-rules.ts): nurses and admins, never carers. */
export function mayExportRecords(actor: Actor, relation: Relation): boolean {
  return rules.mayExportRecords(actor.role, relation);
}

/** A de-identified case for 事例検討会 is made by a nurse who could see the consultation. */
export function mayMakeCase(actor: Actor): boolean {
  return actor.role === 'nurse';
}
