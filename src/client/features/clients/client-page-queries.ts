// What the client's own page needs beyond reading: the nurse's usual values, and open follow-ups.
import { useMutation } from '@tanstack/react-query';
import type { Session, UsualValuesInput } from '../../../shared/schemas.js';
import { getDb, type LocalConsultation } from '../../db/db.js';
import { withDb } from '../../db/errors.js';
import { saveUsualValues } from '../../db/writes.js';
import { requestSync } from '../../pwa/sync-triggers.js';

export function useSaveUsualValuesMutation(session: Session) {
  return useMutation({
    networkMode: 'always',
    mutationFn: async (v: { clientId: string; input: UsualValuesInput }) => {
      const db = getDb();
      await withDb(db, () => saveUsualValues(db, { ...v, session, now: new Date() }));
      requestSync();
    },
  });
}

/** Follow-ups a nurse asked for on this client's consultations that no carer message completed yet. */
export function openFollowUps(consultations: LocalConsultation[]) {
  return consultations.flatMap((k) => {
    if (k.status === 'closed') return [];
    const done = new Set(k.messages.flatMap((m) => (m.completes ? [m.completes] : [])));
    return k.messages.flatMap((m) =>
      m.followUp && !done.has(m.id)
        ? [{ consultationId: k.id, messageId: m.id, task: m.followUp.task, taskRuby: m.taskRuby, lang: m.lang, dueAt: m.followUp.dueAt, at: m.createdAt }]
        : [],
    );
  });
}
