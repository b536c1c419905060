// Observations saved in this page since it loaded, per client, remembered in memory after their
// transaction has committed — so that the client page, mounting right after a save, paints the
// new record from memory in its first frame instead of waiting for its first IndexedDB reads
// (issue 14: save ≤ 50 ms from 保存 to the card). IndexedDB stays the truth: the page's live
// query replaces this within milliseconds.
import type { LocalObservation } from './db.js';

interface Saved {
  observation: LocalObservation;
  /** performance.now() when the transaction committed. */
  at: number;
}

const KEEP = 20;
const recent = new Map<string, Saved[]>();

/** Called once the observation's transaction has committed. */
export function rememberSaved(observation: LocalObservation): void {
  const list = recent.get(observation.clientId) ?? [];
  list.push({ observation, at: performance.now() });
  recent.set(observation.clientId, list.slice(-KEEP));
}

/** The client's observations committed after `since` (performance.now()), oldest first. */
export function savedSince(clientId: string, since: number): LocalObservation[] {
  return (recent.get(clientId) ?? []).filter((s) => s.at > since).map((s) => s.observation);
}
