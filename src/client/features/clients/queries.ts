import { useMemo, useState, useSyncExternalStore } from 'react';
import type { KizukiDb, LocalConsultation, LocalMessage } from '../../db/db.js';
import { photosOnPhone } from '../../db/photos.js';
import { useLiveQuery } from '../../hooks/use-live-query.js';
import { readSession } from '../../db/meta.js';
import { savedVersion, subscribeSaved } from '../../db/recent-saves.js';
import { useAfterFirstPaint } from '../../hooks/use-after-first-paint.js';
import { lastClient, lastTimeline, lastUnread, remember, timelineAtMount, withSavedSince, type Timeline } from './page-memory.js';

/**
 * The clients, by kana; undefined while loading — and also while the first sync after sign-in
 * has not answered once, so that an empty list is never read as 「まだ利用者がいません」 too early.
 */
export function useClientsQuery() {
  return useLiveQuery(
    async (db) => {
      const clients = (await db.clients.orderBy('id').toArray()).sort(byKana);
      if (clients.length === 0 && !(await db.meta.get('cursor'))) return undefined;
      return clients;
    },
    [],
    undefined,
  );
}

/**
 * The carer's read state of answers, kept on this phone: `answerSeen:<consultationId>` → the
 * createdAt of the newest answer opened. Written by features/consultations/queries.ts
 * (markAnswerSeen); keep the key in step.
 */
const ANSWER_SEEN = 'answerSeen:';

export interface UnreadAnswer {
  consultation: LocalConsultation;
  answer: LocalMessage;
}

/**
 * Answers the carer has not opened yet: the newest nurse message of each consultation still
 * open, newer than the one last opened here. Nurses get none (the answers are their own).
 */
async function unreadAnswers(db: KizukiDb, consultations: LocalConsultation[]): Promise<UnreadAnswer[]> {
  const session = await readSession(db);
  if (!session || session.user.role === 'nurse') return [];
  const seenRows = await db.meta.where('key').startsWith(ANSWER_SEEN).toArray();
  const seen = new Map(seenRows.map((r) => [r.key.slice(ANSWER_SEEN.length), r.value]));
  return consultations.flatMap((k) => {
    if (k.status === 'closed') return [];
    const answer = [...k.messages].reverse().find((m) => m.kind === 'message' && m.role === 'nurse');
    if (!answer) return [];
    const at = seen.get(k.id);
    return typeof at === 'string' && at >= answer.createdAt ? [] : [{ consultation: k, answer }];
  });
}

/** 「回答あり N件」 per client: how many of its consultations carry an answer not opened yet. */
export function useUnreadAnswerCounts() {
  return useLiveQuery(
    async (db) => {
      const counts = new Map<string, number>();
      for (const u of await unreadAnswers(db, await db.consultations.toArray())) {
        counts.set(u.consultation.clientId, (counts.get(u.consultation.clientId) ?? 0) + 1);
      }
      return counts;
    },
    [],
    new Map<string, number>(),
  );
}

/** One client's unopened answers, newest first. */
export function useClientUnreadAnswers(clientId: string, covered = false) {
  const [remembered] = useState(() => lastUnread.get(clientId)?.value);
  const wait = useWaitForPaint(remembered, covered && lastUnread.has(clientId));
  return useLiveQuery(
    async (db) =>
      wait
        ? (lastUnread.get(clientId)?.value ?? remembered ?? [])
        : remember(
            lastUnread,
            clientId,
            (await unreadAnswers(db, await db.consultations.where('clientId').equals(clientId).toArray())).sort((a, b) =>
              b.answer.createdAt.localeCompare(a.answer.createdAt),
            ),
          ),
    [clientId, wait],
    remembered ?? [],
  );
}

/**
 * True until the page's first frame has painted, when what the page last showed is remembered:
 * that frame is painted from memory, and the page's IndexedDB queries (each run twice on mount by
 * useLiveQuery: once during the render, once subscribed) start right after it, not before it.
 */
function useWaitForPaint(remembered: unknown, covered = false): boolean {
  const painted = useAfterFirstPaint();
  const [hadMemory] = useState(remembered !== undefined);
  // Under the observation form, and in the frame that shows the page after 保存, the page reads
  // nothing either (with an answer to show): a save's commit sets off no query before its card
  // has painted (the card comes from memory, withSavedSince).
  const shown = useAfterFirstPaint(covered);
  const [held, setHeld] = useState(covered);
  if (covered && !held) setHeld(true);
  return (hadMemory && !painted) || (held && !shown);
}

function byKana(a: { kana?: string; name: string }, b: { kana?: string; name: string }) {
  return (a.kana ?? a.name).localeCompare(b.kana ?? b.name, 'ja');
}

/** The client, null when not known here, undefined while loading or before the first sync. */
export function useClientQuery(id: string, covered = false) {
  const [initial] = useState(() => lastClient.get(id)?.value);
  const wait = useWaitForPaint(initial, covered && lastClient.has(id));
  return useLiveQuery(
    async (db) => {
      if (wait) return lastClient.get(id)?.value ?? initial;
      const client = await db.clients.get(id);
      if (client) return remember(lastClient, id, client);
      // Right after sign-in nothing has arrived yet: that is "loading", not "not found".
      return (await db.meta.get('cursor')) ? remember(lastClient, id, null) : undefined;
    },
    [id, wait],
    initial,
  );
}

/**
 * The newest `limit` observations of one client and all its consultations, newest first. Only
 * what is shown is read, so a client with thousands of observations opens as fast as a new one.
 * An observation saved on this phone is on top from the moment its transaction commits (from
 * memory, db/recent-saves.ts), before the live query has read it again.
 */
export function useClientTimelineQuery(clientId: string, limit: number, covered = false) {
  const [initial] = useState(() => timelineAtMount(clientId, limit));
  const wait = useWaitForPaint(initial, covered && lastTimeline.has(clientId));
  const saves = useSyncExternalStore(subscribeSaved, savedVersion);
  const read = useLiveQuery(
    async (db): Promise<Timeline | undefined> => {
      if (wait) return lastTimeline.get(clientId)?.value ?? initial;
      const range = db.observations.where('[clientId+observedAt]').between([clientId, ''], [clientId, '\uffff']);
      const [observations, observationCount, consultations] = await Promise.all([
        range.clone().reverse().limit(limit).toArray(),
        range.clone().count(),
        db.consultations.where('clientId').equals(clientId).toArray(),
      ]);
      consultations.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
      // Photos still on this phone are shown from here; others load from the server.
      const photos = await photosOnPhone(db, observations.map((o) => o.id));
      return remember(lastTimeline, clientId, { observations, observationCount, consultations, photos });
    },
    [clientId, limit, wait],
    initial,
  );
  return useMemo(
    () => read && withSavedSince(clientId, read, limit),
    // `saves` says when memory holds a newer save than `read`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [clientId, read, limit, saves],
  );
}

