// The changes feed on PostgreSQL under concurrent writers (ADR 0012): two app instances with
// pools of their own on one database — what two server processes are — and 8 writers while a
// reader pages GET /api/changes without pause. Every observation written must be seen exactly
// once: the cursor may never pass a feed position that is still to commit.
//
// The naive design — the position is a plain sequence number taken when the row is written —
// fails this: writer A takes 10, writer B takes 11 and commits, the reader reads up to 11 and
// moves its cursor there, then A commits 10, behind the cursor, never to be seen. The last test
// runs the same scenario with that numbering (feedNumbering: 'naive') and must see it skip;
// the real numbering (a number taken at commit, under a lock held until the commit is visible)
// must never skip. Each write waits a random few milliseconds just before it commits
// (beforeCommit), which is where the naive numbering's window is.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/shared/schemas.js';
import { createApp } from '../../src/server/app.js';
import { seedDemo } from '../../src/server/demo.js';
import { listenForChanges, openPostgres, type PostgresDb, type PostgresOptions } from '../../src/server/store/postgres.js';
import { PASSWORD, YAMADA, newId, observationBody, sessionCookie } from '../fixtures/server.js';
import { createTestDatabase } from '../fixtures/test-db.js';

const WRITERS = 8;

interface Region {
  url: string;
  apps: ReturnType<typeof createApp>[];
  dbs: PostgresDb[];
}

const jitter = (maxMs: number) => () => new Promise<void>((r) => setTimeout(r, Math.random() * maxMs));

async function region(options: PostgresOptions): Promise<Region> {
  const url = await createTestDatabase();
  const dbs = [await openPostgres(url, { max: 6, ...options }), await openPostgres(url, { max: 6, ...options })];
  await seedDemo(dbs[0] as PostgresDb, new Date());
  return { url, dbs, apps: dbs.map((db) => createApp({ db })) };
}

async function signIn(app: ReturnType<typeof createApp>, loginId: string): Promise<string> {
  const res = await app.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginId, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return sessionCookie(res);
}

/**
 * 8 writers (alternating between the two instances) PUT `perWriter` new observations each,
 * while a reader pages the feed (alternating too) until the writers are done and it has read
 * to the end. Returns the ids written and every observation id the reader was given.
 */
async function scenario(r: Region, perWriter: number): Promise<{ written: string[]; seen: string[] }> {
  const [appA, appB] = r.apps as [ReturnType<typeof createApp>, ReturnType<typeof createApp>];
  // A session made on one instance works on the other: sessions live in the database.
  const carer = await signIn(appA, 'carer.suzuki');
  const nurse = await signIn(appB, 'nurse.sato');
  let cursor = '0';
  const page = async (i: number) => {
    const app = i % 2 ? appB : appA;
    const res = await app.request(`/api/changes?after=${cursor}&limit=7`, { headers: { cookie: nurse } });
    expect(res.status).toBe(200);
    return (await res.json()) as { changes: Change[]; cursor: string; more: boolean };
  };
  // Start after what the seed wrote.
  for (let i = 0, more = true; more; i++) {
    const p = await page(i);
    cursor = p.cursor;
    more = p.more;
  }

  const written: string[] = [];
  const seen: string[] = [];
  let writing = true;
  const writers = Array.from({ length: WRITERS }, async (_, w) => {
    const app = w % 2 ? appB : appA;
    for (let k = 0; k < perWriter; k++) {
      const id = newId();
      const res = await app.request(`/api/observations/${id}`, {
        method: 'PUT',
        headers: { cookie: carer, 'content-type': 'application/json' },
        body: JSON.stringify(observationBody(YAMADA, new Date(Date.now() - 60_000), { note: `w${w}-${k}` })),
      });
      expect(res.status).toBe(201);
      written.push(id);
    }
  });
  const reader = (async () => {
    for (let i = 0; ; i++) {
      const done = !writing;
      const p = await page(i);
      for (const c of p.changes) if (c.type === 'observation') seen.push(c.id);
      cursor = p.cursor;
      // One full pass after the last write has committed, then stop.
      if (done && !p.more) return;
    }
  })();
  await Promise.all(writers);
  writing = false;
  await reader;
  return { written, seen };
}

const missingOrTwice = ({ written, seen }: { written: string[]; seen: string[] }) => {
  const counts = new Map<string, number>();
  for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
  return {
    missing: written.filter((id) => !counts.has(id)),
    twice: [...counts].filter(([, n]) => n > 1).map(([id]) => id),
  };
};

describe('the changes feed on PostgreSQL, two instances, 8 concurrent writers, a reader paging', () => {
  const regions: Region[] = [];
  afterAll(async () => {
    for (const r of regions) for (const db of r.dbs) await db.close();
  });

  let numbered: Region;
  beforeAll(async () => {
    numbered = await region({ beforeCommit: jitter(4) });
    regions.push(numbered);
  });

  it('numbered at commit: every change is seen exactly once, however the writes interleave', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 6, max: 14 }), async (perWriter) => {
        const outcome = await scenario(numbered, perWriter);
        expect(outcome.written).toHaveLength(WRITERS * perWriter);
        expect(missingOrTwice(outcome)).toEqual({ missing: [], twice: [] });
      }),
      { numRuns: 4 },
    );
  }, 120_000);

  it('a write committed through one instance wakes the live streams of every process (NOTIFY at commit)', async () => {
    let heard = 0;
    let wake = () => {};
    // The listener looks once when it connects; wait for that (an event, not a time), then count from there.
    const connected = new Promise<void>((resolve) => (wake = resolve));
    const stop = listenForChanges(numbered.url, () => {
      heard++;
      wake();
    });
    try {
      await connected;
      const before = heard;
      const woken = new Promise<void>((resolve) => (wake = resolve));
      const carer = await signIn(numbered.apps[0] as ReturnType<typeof createApp>, 'carer.suzuki');
      const res = await (numbered.apps[0] as ReturnType<typeof createApp>).request(`/api/observations/${newId()}`, {
        method: 'PUT',
        headers: { cookie: carer, 'content-type': 'application/json' },
        body: JSON.stringify(observationBody(YAMADA, new Date(Date.now() - 60_000))),
      });
      expect(res.status).toBe(201);
      await woken;
      expect(heard).toBeGreaterThan(before);
    } finally {
      await stop();
    }
  });

  it('the naive numbering (a sequence number taken at insert) skips late commits: this test catches it', async () => {
    const naive = await region({ feedNumbering: 'naive', beforeCommit: jitter(4) });
    regions.push(naive);
    let skipped = 0;
    for (let round = 0; round < 6 && skipped === 0; round++) {
      skipped = missingOrTwice(await scenario(naive, 12)).missing.length;
    }
    expect(skipped, 'late commits the naive numbering let the cursor pass').toBeGreaterThan(0);
  }, 120_000);
});
