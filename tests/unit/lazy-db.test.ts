// db/lazy.ts: the page's database, with Dexie loaded on first use. A chunk that could not be
// fetched (a first visit that lost the network before the service worker precached it) must not
// fail every later call until a reload: the next call loads it again.
import 'fake-indexeddb/auto';
import { expect, it, vi } from 'vitest';

let refuseNextLoad = true;
vi.mock('../../src/client/db/db.js', async (original) => {
  if (refuseNextLoad) {
    refuseNextLoad = false;
    throw new TypeError('Failed to fetch dynamically imported module');
  }
  return original();
});

it('a database chunk that failed to load once is loaded again by the next call', async () => {
  const { openDb, isDbLoaded } = await import('../../src/client/db/lazy.js');
  await expect(openDb()).rejects.toThrow();
  expect(isDbLoaded()).toBe(false);
  const db = await openDb();
  expect(isDbLoaded()).toBe(true);
  // The real database: it opens and answers.
  expect(await db.outbox.count()).toBe(0);
  expect(await openDb()).toBe(db);
});
