// The client page's first frame after 保存 (issue 14: save ≤ 50 ms): the page paints from what it
// last showed plus what was saved since, before its IndexedDB queries answer. The real write
// (db/writes.ts) on fake-indexeddb: the observation is in the first frame only because the
// write remembers it once its transaction has committed.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { KizukiDb } from '../../src/client/db/db.js';
import { saveObservation } from '../../src/client/db/writes.js';
import { remember, lastTimeline, timelineAtMount, withSavedSince, type Timeline } from '../../src/client/features/clients/page-memory.js';
import { savedVersion, subscribeSaved } from '../../src/client/db/recent-saves.js';
import type { Session } from '../../src/shared/schemas.js';

const CLIENT = '00000000-0000-4000-8000-000000000201';
const session: Session = {
  user: { id: '00000000-0000-4000-8000-000000000101', name: '鈴木 一郎', role: 'carer', orgId: 'himawari' },
  org: { id: 'himawari', name: 'ひまわり訪問介護', kind: 'home_care' },
};
const empty: Timeline = { observations: [], observationCount: 0, consultations: [], photos: new Map() };

describe('the client page after 保存', () => {
  it('shows the observation just saved in its first frame, on top, counted', async () => {
    const db = new KizukiDb(`page-memory-${Math.random()}`);
    remember(lastTimeline, CLIENT, empty);
    const id = crypto.randomUUID();
    const now = new Date();
    await saveObservation(db, {
      id,
      input: { clientId: CLIENT, observedAt: now.toISOString(), vitals: { temperature: 38.2 }, softSigns: [], note: '熱っぽい' },
      session,
      spo2Scale: 1,
      now,
    });
    const first = timelineAtMount(CLIENT, 20);
    expect(first?.observations.map((o) => o.id)).toEqual([id]);
    expect(first?.observations[0]).toMatchObject({ note: '熱っぽい', synced: false });
    expect(first?.observationCount).toBe(1);
    // What the page then reads from IndexedDB agrees.
    expect(await db.observations.get(id)).toMatchObject({ note: '熱っぽい' });
    db.close();
  });

  it('a save before the page last answered is not added twice', async () => {
    const db = new KizukiDb(`page-memory-${Math.random()}`);
    const id = crypto.randomUUID();
    const now = new Date();
    await saveObservation(db, {
      id,
      input: { clientId: CLIENT, observedAt: now.toISOString(), vitals: {}, softSigns: [], note: 'いつも通り' },
      session,
      spo2Scale: 1,
      now,
    });
    const stored = await db.observations.get(id);
    if (!stored) throw new Error('not stored');
    remember(lastTimeline, CLIENT, { ...empty, observations: [stored], observationCount: 1 });
    expect(timelineAtMount(CLIENT, 20)?.observations.map((o) => o.id)).toEqual([id]);
    db.close();
  });

  it('nothing remembered: the page waits for its queries (no made-up timeline)', () => {
    expect(timelineAtMount('00000000-0000-4000-8000-000000000299', 20)).toBeUndefined();
  });

  it('a page already mounted (under the form) is told of the commit and shows the save on top of what it read', async () => {
    const db = new KizukiDb(`page-memory-${Math.random()}`);
    const read = remember(lastTimeline, CLIENT, empty);
    let told = 0;
    const stop = subscribeSaved(() => told++);
    const before = savedVersion();
    const id = crypto.randomUUID();
    const now = new Date();
    await saveObservation(db, {
      id,
      input: { clientId: CLIENT, observedAt: now.toISOString(), vitals: {}, softSigns: [], note: '下に控えていた頁へ' },
      session,
      spo2Scale: 1,
      now,
    });
    stop();
    expect(told).toBe(1);
    expect(savedVersion()).not.toBe(before);
    const shown = withSavedSince(CLIENT, read, 20);
    expect(shown.observations.map((o) => o.id)).toEqual([id]);
    expect(shown.observationCount).toBe(1);
    // Nothing saved since: the same value (no new render of the page).
    expect(withSavedSince(CLIENT, shown, 20)).toBe(shown);
    db.close();
  });
});
