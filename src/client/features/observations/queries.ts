import { useCallback, useRef, useState } from 'react';
import type { LocalObservation } from '../../db/db.js';
import type { ObservationInput, Session } from '../../../shared/schemas.js';
import { getDb } from '../../db/db.js';
import { withDb } from '../../db/errors.js';
import { saveObservation } from '../../db/writes.js';
import { requestPersistence } from '../../pwa/storage.js';
import { requestSync } from '../../pwa/sync-triggers.js';
import { blobToBase64 } from '../../ui/compress-image.js';
import { newId } from '../../ui/uuid.js';

type SaveArgs = { input: ObservationInput; spo2Scale: 1 | 2; photo?: Blob; draftKey?: string };

async function save(
  session: Session,
  v: SaveArgs,
  on: { onCommitted: (saved: LocalObservation) => void },
): Promise<LocalObservation> {
  const db = getDb();
  const id = newId();
  const photo = v.photo ? { blob: v.photo, base64: await blobToBase64(v.photo) } : undefined;
  return withDb(db, () =>
    saveObservation(db, {
      id,
      input: v.input,
      session,
      spo2Scale: v.spo2Scale,
      now: new Date(),
      ...(photo ? { photo } : {}),
      ...(v.draftKey ? { draftKey: v.draftKey } : {}),
      ...on,
    }),
  );
}

/**
 * Saves an observation. Unlike a react-query mutation, a save that succeeds changes no React
 * state of the form — no re-render of the form on the tap nor on the commit — so the frame after
 * the commit holds only the client page's new card (issue 14: save ≤ 50 ms from 保存 to the
 * card). Exactly one of `onSuccess` (at the commit, db/writes.ts) and `onError` (not saved)
 * runs. A second tap while a save is under way is ignored; a failure is kept in `error`.
 */
export function useSaveObservation(session: Session) {
  const busy = useRef(false);
  const [error, setError] = useState<Error | null>(null);
  const mutate = useCallback(
    (v: SaveArgs, on: { onSuccess: (saved: LocalObservation) => void; onError: () => void }) => {
      if (busy.current) return;
      busy.current = true;
      if (error !== null) setError(null);
      let settled = false;
      save(session, v, {
        // Right at the commit, the new card remembered and not yet rendered: what onSuccess
        // shows (the notice, the page) renders with it.
        onCommitted: (saved) => {
          settled = true;
          busy.current = false;
          on.onSuccess(saved);
        },
      }).then(
        () => {
          // Both wait for the card's frame (or 100 ms, for a page hidden right after the save).
          requestSync();
          let asked = false;
          const ask = () => {
            if (asked) return;
            asked = true;
            void requestPersistence();
          };
          requestAnimationFrame(() => setTimeout(ask, 0));
          setTimeout(ask, 100);
        },
        (err: unknown) => {
          if (settled) return;
          settled = true;
          busy.current = false;
          setError(err instanceof Error ? err : new Error(String(err)));
          on.onError();
        },
      );
    },
    [session, error],
  );
  return { mutate, error };
}
