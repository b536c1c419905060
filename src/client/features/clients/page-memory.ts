// What the client page last showed, kept in memory when it unmounts: coming back (after 保存
// above all) the page paints at once from it — plus any observation saved since — and its live
// queries then replace it with what IndexedDB holds (issue 14, save ≤ 50 ms).
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

export function remember<T>(cache: Map<string, Remembered<T>>, key: string, value: T): T {
  cache.set(key, { value, at: performance.now() });
  return value;
}

/** What the timeline shows in its first frame: the last answer, with the observations saved since on top. */
export function timelineAtMount(clientId: string, limit: number): Timeline | undefined {
  const last = lastTimeline.get(clientId);
  if (!last) return undefined;
  const have = new Set(last.value.observations.map((o) => o.id));
  const saved = savedSince(clientId, last.at).filter((o) => !have.has(o.id));
  if (saved.length === 0) return last.value;
  return {
    ...last.value,
    observations: [...saved, ...last.value.observations].sort((a, b) => b.observedAt.localeCompare(a.observedAt)).slice(0, limit),
    observationCount: last.value.observationCount + saved.length,
  };
}
