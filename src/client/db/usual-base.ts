// The precondition a nurse's edit of usual values travels with (docs/product.md "Usual values"):
// the server's `updatedAt` of the values the edit started from, so that an edit made over
// another person's later change is refused (409) instead of silently overwriting it.
import type { Client, Session, UsualValues, UsualValuesInput } from '../../shared/schemas.js';
import { usualEditValues, usualValuesFrom } from '../../shared/usual.js';

/**
 * Usual values as this phone holds them. A copy made by the phone's own unsent edit remembers
 * the server's values that edit started from (`basedOn`); a copy from the server has no
 * `basedOn`: its `updatedAt` is the server's. The server's answer to this phone's own edit is
 * marked `savedHere` (a later copy of the same change from the feed has the same `updatedAt`).
 */
export type LocalUsual = UsualValues & { basedOn?: string | null; savedHere?: true };

/** Values this phone's own edit set (still unsent, or as the server answered it). */
export function madeHere(usual: UsualValues): boolean {
  const local = usual as LocalUsual;
  return local.basedOn !== undefined || local.savedHere === true;
}

/** The server's answer to this phone's edit of the client's usual values, marked as made here. */
export function answeredHere(client: Client): Client {
  if (!client.usual) return client;
  const usual: LocalUsual = { ...client.usual, savedHere: true };
  return { ...client, usual };
}

/**
 * What an edit of this client's usual values starts from: the server's values the phone last
 * had, or null when the client had none. A second edit queued behind an unsent first one starts
 * from where the first did (the server does not count the same nurse's own changes against her).
 */
export function usualBase(client: Pick<Client, 'usual'>): string | null {
  const usual = client.usual as LocalUsual | undefined;
  if (!usual) return null;
  return usual.basedOn !== undefined ? usual.basedOn : usual.updatedAt;
}

/**
 * A nurse's edit of the client's usual values as this phone holds it until the server answers:
 * the client shown with them at once, and the body the PUT sends, both from where the edit starts.
 */
export function usualEdit<C extends Pick<Client, 'usual' | 'spo2Scale'>>(
  client: C,
  input: UsualValuesInput,
  by: { session: Session; now: Date },
): { client: C; body: UsualValuesInput } {
  const basedOn = usualBase(client);
  const values = usualEditValues(input);
  const usual: LocalUsual = {
    ...usualValuesFrom(values, { updatedAt: by.now.toISOString(), updatedBy: by.session.user.id, updatedByName: by.session.user.name }),
    basedOn,
  };
  return { client: { ...client, usual, spo2Scale: input.spo2Scale }, body: { ...values, basedOn } };
}
