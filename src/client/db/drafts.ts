// The keys of the half-filled forms kept on the phone (hooks/use-draft.ts): `draft:<form>:<clientId>…`.
// The forms build their keys here and the sync engine reads the client back from a key, so that
// a client whose access ended takes its drafts with it (sync/access-ended.ts).
import type { KizukiDb } from './db.js';

/** Every draft row in db.meta starts with this. */
export const DRAFT_PREFIX = 'draft:';

/** A form about one client: its observation form, its consultation form. */
export type ClientForm = 'observation' | 'consultation';

/** The draft key (without DRAFT_PREFIX) of a client's form; `rest` tells several drafts of one form apart. */
export function clientDraftKey(form: ClientForm, clientId: string, ...rest: string[]): string {
  return [form, clientId, ...rest].join(':');
}

/**
 * The draft key of a reply being written in a consultation (the nurse's answer, the carer's
 * follow-up). Not tied to the client: a station keeps a consultation sent to it after it stops
 * serving the client (ADR 0019), and the reply being written stays with it; a sign-out wipes it.
 */
export function replyDraftKey(consultationId: string): string {
  return `reply:${consultationId}`;
}

/** The client a stored draft row (`draft:…`) is about, or undefined for another key. */
export function draftClientId(metaKey: string): string | undefined {
  if (!metaKey.startsWith(DRAFT_PREFIX)) return undefined;
  const [form, clientId] = metaKey.slice(DRAFT_PREFIX.length).split(':');
  return (form === 'observation' || form === 'consultation') && clientId ? clientId : undefined;
}

/**
 * Writes a draft row (`draft:…`). A draft about a client is written only while the client is on
 * the phone, checked in the same transaction: the drop of a client whose access ended deletes its
 * drafts in one transaction with its row, and a keystroke of a form still open then (written
 * 250 ms later, hooks/use-draft.ts) must not bring one back.
 */
export async function writeDraft(db: KizukiDb, metaKey: string, value: unknown): Promise<void> {
  const clientId = draftClientId(metaKey);
  if (!clientId) {
    await db.meta.put({ key: metaKey, value });
    return;
  }
  await db.transaction('rw', db.meta, db.clients, async () => {
    if (await db.clients.get(clientId)) await db.meta.put({ key: metaKey, value });
  });
}
