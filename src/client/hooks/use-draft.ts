// Form state that lives on the phone until saved or discarded: a half-filled form survives a
// phone call, a locked screen, a reload and an update. Also marks the form as having unsaved
// input, so an update never reloads the page under it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { getDb } from '../db/db.js';
import { DRAFT_PREFIX, writeDraft } from '../db/drafts.js';
import { markUnsaved } from '../ui/unsaved.js';

const WRITE_DELAY_MS = 250;

export function useDraft<T>(
  key: string,
  initial: T,
  parse: (stored: unknown) => T | null,
): {
  value: T;
  set: (next: T) => void;
  discard: () => Promise<void>;
  /** Stop writing the draft before a save that deletes it (`metaKey`) in its own transaction. */
  settle: () => void;
  /** After such a save: the form starts again from `next`, and nothing is written. */
  reset: (next: T) => void;
  metaKey: string;
  restored: boolean;
} {
  const [value, setValue] = useState(initial);
  const [restored, setRestored] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const dirty = useRef(false);
  const id = `${DRAFT_PREFIX}${key}`;

  useEffect(() => {
    let alive = true;
    void getDb()
      .meta.get(id)
      .then((row) => {
        const stored = row ? parse(row.value) : null;
        if (alive && stored !== null && !dirty.current) {
          setValue(stored);
          setRestored(true);
          markUnsaved(id, true);
        }
      });
    return () => {
      alive = false;
    };
    // The draft is read once per key; `parse` is a pure function of the stored value.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [id]);

  useEffect(() => () => markUnsaved(id, false), [id]);

  const set = useCallback(
    (next: T) => {
      dirty.current = true;
      setValue(next);
      markUnsaved(id, true);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void writeDraft(getDb(), id, next), WRITE_DELAY_MS);
    },
    [id],
  );

  const settle = useCallback(() => {
    clearTimeout(timer.current);
    markUnsaved(id, false);
  }, [id]);

  const reset = useCallback(
    (next: T) => {
      settle();
      setValue(next);
    },
    [settle],
  );

  const discard = useCallback(async () => {
    settle();
    await getDb().meta.delete(id);
  }, [id, settle]);

  return { value, set, discard, settle, reset, metaKey: id, restored };
}
