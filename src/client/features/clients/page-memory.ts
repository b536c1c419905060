// What the client page last showed, kept in memory when it unmounts: coming back the page paints
// at once from it — plus any observation saved since — and its live queries then replace it with
// what IndexedDB holds. An observation saved while the page is mounted (pre-rendered under the
// observation form) joins its timeline the same way, as soon as its transaction commits, without
// waiting for the live query's next answer (issue 14, save ≤ 50 ms).
import type { Client } from '../../../shared/schemas.js';
import type { LocalConsultation, LocalObservation } from '../../db/db.js';
import { savedSince } from '../../db/recent-saves.js';
import type { UnreadAnswer } from './queries.js';

interface Remembered<T> {
  value: T;
  /** performance.now() when the query answered. */
  at: number;
}

export interface Timeline {
  observations: LocalObservation[];
  observationCount: number;
  consultations: LocalConsultation[];
  photos: Map<string, Blob>;
}

export const lastClient = new Map<string, Remembered<Client | null>>();
export const lastTimeline = new Map<string, Remembered<Timeline>>();
export const lastUnread = new Map<string, Remembered<UnreadAnswer[]>>();
/** performance.now() as of which each timeline value holds every committed save. */
const upTo = new WeakMap<Timeline, number>();

export function remember<T>(cache: Map<string, Remembered<T>>, key: string, value: T): T {
  const at = performance.now();
  cache.set(key, { value, at });
  if (cache === (lastTimeline as Map<string, unknown>)) upTo.set(value as Timeline, at);
  return value;
}

/**
 * A timeline with the observations saved since it was read on top (the same value when there
 * are none). A value not read here (never the case in the app) is taken as it is.
 */
export function withSavedSince(clientId: string, timeline: Timeline, limit: number): Timeline {
  const since = upTo.get(timeline);
  if (since === undefined) return timeline;
  const have = new Set(timeline.observations.map((o) => o.id));
  const saved = savedSince(clientId, since).filter((o) => !have.has(o.id));
  if (saved.length === 0) return timeline;
  const merged = {
    ...timeline,
    observations: [...saved, ...timeline.observations].sort((a, b) => b.observedAt.localeCompare(a.observedAt)).slice(0, limit),
    observationCount: timeline.observationCount + saved.length,
  };
  upTo.set(merged, performance.now());
  return merged;
}

/** What the timeline shows in its first frame: the last answer, with the observations saved since on top. */
export function timelineAtMount(clientId: string, limit: number): Timeline | undefined {
  const last = lastTimeline.get(clientId);
  return last && withSavedSince(clientId, last.value, limit);
}
