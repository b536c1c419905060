import { useMutation } from '@tanstack/react-query';
import type { ObservationInput, Session } from '../../../shared/schemas.js';
import { getDb } from '../../db/db.js';
import { withDb } from '../../db/errors.js';
import { saveObservation } from '../../db/writes.js';
import { requestPersistence } from '../../pwa/storage.js';
import { requestSync } from '../../pwa/sync-triggers.js';
import { blobToBase64 } from '../../ui/compress-image.js';
import { newId } from '../../ui/uuid.js';

export function useSaveObservationMutation(session: Session) {
  return useMutation({
    networkMode: 'always',
    mutationFn: async (v: { input: ObservationInput; spo2Scale: 1 | 2; photo?: Blob; draftKey?: string }) => {
      const db = getDb();
      const id = newId();
      const photo = v.photo ? { blob: v.photo, base64: await blobToBase64(v.photo) } : undefined;
      const saved = await withDb(db, () =>
        saveObservation(db, {
          id,
          input: v.input,
          session,
          spo2Scale: v.spo2Scale,
          now: new Date(),
          ...(photo ? { photo } : {}),
          ...(v.draftKey ? { draftKey: v.draftKey } : {}),
        }),
      );
      requestSync();
      void requestPersistence();
      return saved;
    },
  });
}
