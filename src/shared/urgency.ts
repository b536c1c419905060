// Suggested urgency of a consultation (PRODUCT.md "Consultation"). Pure.
import type { SoftSign, Urgency } from './codes.js';
import { URGENCIES } from './codes.js';
import type { News2 } from './news2.js';
import type { UsualValues, Vitals } from './schemas.js';
import { departures } from './usual.js';

const TODAY_SIGNS: readonly SoftSign[] = ['fall', 'breathing', 'confused', 'colour'];

export interface ScoredObservation {
  news2: News2;
  softSigns: readonly SoftSign[];
  /** The measured values, compared with the client's usual values. */
  vitals?: Vitals;
}

/**
 * `usual`: the client's usual values (set by a nurse). A vital far from them raises the
 * suggestion to at least `today`, so that 「NEWS2 0点」 with a fever of +1.6 ℃ is not 共有のみ.
 */
export function suggestUrgencyFor(o: ScoredObservation, usual?: UsualValues): Urgency {
  if (o.news2.score >= 5 || o.news2.redFlag) return 'immediate';
  if (o.news2.score >= 1) return 'today';
  if (o.softSigns.some((s) => TODAY_SIGNS.includes(s))) return 'today';
  if (o.vitals && departures(usual, o.vitals).length > 0) return 'today';
  if (o.softSigns.length > 0) return 'within_days';
  return 'fyi';
}

/** The most urgent suggestion among the cited observations wins; none cited → fyi. */
export function suggestUrgency(observations: readonly ScoredObservation[], usual?: UsualValues): Urgency {
  let best = URGENCIES.indexOf('fyi');
  for (const o of observations) best = Math.min(best, URGENCIES.indexOf(suggestUrgencyFor(o, usual)));
  return URGENCIES[best] ?? 'fyi';
}

/** NEWS2 ≥ 7: show the client's emergency plan / 119 guidance before sending. */
export function needsEmergencyGuidance(observations: readonly ScoredObservation[]): boolean {
  return observations.some((o) => o.news2.score >= 7);
}

export function urgencyRank(u: Urgency): number {
  return URGENCIES.indexOf(u);
}
