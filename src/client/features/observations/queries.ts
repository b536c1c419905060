import { useMutation } from '@tanstack/react-query';
import type { ObservationInput, Session } from '../../../shared/schemas.js';
import { getDb } from '../../db/db.js';
import { saveObservation } from '../../db/writes.js';
import { requestSync } from '../../pwa/sync-triggers.js';
import { newId } from '../../ui/uuid.js';

export function useSaveObservationMutation(session: Session) {
  return useMutation({
    networkMode: 'always',
    mutationFn: async (v: { input: ObservationInput; spo2Scale: 1 | 2 }) => {
      const saved = await saveObservation(getDb(), {
        id: newId(),
        input: v.input,
        session,
        spo2Scale: v.spo2Scale,
        now: new Date(),
      });
      requestSync();
      return saved;
    },
  });
}
