// Signing in as another account on a phone (src/client/db/wipe.ts keepSignedInSession): the
// previous account's data is wiped only when nothing of it waits to be sent, and the check and the
// wipe are one transaction, so an entry queued between them (another tab) is never wiped unsent.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { KizukiDb, type OutboxEntry } from '../../src/client/db/db.js';
import { readSession } from '../../src/client/db/meta.js';
import { keepSignedInSession } from '../../src/client/db/wipe.js';
import type { Session } from '../../src/shared/schemas.js';

const org = { id: 'himawari', name: 'ひまわり訪問介護', kind: 'home_care' } as const;
const suzuki: Session = { user: { id: '00000000-0000-4000-8000-000000000101', name: '鈴木 一郎', role: 'carer', orgId: 'himawari' }, org };
const tanaka: Session = { user: { id: '00000000-0000-4000-8000-000000000102', name: '田中 花子', role: 'carer', orgId: 'himawari' }, org };

const entry = (id: string): OutboxEntry => ({
  entityType: 'observation',
  entityId: id,
  method: 'PUT',
  url: `/api/observations/${id}`,
  body: {},
  createdAt: new Date().toISOString(),
  state: 'pending',
  attempts: 0,
});

async function phoneOf(session: Session): Promise<KizukiDb> {
  const db = new KizukiDb(`keep-session-${Math.random()}`);
  await db.meta.put({ key: 'session', value: session });
  await db.clients.put({ id: 'c1' } as never);
  return db;
}

describe('a sign-in as another account', () => {
  it('wipes the previous account when nothing of it is unsent', async () => {
    const db = await phoneOf(suzuki);
    expect(await keepSignedInSession(db, tanaka)).toBeNull();
    expect((await readSession(db))?.user.name).toBe('田中 花子');
    expect(await db.clients.count()).toBe(0);
    db.close();
  });

  it('changes nothing while the previous account has unsent entries', async () => {
    const db = await phoneOf(suzuki);
    await db.outbox.add(entry(crypto.randomUUID()));
    expect(await keepSignedInSession(db, tanaka)).toEqual({ name: '鈴木 一郎', unsent: 1 });
    expect((await readSession(db))?.user.name).toBe('鈴木 一郎');
    expect(await db.clients.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
    db.close();
  });

  it('the same account signing in again keeps its data', async () => {
    const db = await phoneOf(suzuki);
    await db.outbox.add(entry(crypto.randomUUID()));
    expect(await keepSignedInSession(db, suzuki)).toBeNull();
    expect(await db.clients.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
    db.close();
  });

  it('an entry another tab queues right after the count is not wiped', async () => {
    const db = await phoneOf(suzuki);
    const id = crypto.randomUUID();
    let queued: Promise<unknown> | undefined;
    // The other tab: as soon as the sign-in has counted the outbox (empty), it queues an entry,
    // outside the sign-in's transaction.
    const count = db.outbox.count.bind(db.outbox);
    db.outbox.count = (async () => {
      const n = await count();
      queued ??= Dexie.ignoreTransaction(() => db.outbox.add(entry(id)));
      return n;
    }) as typeof db.outbox.count;
    expect(await keepSignedInSession(db, tanaka)).toBeNull();
    await queued;
    // The entry waited for the sign-in's transaction: it is kept, for the next sign-in to count.
    expect(queued).toBeDefined();
    expect((await db.outbox.toArray()).map((e) => e.entityId)).toEqual([id]);
    db.close();
  });
});
