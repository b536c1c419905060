// dexie-react-hooks' useLiveQuery over db/lazy.ts: the same contract, with Dexie loaded on first
// use (that package imports Dexie statically, which would put it back into the first download).
import { useEffect, useMemo, useReducer, useRef } from 'react';
import type { KizukiDb } from '../db/db.js';
import { isDbLoaded, liveSource } from '../db/lazy.js';

/**
 * A live query of the phone's database. As dexie-react-hooks': `initial` until the first
 * answer; on a change of `deps` the previous answer stays until the new query answers; an error
 * is thrown to the nearest error boundary.
 */
export function useLiveQuery<T, D>(querier: (db: KizukiDb) => Promise<T> | T, deps: readonly unknown[], initial: D): T | D {
  const state = useRef<{ value: T | D; error: unknown; answered: boolean }>({ value: initial, error: null, answered: false });
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  // The querier is fresh on every render; deps say when it means something new.
  const source = useMemo(() => {
    const s = liveSource(querier);
    // Like Dexie's hook: a value the query can give synchronously (Dexie's query cache) is used
    // in this very render rather than a frame later — once Dexie is there: before, asking would
    // start loading it inside the first render, ahead of the first paint.
    if (!state.current.answered && isDbLoaded()) {
      s.subscribe(
        (value) => {
          state.current = { value, error: null, answered: true };
        },
        () => undefined,
      ).unsubscribe();
    }
    return s;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(() => {
    const sub = source.subscribe(
      (value) => {
        if (state.current.error !== null || state.current.value !== value) {
          state.current = { value, error: null, answered: true };
          rerender();
        }
      },
      (error) => {
        if (state.current.error !== error) {
          state.current = { ...state.current, error };
          rerender();
        }
      },
    );
    return () => sub.unsubscribe();
  }, [source]);
  if (state.current.error !== null) throw state.current.error;
  return state.current.value;
}

