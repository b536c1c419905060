// A live query's answers reach the page newest run first: an answer of an older run that arrives
// after a newer run's answer is dropped (src/client/db/lazy.ts newestFirst). Dexie's liveQuery
// can hand a run's answer over a task late, from inside its promise zone, after a later run
// has answered; the stale answer then stayed on screen (a sent card still 「送信待ち」).
import { describe, expect, it } from 'vitest';
import { newestFirst, type Source } from '../../src/client/db/lazy.js';

/** A source whose runs the test starts and answers by hand, in any order. */
function manual<T>() {
  let emit: (answer: { run: number; value: T }) => void = () => undefined;
  let start: () => number = () => 0;
  const source = newestFirst<T>((run) => {
    start = run;
    const inner: Source<{ run: number; value: T }> = {
      subscribe(next) {
        emit = next;
        return { unsubscribe: () => undefined };
      },
    };
    return inner;
  });
  return { source, start: () => start(), answer: (run: number, value: T) => emit({ run, value }) };
}

describe('newestFirst', () => {
  it('passes answers on in the order their runs started, dropping one older than an answer already given', () => {
    const q = manual<string>();
    const seen: string[] = [];
    q.source.subscribe((v) => seen.push(v), () => undefined);
    const stale = q.start();
    const fresh = q.start();
    q.answer(fresh, 'sent');
    q.answer(stale, 'pending');
    expect(seen).toEqual(['sent']);
  });

  it('passes every answer on when they come in order, and an older run that answers first', () => {
    const q = manual<number>();
    const seen: number[] = [];
    q.source.subscribe((v) => seen.push(v), () => undefined);
    const a = q.start();
    const b = q.start();
    q.answer(a, 1);
    q.answer(b, 2);
    const c = q.start();
    q.answer(c, 3);
    q.answer(c, 3);
    expect(seen).toEqual([1, 2, 3, 3]);
  });
});
