// Observations saved in this page since it loaded, per client, remembered in memory after their
// transaction has committed — so that the client page, mounted (or pre-rendered) when the save
// commits, paints the new record from memory at once instead of waiting for its IndexedDB
// queries (issue 14: save ≤ 50 ms from 保存 to the card). IndexedDB stays the truth: the page's
// live query replaces this within milliseconds.
import type { LocalObservation } from './db.js';

interface Saved {
  observation: LocalObservation;
  /** performance.now() when the transaction committed. */
  at: number;
}

const KEEP = 20;
const recent = new Map<string, Saved[]>();
let version = 0;
const listeners = new Set<() => void>();

/** Called once the observation's transaction has committed. */
export function rememberSaved(observation: LocalObservation): void {
  const list = recent.get(observation.clientId) ?? [];
  list.push({ observation, at: performance.now() });
  recent.set(observation.clientId, list.slice(-KEEP));
  version++;
  for (const l of listeners) l();
}

/** The client's observations committed after `since` (performance.now()), oldest first. */
export function savedSince(clientId: string, since: number): LocalObservation[] {
  return (recent.get(clientId) ?? []).filter((s) => s.at > since).map((s) => s.observation);
}

/** For useSyncExternalStore: told of every save that commits. */
export function subscribeSaved(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** For useSyncExternalStore: changes with every save that commits. */
export function savedVersion(): number {
  return version;
}
