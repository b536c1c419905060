// Small key-value facts kept on the phone: the session, the sync cursor, sync state.
import * as z from 'zod/mini';
import { SessionSchema, type Session } from '../../shared/schemas.js';
import type { KizukiDb } from './db.js';

export const SyncStateSchema = z.object({
  lastSuccessAt: z.optional(z.string()),
  lastError: z.optional(z.string()),
  authRequired: z.optional(z.boolean()),
});
export type SyncState = z.infer<typeof SyncStateSchema>;

export async function readSession(db: KizukiDb): Promise<Session | null> {
  const row = await db.meta.get('session');
  const parsed = SessionSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : null;
}

export async function readCursor(db: KizukiDb): Promise<string | undefined> {
  const row = await db.meta.get('cursor');
  return typeof row?.value === 'string' ? row.value : undefined;
}

export async function readSyncState(db: KizukiDb): Promise<SyncState> {
  const row = await db.meta.get('sync');
  const parsed = SyncStateSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : {};
}

export async function updateSyncState(db: KizukiDb, patch: Partial<SyncState>): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const current = await readSyncState(db);
    await db.meta.put({ key: 'sync', value: { ...current, ...patch } });
  });
}
