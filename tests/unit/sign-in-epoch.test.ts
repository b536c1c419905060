// A sign-in moves the phone's auth epoch before the request that sets the new cookie
// (features/session/queries.ts beforeSignIn): a sync pass still running for the previous account
// may send its next request with that cookie, and the epoch is how it knows not to act on the
// answer (sync/access-ended.ts drops nothing; engine.ts does not ask for a sign-in again).
import 'fake-indexeddb/auto';
import { afterEach, expect, it, vi } from 'vitest';
import { openDb } from '../../src/client/db/lazy.js';
import { readAuthEpoch } from '../../src/client/db/meta.js';
import { beforeSignIn } from '../../src/client/features/session/queries.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

it('the auth epoch has moved before the sign-in request leaves', async () => {
  const db = await openDb();
  const before = await readAuthEpoch(db);
  const requests: string[] = [];
  vi.stubGlobal('fetch', (path: string) => {
    requests.push(String(path));
    return Promise.resolve(new Response(null, { status: 204 }));
  });
  await beforeSignIn();
  expect(await readAuthEpoch(db)).toBe(before + 1);
  // Nothing was sent meanwhile (no sign-out was pending): the sign-in's POST comes after this.
  expect(requests).toEqual([]);
});
