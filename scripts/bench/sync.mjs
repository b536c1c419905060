// Sync: 1,000 observations queued offline on one phone, then the network returns; time until
// the outbox is empty, then count on the server (GET /api/changes) what arrived: each note
// carries a run marker and an index, so a missing index is lost and a repeated one duplicated.
//
// Typing 1,000 observations through the form would take minutes, so they are written into
// the app's IndexedDB in the page exactly as src/client/db/writes.ts saveObservation writes
// them (an observation with synced: false plus a pending outbox entry for PUT
// /api/observations/{id}, in one transaction each); the flush is the app's own code.
import { launchBrowser, newPhone, signIn } from './browser.mjs';
import { DEMO, allChanges, apiSession, sleep } from './util.mjs';

const OPS = 1000;
const LOGIN = 'carer.takahashi';

export async function queueOffline(page, { ops, marker }) {
  return page.evaluate(
    async ({ ops, marker, clients, authorId }) => {
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open('kizuki');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      try {
        if (!db.objectStoreNames.contains('outbox')) throw new Error('the app has not created its database');
        const now = Date.now();
        const writes = [];
        for (let i = 0; i < ops; i++) {
          const id = crypto.randomUUID();
          const at = new Date(now - (ops - i) * 1000).toISOString();
          const createdAt = new Date(now).toISOString();
          const input = {
            clientId: clients[i % clients.length],
            observedAt: at,
            vitals: { temperature: 36.5, pulse: 72 },
            softSigns: [],
            note: `${marker} #${i}`,
          };
          // One transaction per observation, like saveObservation (observation + outbox entry).
          writes.push(
            new Promise((resolve, reject) => {
              const tx = db.transaction(['observations', 'outbox'], 'readwrite', { durability: 'strict' });
              tx.objectStore('observations').add({
                id,
                clientId: input.clientId,
                authorId,
                observedAt: input.observedAt,
                vitals: input.vitals,
                softSigns: input.softSigns,
                note: input.note,
                news2: { score: 0, complete: false, redFlag: false, parameters: { temperature: 0, pulse: 0 } },
                createdAt,
                synced: false,
              });
              tx.objectStore('outbox').add({
                entityType: 'observation',
                entityId: id,
                url: `/api/observations/${id}`,
                body: input,
                method: 'PUT',
                createdAt,
                state: 'pending',
                attempts: 0,
              });
              tx.oncomplete = () => resolve(undefined);
              tx.onerror = () => reject(tx.error);
              tx.onabort = () => reject(tx.error);
            }),
          );
        }
        await Promise.all(writes);
      } finally {
        db.close();
      }
    },
    { ops, marker, clients: DEMO.himawariClients, authorId: DEMO.carerTakahashiId },
  );
}

/**
 * Outbox entries by state, counted with raw IndexedDB on the 'state' index. A count clones no
 * entry: reading all 1,000 entries (getAll) every 25 ms held the outbox in read transactions the
 * app's own write transactions waited behind, and made the flush it measured slower. The
 * connection is opened once per page and kept (closed if the app upgrades its schema): opening
 * one every 25 ms cost the page's main thread about as much as the counts did (`open` was
 * 30–120 ms of the page's CPU profile during a flush).
 */
export function outboxStates(page) {
  return page.evaluate(async () => {
    const db = await (window.__benchDb ??= new Promise((resolve, reject) => {
      const r = indexedDB.open('kizuki');
      r.onsuccess = () => {
        r.result.onversionchange = () => {
          r.result.close();
          window.__benchDb = undefined;
        };
        resolve(r.result);
      };
      r.onerror = () => reject(r.error);
    }));
    const index = db.transaction('outbox', 'readonly').objectStore('outbox').index('state');
    const count = (state) =>
      new Promise((resolve, reject) => {
        const req = index.count(IDBKeyRange.only(state));
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const [pending, rejected] = await Promise.all([count('pending'), count('rejected')]);
    return { pending, rejected };
  });
}

export async function measureSync(base, { log = () => {} } = {}) {
  const browser = await launchBrowser();
  try {
    const { context, page } = await newPhone(browser, base);
    await signIn(page, LOGIN);
    await page.getByRole('link', { name: '山田 花子', exact: true }).waitFor();

    await context.setOffline(true);
    await page.waitForFunction(() => !navigator.onLine);
    const marker = `bench-sync-${Date.now().toString(36)}`;
    const q0 = Date.now();
    await queueOffline(page, { ops: OPS, marker });
    const queued = await outboxStates(page);
    log(`  queued ${queued.pending} outbox entries offline in ${Date.now() - q0} ms`);
    if (queued.pending !== OPS) throw new Error(`expected ${OPS} pending entries, found ${queued.pending}`);

    const t0 = performance.now();
    await context.setOffline(false);
    let states = queued;
    const deadline = t0 + 60_000;
    while (states.pending > 0 && performance.now() < deadline) {
      await sleep(25);
      states = await outboxStates(page);
    }
    const flushMs = Math.round(performance.now() - t0);
    if (states.pending > 0) log(`  ${states.pending} entries still pending after 60 s`);
    await context.close();

    // Count on the server what arrived.
    const cookie = await apiSession(base, LOGIN);
    const changes = await allChanges(base, cookie);
    const seen = new Map();
    for (const c of changes) {
      if (c.type !== 'observation' || typeof c.data?.note !== 'string' || !c.data.note.startsWith(`${marker} #`)) continue;
      const i = Number(c.data.note.slice(marker.length + 2));
      seen.set(i, (seen.get(i) ?? 0) + 1);
    }
    let duplicates = 0;
    for (const n of seen.values()) duplicates += n - 1;
    let lost = 0;
    for (let i = 0; i < OPS; i++) if (!seen.has(i)) lost++;
    return {
      ops: OPS,
      flushMs: states.pending > 0 ? null : flushMs,
      duplicates,
      lost,
      stillPending: states.pending,
      rejected: states.rejected,
      queuedAs: 'raw IndexedDB writes shaped like saveObservation; flushed by the app',
    };
  } finally {
    await browser.close();
  }
}
