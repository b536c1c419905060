// Live: a new consultation from the carer's phone on the nurse's open 相談一覧. Two browser
// contexts, both signed in through the app: the nurse's page stays on 相談一覧 (its live stream
// open); the carer's page sends each consultation with fetch PUT /api/consultations/{id} — what
// its outbox does — and the time runs from just before that request until the nurse's page has
// a node holding the consultation's text and the next frame has painted. Both pages read
// Date.now() of the same machine. One send at a time; 2 warm-ups not counted.
import { launchBrowser, newPhone, signIn } from './browser.mjs';
import { DEMO, percentile, round1, withTimeout } from './util.mjs';

const SENDS = 50;
const WARMUP = 2;

/** In the nurse's page: resolves with Date.now() once `marker` is shown and painted. */
function armNurse(page, marker) {
  return page.evaluate((marker) => {
    window.__kizukiLive = new Promise((resolve, reject) => {
      const holds = (n) => (n.nodeType === Node.TEXT_NODE || n.nodeType === Node.ELEMENT_NODE) && (n.textContent ?? '').includes(marker);
      const mo = new MutationObserver((records) => {
        for (const r of records) {
          const nodes = r.type === 'characterData' ? [r.target] : [...r.addedNodes];
          if (nodes.some(holds)) {
            mo.disconnect();
            requestAnimationFrame(() => {
              const ch = new MessageChannel();
              ch.port1.onmessage = () => resolve(Date.now());
              ch.port2.postMessage(null);
            });
            return;
          }
        }
      });
      mo.observe(document.body, { childList: true, subtree: true, characterData: true });
      setTimeout(() => reject(new Error(`"${marker}" did not reach the nurse within 30 s`)), 30_000);
    });
  }, marker);
}

/** In the carer's page: sends one consultation; resolves with Date.now() taken before the request. */
function send(page, { clientId, situation }) {
  return page.evaluate(
    async ({ clientId, situation }) => {
      const t0 = Date.now();
      const res = await fetch(`/api/consultations/${crypto.randomUUID()}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId,
          toOrgId: 'sakura',
          observationIds: [],
          category: 'change',
          urgency: 'today',
          sbar: { situation, background: '', assessment: '', request: '様子を見てください' },
        }),
      });
      if (res.status !== 201) throw new Error(`the consultation answered ${res.status}`);
      return t0;
    },
    { clientId, situation },
  );
}

export async function measureLive(base, { log = () => {} } = {}) {
  const browser = await launchBrowser();
  try {
    const nurse = await newPhone(browser, base);
    const streams = [];
    nurse.page.on('request', (r) => {
      if (r.url().includes('/api/events')) streams.push(r.url());
    });
    await signIn(nurse.page, 'nurse.sato');
    await nurse.page.getByRole('heading', { name: '相談一覧' }).waitFor();
    const carer = await newPhone(browser, base);
    await signIn(carer.page, 'carer.suzuki');

    const ms = [];
    const run = Date.now().toString(36);
    for (let i = 0; i < WARMUP + SENDS; i++) {
      const situation = `ライブ計測 ${run}-${i}`;
      await armNurse(nurse.page, situation);
      const t0 = await send(carer.page, { clientId: DEMO.himawariClients[i % DEMO.himawariClients.length], situation });
      const t1 = await withTimeout(nurse.page.evaluate(() => window.__kizukiLive), 35_000, 'nurse screen');
      if (i >= WARMUP) ms.push(t1 - t0);
    }
    log(`  new consultation → nurse's screen: ${ms.map((v) => Math.round(v)).join(' ')}`);
    await nurse.context.close();
    await carer.context.close();
    return {
      newConsultationToNurseMs: { p50: round1(percentile(ms, 50)), p95: round1(percentile(ms, 95)), n: ms.length },
      // More than one means the stream dropped and was reopened during the run.
      streamsOpened: streams.length,
    };
  } finally {
    await browser.close();
  }
}
