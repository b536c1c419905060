// The nurse's Japanese I-SBAR-C draft, written from codes (src/shared/sbar.ts), as the form sends
// it and as a reader of another language recognises it afterwards: what still equals the draft
// was composed from codes, so it can be composed again in the reader's language. Pure.
import { REQUEST_KIND_CODES, type RequestKind } from '../../../shared/codes.js';
import { draftSbar, REQUEST_SENTENCE, type DraftObservation } from '../../../shared/sbar.js';
import type { Sbar } from '../../../shared/schemas.js';
import { sameLanguage } from '../../i18n/text-lang.js';

/** The draft's default 評価（A）: the carer does not know. */
export const DEFAULT_ASSESSMENT = 'わからない';

/**
 * The observations as the draft cites them: a note in another language is not pasted into
 * Japanese text (the nurse reads it on the cited observation, marked with its language).
 */
export function draftObservations<T extends DraftObservation & { lang?: string | undefined }>(cited: readonly T[]): DraftObservation[] {
  return cited.map((o) => (o.lang && !sameLanguage(o.lang, 'ja') ? { ...o, note: null } : o));
}

const OPENING_END = 'さんについてご相談です。';

/**
 * Which Japanese fields of a stored I-SBAR-C are exactly what the app composed from codes (the
 * cited observations, the kind of request), whoever the reporter was. A field that a
 * Japanese-reading carer edited is free text, and stays as written.
 */
export function composedFields(
  sbar: Sbar,
  clientName: string,
  cited: readonly (DraftObservation & { lang?: string | undefined })[],
): { situation: boolean; background: boolean; assessment: boolean; request: RequestKind | null } {
  const isJa = (lang: string | undefined) => lang === undefined || sameLanguage(lang, 'ja');
  const lang = sbar.lang ?? {};
  // The opening names the reporter (「〇〇の△△です。」): compare only what follows it.
  const d = draftSbar({ reporter: '', reporterOrg: '', clientName, observations: draftObservations(cited) });
  const opening = `のです。${clientName}${OPENING_END}`;
  const tail = d.situation.slice(opening.length);
  const head = tail ? sbar.situation.slice(0, -tail.length) : sbar.situation;
  const situation = isJa(lang.situation) && sbar.situation.endsWith(tail) && head.endsWith(`${clientName}${OPENING_END}`) && !head.includes('\n');
  const background = isJa(lang.background) && sbar.background === d.background;
  const assessment = isJa(lang.assessment) && sbar.assessment.trim() === DEFAULT_ASSESSMENT;
  const request = isJa(lang.request) ? (REQUEST_KIND_CODES.find((k) => REQUEST_SENTENCE[k] === sbar.request.trim()) ?? null) : null;
  return { situation, background, assessment, request };
}
