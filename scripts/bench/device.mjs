// Device: the carer's phone in Chromium with 4× CPU throttling and 10,000 observations in the
// app's IndexedDB. Times, in the page, (a) saving an observation through the real form, from
// the tap on 保存 (a touch tap, the phone's input; mouse clicks alternated with the taps are
// reported beside them) until the client page shows its note and has painted, and (b) opening a
// client's page from the client list (in-app navigation), from the click until the newest
// observation card has painted. Also a few cold opens (full page load of /clients/<id>), and
// the floor of a save: a bare strict IndexedDB put in the same page.
import { launchBrowser, newPhone, press, pressSave, signIn } from './browser.mjs';
import { DEMO, percentile, round1, withTimeout } from './util.mjs';

const STORED = 10_000;
const SAVES = 20;
const OPENS = 20;
const COLD_OPENS = 5;
const WARMUP = 2;
const CPU_RATE = 4;
const CLIENT = { id: DEMO.himawariClients[0], name: '山田 花子' };

/** Raw IndexedDB writes in the page (seeding only): observations as the app stores synced ones. */
export async function seedObservations(page, total) {
  return page.evaluate(
    async ({ clients, authorId, total }) => {
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open('kizuki');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      try {
        if (!db.objectStoreNames.contains('observations')) throw new Error('the app has not created its database');
        const now = Date.now();
        const perClient = {};
        const CHUNK = 2500;
        for (let start = 0; start < total; start += CHUNK) {
          await new Promise((resolve, reject) => {
            const tx = db.transaction('observations', 'readwrite', { durability: 'relaxed' });
            const store = tx.objectStore('observations');
            for (let i = start; i < Math.min(total, start + CHUNK); i++) {
              const clientId = clients[i % clients.length];
              perClient[clientId] = (perClient[clientId] ?? 0) + 1;
              const at = new Date(now - (i + 10) * 37 * 60_000).toISOString();
              const temperature = Math.round((36.1 + (i % 14) / 10) * 10) / 10;
              const pulse = 60 + (i % 30);
              store.put({
                id: crypto.randomUUID(),
                clientId,
                authorId,
                observedAt: at,
                vitals: { temperature, pulse },
                softSigns: i % 7 === 0 ? ['eating_less'] : [],
                note: i % 3 === 0 ? `いつも通り。昼食は半分ほど（${i}）` : null,
                news2: { score: 0, complete: false, redFlag: false, parameters: { temperature: 0, pulse: 0 } },
                createdAt: at,
                synced: true,
              });
            }
            tx.oncomplete = () => resolve(undefined);
            tx.onerror = () => reject(tx.error);
            tx.onabort = () => reject(tx.error);
          });
        }
        return perClient;
      } finally {
        db.close();
      }
    },
    { clients: DEMO.himawariClients, authorId: DEMO.carerSuzukiId, total },
  );
}

/**
 * Arms an in-page timer: from the next tap or click on an element matching `clickText` (a button
 * or link), until a node holding `marker` is added to the DOM (not a form field) and the next
 * frame has painted. Resolves on `window.__kizukiBench` with milliseconds: until the frame's work
 * on the main thread is done and a task posted after it has run (so it also counts tasks queued
 * before that one, e.g. React rendering the rest of the page).
 *
 * The start is the lift that completes the tap: the `pointerup` event's time stamp (the moment
 * the browser got the finger's — or the mouse button's — release, before any queueing on the
 * page's main thread). A touch is not a tap until the finger lifts (it may still become a scroll),
 * the browser fires `click` only after it, and a button acts on release; the time the finger
 * rests on the glass is the user's, not the app's. Without a `pointerup` (a key press) the
 * `click` event's time stamp. Every input event's time stamp on the element is kept in
 * `window.__kizukiTap` (with the end and the paint time) to compare other starts.
 *
 * Beside it, `window.__kizukiPainted`: the browser's own paint time of the marker's element
 * (Element Timing: the attribute is set on it before its first frame, from the mutation
 * observer's microtask; `renderTime` is when that frame was presented), from the same start —
 * the "tap to the new card painted" without the tasks after it. Null when the browser
 * reports no entry within 5 s.
 */
export async function armTimer(page, { clickText, marker }) {
  await page.evaluate(
    ({ clickText, marker }) => {
      const w = window;
      let start = -1;
      const tap = { stamps: {}, end: null, painted: null };
      w.__kizukiTap = tap;
      let markPainted = () => {};
      w.__kizukiPainted = new Promise((resolve) => {
        const id = `bench-${Math.random().toString(36).slice(2)}`;
        const po = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            if (e.identifier !== id) continue;
            po.disconnect();
            tap.painted = e.renderTime || e.loadTime;
            resolve(tap.painted - start);
          }
        });
        po.observe({ type: 'element', buffered: true });
        markPainted = (el) => el.setAttribute('elementtiming', id);
        setTimeout(() => {
          po.disconnect();
          resolve(null);
        }, 5_000);
      });
      w.__kizukiBench = new Promise((resolve, reject) => {
        const TYPES = ['pointerdown', 'touchstart', 'mousedown', 'pointerup', 'touchend', 'mouseup', 'click'];
        const onInput = (e) => {
          const el = e.target instanceof Element ? e.target.closest('button, a') : null;
          if (!el || el.textContent?.trim() !== clickText || tap.stamps[e.type] !== undefined) return;
          tap.stamps[e.type] = e.timeStamp;
          if (e.type === 'click') tap.stamps.clickHandler = performance.now();
          if (start < 0 && (e.type === 'pointerup' || e.type === 'click')) start = e.timeStamp;
        };
        for (const t of TYPES) document.addEventListener(t, onInput, { capture: true, passive: true });
        const holds = (n) => {
          if (n.nodeType === Node.TEXT_NODE) {
            const p = n.parentElement;
            return !!p && p.tagName !== 'TEXTAREA' && (n.textContent ?? '').includes(marker);
          }
          if (n.nodeType !== Node.ELEMENT_NODE) return false;
          if (n.tagName === 'TEXTAREA' || n.tagName === 'INPUT') return false;
          return (n.textContent ?? '').includes(marker);
        };
        const mo = new MutationObserver((records) => {
          if (start < 0) return;
          for (const r of records) {
            const nodes = r.type === 'characterData' ? [r.target] : [...r.addedNodes];
            const found = nodes.find(holds);
            if (found) {
              mo.disconnect();
              // The element that paints the marker's text (Element Timing reports elements).
              const painted = found.nodeType === Node.TEXT_NODE ? found.parentElement : found;
              const leaf = [...(painted?.querySelectorAll('*') ?? [])].reverse().find((el) => el.textContent?.includes(marker) && el.children.length === 0) ?? painted;
              if (leaf) markPainted(leaf);
              const stop = () => {
                for (const t of TYPES) document.removeEventListener(t, onInput, { capture: true });
              };
              // After the frame that shows it has painted.
              requestAnimationFrame(() => {
                const ch = new MessageChannel();
                ch.port1.onmessage = () => {
                  stop();
                  tap.end = performance.now();
                  resolve(tap.end - start);
                };
                ch.port2.postMessage(null);
              });
              return;
            }
          }
        });
        mo.observe(document.body, { childList: true, subtree: true, characterData: true });
        setTimeout(() => reject(new Error(`"${marker}" did not appear within 30 s`)), 30_000);
      });
    },
    { clickText, marker },
  );
}

/**
 * The floor of a save: in the same page and throttling, a bare put of one observation-shaped
 * record into the app's observations store (10,000 rows, its indexes) in its own readwrite
 * transaction with durability 'strict' — what Dexie's table.put() does, without Dexie — timed
 * from the call until the transaction has completed. The records are deleted afterwards.
 */
async function barePuts(page, { count, authorId }) {
  return page.evaluate(
    async ({ count, authorId }) => {
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open('kizuki');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const ids = [];
      const times = [];
      try {
        for (let i = 0; i < count; i++) {
          const id = crypto.randomUUID();
          ids.push(id);
          const at = new Date().toISOString();
          const t0 = performance.now();
          await new Promise((resolve, reject) => {
            const tx = db.transaction('observations', 'readwrite', { durability: 'strict' });
            tx.objectStore('observations').put({
              id,
              clientId: 'bench-bare-put',
              authorId,
              observedAt: at,
              vitals: { temperature: 36.5 },
              softSigns: [],
              note: `bare put ${i}`,
              news2: { score: 0, complete: false, redFlag: false, parameters: { temperature: 0 } },
              createdAt: at,
              synced: true,
            });
            tx.oncomplete = () => resolve(undefined);
            tx.onerror = () => reject(tx.error);
            tx.onabort = () => reject(tx.error);
          });
          times.push(performance.now() - t0);
        }
        await new Promise((resolve, reject) => {
          const tx = db.transaction('observations', 'readwrite');
          for (const id of ids) tx.objectStore('observations').delete(id);
          tx.oncomplete = () => resolve(undefined);
          tx.onerror = () => reject(tx.error);
        });
        return times;
      } finally {
        db.close();
      }
    },
    { count, authorId },
  );
}

const stats = (list) => (list.length ? { p50: round1(percentile(list, 50)), p95: round1(percentile(list, 95)), n: list.length } : null);
const readTimer = (page) => withTimeout(page.evaluate(() => window.__kizukiBench), 35_000, 'in-page timer');
const readPainted = (page) => withTimeout(page.evaluate(() => window.__kizukiPainted), 35_000, 'paint timing');

export async function measureDevice(base, { log = () => {} } = {}) {
  const browser = await launchBrowser();
  try {
    const { context, page } = await newPhone(browser, base);
    await signIn(page, 'carer.suzuki');
    const clientLink = page.getByRole('link', { name: CLIENT.name, exact: true });
    await clientLink.waitFor();

    const seedStart = Date.now();
    const perClient = await seedObservations(page, STORED);
    log(`  seeded ${STORED} observations in ${Date.now() - seedStart} ms`);
    await page.reload();
    await clientLink.waitFor();

    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });

    // (a) Save through the form.
    await clientLink.click();
    const record = page.getByRole('link', { name: '記録する', exact: true });
    await record.waitFor();
    // Touch taps (what a phone gets) and mouse clicks alternate, so both meet the same load.
    const by = { tap: { ms: [], painted: [] }, click: { ms: [], painted: [] } };
    const run = Date.now().toString(36);
    let newestNote = '';
    for (let i = 0; i < WARMUP + SAVES; i++) {
      for (const input of i % 2 === 0 ? ['tap', 'click'] : ['click', 'tap']) {
        // 記録する too, as the phone's carer does: a tap series is touch throughout.
        await press(record, input);
        const temperature = page.getByLabel('体温', { exact: true });
        await temperature.fill(`36.${i % 10}`);
        newestNote = `ベンチ記録 ${run}-${i}-${input}`;
        await page.getByLabel('メモ', { exact: true }).fill(newestNote);
        await armTimer(page, { clickText: '保存', marker: newestNote });
        await pressSave(page, input);
        const ms = await readTimer(page);
        const painted = await readPainted(page);
        if (i >= WARMUP) {
          by[input].ms.push(ms);
          if (painted !== null) by[input].painted.push(painted);
        }
      }
    }
    const saveMs = by.tap.ms;
    for (const input of ['tap', 'click']) {
      log(`  saves, ${input}: ${by[input].ms.map((v) => Math.round(v)).join(' ')}`);
      log(`  saves, ${input} → card painted (Element Timing): ${by[input].painted.map((v) => Math.round(v)).join(' ')}`);
    }

    // (a') The floor: a bare strict put in the same page, same throttling.
    const bareMs = (await barePuts(page, { count: WARMUP + SAVES, authorId: DEMO.carerSuzukiId })).slice(WARMUP);
    log(`  bare puts: ${bareMs.map((v) => Math.round(v)).join(' ')}`);

    // (b) Open the client's page from the list (the newest card holds the last note saved).
    const back = page.getByRole('link', { name: '利用者', exact: true });
    const openMs = [];
    for (let i = 0; i < WARMUP + OPENS; i++) {
      await back.click();
      await clientLink.waitFor();
      await armTimer(page, { clickText: CLIENT.name, marker: newestNote });
      await clientLink.click();
      const ms = await readTimer(page);
      if (i >= WARMUP) openMs.push(ms);
    }
    log(`  opens: ${openMs.map((v) => Math.round(v)).join(' ')}`);
    // How many cards the page put in the DOM (the whole history, or a first page of it).
    const cardsRendered = await page.evaluate(() => document.querySelectorAll('main li.card').length);

    // (c) Cold: a full load of /clients/<id> (service worker, app start, query, render).
    await page.addInitScript((marker) => {
      const w = window;
      w.__kizukiCold = new Promise((resolve) => {
        const mo = new MutationObserver((records) => {
          for (const r of records) {
            for (const n of r.addedNodes) {
              if (n.nodeType === Node.ELEMENT_NODE && n.tagName !== 'TEXTAREA' && (n.textContent ?? '').includes(marker)) {
                mo.disconnect();
                requestAnimationFrame(() => {
                  const ch = new MessageChannel();
                  ch.port1.onmessage = () => resolve(performance.now());
                  ch.port2.postMessage(null);
                });
                return;
              }
            }
          }
        });
        mo.observe(document, { childList: true, subtree: true });
      });
    }, newestNote);
    const coldMs = [];
    for (let i = 0; i < 1 + COLD_OPENS; i++) {
      await page.goto(`/clients/${CLIENT.id}`);
      const ms = await withTimeout(page.evaluate(() => window.__kizukiCold), 35_000, 'cold open');
      if (i >= 1) coldMs.push(ms);
    }
    log(`  cold opens: ${coldMs.map((v) => Math.round(v)).join(' ')}`);

    await context.close();
    return {
      cpuThrottlingRate: CPU_RATE,
      storedObservations: STORED + 2 * (WARMUP + SAVES),
      timelineClientObservations: (perClient[CLIENT.id] ?? 0) + 2 * (WARMUP + SAVES),
      timelineCardsRendered: cardsRendered,
      chromium: browser.version(),
      /** Saves tapped on the touch screen: from the tap's lift (its `pointerup`) to the card painted and the frame's work done. */
      saveObservationMs: stats(by.tap.ms),
      /** The same saves, from the lift to the card's presented frame (Element Timing). */
      saveObservationPaintedMs: stats(by.tap.painted),
      /** Saves clicked with a mouse (what the bench measured until stop 19), alternated with the taps: from the click's `pointerup`. */
      saveObservationMouseClickMs: stats(by.click.ms),
      saveObservationMouseClickPaintedMs: stats(by.click.painted),
      bareDexiePutMs: { p50: round1(percentile(bareMs, 50)), p95: round1(percentile(bareMs, 95)), n: bareMs.length },
      /** p95 of a save over p95 of the bare put: how far the save is above the floor. */
      saveVsBarePutP95: percentile(bareMs, 95) ? round1(percentile(saveMs, 95) / percentile(bareMs, 95)) : null,
      openTimelineMs: { p50: round1(percentile(openMs, 50)), p95: round1(percentile(openMs, 95)), n: openMs.length },
      openTimelineColdMs: { p50: round1(percentile(coldMs, 50)), p95: round1(percentile(coldMs, 95)), n: coldMs.length },
    };
  } finally {
    await browser.close();
  }
}
