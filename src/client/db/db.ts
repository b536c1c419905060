// The phone's database (IndexedDB through Dexie). Schema versions only move forward.
// Strict durability: a saved observation is on disk before we say 保存しました.
import { Dexie, type EntityTable } from 'dexie';
import type { Client, Consultation, Message, Observation, Organization, Session } from '../../shared/schemas.js';
import type { ProblemError } from '../../shared/schemas.js';

export interface LocalObservation extends Observation {
  /** false while it exists only on this phone. */
  synced: boolean;
}

export interface LocalMessage extends Message {
  pending?: boolean;
}

export interface LocalConsultation extends Omit<Consultation, 'messages'> {
  messages: LocalMessage[];
  synced: boolean;
  /** Local sort key: the newest activity (ISO). */
  updatedAt: string;
}

/** A photo taken with an observation: kept on the phone, sent through the outbox. */
export interface LocalPhoto {
  observationId: string;
  blob: Blob;
  contentType: 'image/jpeg';
  synced: boolean;
}

export type OutboxState = 'pending' | 'rejected';

export interface OutboxEntry {
  seq?: number;
  entityType: 'observation' | 'consultation' | 'message' | 'usual' | 'photo';
  /** The entity this write belongs to (a message → its consultation; usual values → the client). */
  entityId: string;
  method: 'PUT';
  url: string;
  body: unknown;
  createdAt: string;
  state: OutboxState;
  attempts: number;
  error?: { status: number; detail: string; errors?: ProblemError[] };
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export class KizukiDb extends Dexie {
  meta!: EntityTable<MetaRow, 'key'>;
  organizations!: EntityTable<Organization, 'id'>;
  clients!: EntityTable<Client, 'id'>;
  observations!: EntityTable<LocalObservation, 'id'>;
  consultations!: EntityTable<LocalConsultation, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  photos!: EntityTable<LocalPhoto, 'observationId'>;

  constructor(name = 'kizuki') {
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      meta: 'key',
      organizations: 'id',
      clients: 'id',
      observations: 'id, clientId, [clientId+observedAt]',
      consultations: 'id, clientId, toOrgId, updatedAt',
      outbox: '++seq, entityId, state',
    });
    // 2: photos. A new table only: existing rows are untouched, so an old tab loses nothing.
    this.version(2).stores({ photos: 'observationId' });
  }
}

let instance: KizukiDb | undefined;
let onUpgradeElsewhere: () => void = () => undefined;

/** The one database of this page or service worker. */
export function getDb(): KizukiDb {
  if (!instance) {
    instance = new KizukiDb();
    // A newer version of the app wants to upgrade the schema: step aside. Everything typed is
    // already in the database (drafts included), so the page can reload into the new version.
    instance.on('versionchange', () => {
      instance?.close();
      onUpgradeElsewhere();
      return false;
    });
  }
  return instance;
}

/** What to do when another tab or worker upgrades the schema (the page reloads). */
export function setOnUpgradeElsewhere(fn: () => void): void {
  onUpgradeElsewhere = fn;
}

export type { Session };
