// sessionReader (store/sessions.ts) remembers a session's read only under the stamp it was read
// at: an answer read before a change must never be given after it.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/store/db.js';
import { sessionReader, type SessionUser } from '../../src/server/store/sessions.js';

const user = (name: string): SessionUser => ({ last_seen_at: '2026-12-01T00:00:00.000Z', id: 'u1', name, role: 'carer', org_id: 'o1', disabled: 0 });

/** A store whose stamp the test moves and whose reads the test answers, one by one. */
function fakeDb() {
  let stamp = 0;
  const reads: { resolve: (u: SessionUser | undefined) => void }[] = [];
  const db = {
    engine: 'sqlite',
    watch: () => () => Promise.resolve(stamp),
    get: () => new Promise<SessionUser | undefined>((resolve) => reads.push({ resolve })),
  } as unknown as Db;
  const answer = async (u: SessionUser | undefined) => {
    while (reads.length === 0) await new Promise((r) => setImmediate(r));
    reads.shift()?.resolve(u);
  };
  return { db, reads, answer, change: () => void stamp++ };
}

describe('sessionReader', () => {
  it('reads once while nothing changes, and again after a change', async () => {
    const f = fakeDb();
    const find = sessionReader(f.db);
    const first = find('t');
    await f.answer(user('before'));
    expect((await first)?.name).toBe('before');
    expect((await find('t'))?.name).toBe('before');
    expect(f.reads).toHaveLength(0);
    f.change();
    const again = find('t');
    await f.answer(undefined);
    expect(await again).toBeUndefined();
  });

  it('does not keep an answer read before a change that a later call has already seen', async () => {
    const f = fakeDb();
    const find = sessionReader(f.db);
    const early = find('t'); // stamp 0; its read is answered late, with the rows before the change
    while (f.reads.length === 0) await new Promise((r) => setImmediate(r));
    f.change();
    const late = find('t'); // stamp 1: reads the rows after the change
    while (f.reads.length < 2) await new Promise((r) => setImmediate(r));
    f.reads[1]?.resolve(user('after'));
    expect((await late)?.name).toBe('after');
    f.reads[0]?.resolve(user('before'));
    expect((await early)?.name).toBe('before');
    // Nothing changed since stamp 1: the answer is the one read at stamp 1, never the older one.
    expect((await find('t'))?.name).toBe('after');
  });

  it('reads every time where the store has no watch (PostgreSQL)', async () => {
    const f = fakeDb();
    const db = { ...f.db, watch: undefined } as unknown as Db;
    const find = sessionReader(db);
    for (let i = 0; i < 2; i++) {
      const p = find('t');
      await f.answer(user(`read ${i}`));
      expect((await p)?.name).toBe(`read ${i}`);
    }
  });
});
