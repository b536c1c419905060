// The time now, again every minute while anything shown uses it: for times said as people say
// them (「5分前」, 「待ち 12分」), which would otherwise stand still on a screen left open — a
// nurse's list saying 「待ち 3分」 an hour later (hazard H8). One timer for the whole app, running
// only while some component listens; each listener renders again once a minute, not more.
import { useSyncExternalStore } from 'react';

const MINUTE = 60_000;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | undefined;

/** The minute a render belongs to: stable within a minute, so React sees no change between ticks. */
const currentMinute = () => Math.floor(Date.now() / MINUTE);

function tick(): void {
  // At the turn of each minute (a few ms after it, so the new minute is already the current one).
  timer = setTimeout(() => {
    for (const listener of [...listeners]) listener();
    tick();
  }, MINUTE - (Date.now() % MINUTE) + 5);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) tick();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
  };
}

/** Now, for a component that shows a time relative to it: it renders again when the minute turns. */
export function useMinuteClock(): Date {
  useSyncExternalStore(subscribe, currentMinute, currentMinute);
  return new Date();
}
