// The keys of the half-filled forms kept on the phone (hooks/use-draft.ts): `draft:<form>:<clientId>…`.
// The forms build their keys here and the sync engine reads the client back from a key, so that
// a client whose access ended takes its drafts with it (sync/access-ended.ts).

/** Every draft row in db.meta starts with this. */
export const DRAFT_PREFIX = 'draft:';

/** A form about one client: its observation form, its consultation form. */
export type ClientForm = 'observation' | 'consultation';

/** The draft key (without DRAFT_PREFIX) of a client's form; `rest` tells several drafts of one form apart. */
export function clientDraftKey(form: ClientForm, clientId: string, ...rest: string[]): string {
  return [form, clientId, ...rest].join(':');
}

/** The client a stored draft row (`draft:…`) is about, or undefined for another key. */
export function draftClientId(metaKey: string): string | undefined {
  if (!metaKey.startsWith(DRAFT_PREFIX)) return undefined;
  const [form, clientId] = metaKey.slice(DRAFT_PREFIX.length).split(':');
  return (form === 'observation' || form === 'consultation') && clientId ? clientId : undefined;
}
