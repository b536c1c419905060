// The seam between the observation form and the clinical rules (issue 10.2): clinical
// vignettes, each typed and tapped through the real form in Chromium as a carer does, then
// checked where it matters — what the phone stored, the score and 「7項目中 n 項目」 on screen,
// the urgency preselected on the consultation form and the 119 guidance at NEWS2 ≥ 7.
// Expected values are written out by hand from PRODUCT.md's tables, not computed by the code
// under test. Demo clients: 山田 (scale 1; usual 36.4 ℃, 132 mmHg, pulse 74, SpO2 97),
// 佐々木 (scale 2, home oxygen; usual SpO2 91), 中村 (scale 1).
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { signIn } from './helpers.js';

const YAMADA = '00000000-0000-4000-8000-000000000201';
const SASAKI = '00000000-0000-4000-8000-000000000202';
const NAKAMURA = '00000000-0000-4000-8000-000000000203';

type Urgency = 'immediate' | 'today' | 'within_days' | 'fyi';
interface Vignette {
  name: string;
  /** The clinical reason this case matters, in one line. */
  why: string;
  client: string;
  t?: string;
  sys?: number;
  dia?: number;
  pulse?: number;
  rr?: number;
  spo2?: number;
  /** Tap a choice of the 酸素 group; `clear` removes a preselected one; absent = leave as is. */
  o2?: 'air' | 'oxygen' | 'clear';
  c?: 'A' | 'C' | 'V' | 'P' | 'U';
  signs?: string[];
  /** Type the temperature without its point (378) and tap the 「37.8 ですか？」 hint. */
  typo?: boolean;
  /** What the phone must store as vitals.onOxygen. */
  onOxygen?: boolean;
  score: number | null;
  n: number;
  urgency: Urgency;
}

const CLINICAL: Record<string, RegExp> = { A: /A: Alert/, C: /C: New confusion/, V: /V: Voice/, P: /P: Pain/, U: /U: Unresponsive/ };

const V: Vignette[] = [
  // Full sets
  { name: 'full set on room air, all normal', why: 'a routine visit on air must read complete (7 of 7), not 6 of 7', client: YAMADA, t: '36.8', sys: 130, dia: 80, pulse: 72, rr: 16, spo2: 97, o2: 'air', c: 'A', onOxygen: false, score: 0, n: 7, urgency: 'fyi' },
  { name: 'full set on oxygen, otherwise normal', why: 'supplemental oxygen alone scores 2 and asks for a nurse today', client: YAMADA, t: '36.8', sys: 130, dia: 80, pulse: 72, rr: 16, spo2: 97, o2: 'oxygen', c: 'A', onOxygen: true, score: 2, n: 7, urgency: 'today' },
  { name: 'full set on air, mild derangement everywhere', why: 'many 1–2 point values add up to 6: urgent without any single red flag', client: NAKAMURA, t: '38.5', sys: 105, dia: 60, pulse: 95, rr: 22, spo2: 95, o2: 'air', c: 'A', onOxygen: false, score: 6, n: 7, urgency: 'immediate' },
  // NEWS2 boundaries without a red flag
  { name: 'NEWS2 4', why: 'the top of the 今日中 band (1–4)', client: YAMADA, t: '38.3', pulse: 105, rr: 22, score: 4, n: 3, urgency: 'today' },
  { name: 'NEWS2 5', why: '5 is the threshold for an urgent response', client: YAMADA, t: '38.3', pulse: 105, rr: 22, spo2: 95, score: 5, n: 4, urgency: 'immediate' },
  { name: 'NEWS2 6', why: 'still urgent, but no 119 guidance yet', client: YAMADA, t: '38.3', sys: 105, dia: 60, pulse: 105, rr: 22, spo2: 95, score: 6, n: 5, urgency: 'immediate' },
  { name: 'NEWS2 7', why: '7 or more: an emergency response — show the plan and 119', client: YAMADA, t: '38.3', sys: 105, dia: 60, pulse: 115, rr: 22, spo2: 95, score: 7, n: 5, urgency: 'immediate' },
  // SpO2 scale 2 (佐々木 is on home oxygen: 酸素吸入中 comes preselected)
  { name: 'scale 2, SpO2 80 on oxygen (preselected)', why: 'severe hypoxaemia despite oxygen: 3 + 2 and a red flag', client: SASAKI, spo2: 80, onOxygen: true, score: 5, n: 2, urgency: 'immediate' },
  { name: 'scale 2, SpO2 80, air or oxygen not recorded', why: 'a dangerous SpO2 must never vanish because 酸素 was left empty', client: SASAKI, spo2: 80, o2: 'clear', score: 3, n: 1, urgency: 'immediate' },
  { name: 'scale 2, SpO2 80 on air', why: 'scores the same on air: 3 and a red flag', client: SASAKI, spo2: 80, o2: 'air', onOxygen: false, score: 3, n: 2, urgency: 'immediate' },
  { name: 'scale 2, SpO2 88 on oxygen', why: '88–92 is the target on scale 2; oxygen alone scores 2', client: SASAKI, spo2: 88, onOxygen: true, score: 2, n: 2, urgency: 'today' },
  { name: 'scale 2, SpO2 88 not recorded', why: 'in target (0 points) but 3 below this client\'s usual 91: still 今日中', client: SASAKI, spo2: 88, o2: 'clear', score: 0, n: 1, urgency: 'today' },
  { name: 'scale 2, SpO2 93 on oxygen', why: 'above target on oxygen scores 1 (+2 for oxygen)', client: SASAKI, spo2: 93, onOxygen: true, score: 3, n: 2, urgency: 'today' },
  { name: 'scale 2, SpO2 93 not recorded', why: '93 needs air or oxygen to be scored: counted as not measured, never as 0', client: SASAKI, spo2: 93, o2: 'clear', score: null, n: 0, urgency: 'fyi' },
  { name: 'scale 2, SpO2 93 on air', why: '93 or more on air is fine on scale 2', client: SASAKI, spo2: 93, o2: 'air', onOxygen: false, score: 0, n: 2, urgency: 'fyi' },
  { name: 'scale 2, SpO2 97 on oxygen', why: 'over-oxygenation of a CO2 retainer: 3 + 2, red flag', client: SASAKI, spo2: 97, onOxygen: true, score: 5, n: 2, urgency: 'immediate' },
  { name: 'scale 2, SpO2 97 not recorded', why: 'cannot be scored without air or oxygen', client: SASAKI, spo2: 97, o2: 'clear', score: null, n: 0, urgency: 'fyi' },
  { name: 'scale 2, SpO2 97 on air', why: 'high SpO2 on air is not a risk', client: SASAKI, spo2: 97, o2: 'air', onOxygen: false, score: 0, n: 2, urgency: 'fyi' },
  // Consciousness alone
  { name: 'new confusion (C) alone', why: 'new confusion scores 3 alone: a red flag', client: YAMADA, c: 'C', score: 3, n: 1, urgency: 'immediate' },
  { name: 'responds to voice (V) alone', why: 'reduced consciousness is a red flag', client: YAMADA, c: 'V', score: 3, n: 1, urgency: 'immediate' },
  { name: 'responds to pain (P) alone', why: 'reduced consciousness is a red flag', client: YAMADA, c: 'P', score: 3, n: 1, urgency: 'immediate' },
  { name: 'unresponsive (U) alone', why: 'unresponsive is a red flag', client: YAMADA, c: 'U', score: 3, n: 1, urgency: 'immediate' },
  // Partial sets
  { name: 'respiratory rate 26 alone', why: 'one red-flag value in a partial set is urgent', client: YAMADA, rr: 26, score: 3, n: 1, urgency: 'immediate' },
  { name: 'two normal values', why: 'a partial 0 is shown as 0 of 2 measured, never as a complete 0', client: YAMADA, t: '37.0', pulse: 80, score: 0, n: 2, urgency: 'fyi' },
  // Signs only, and nothing
  { name: 'a fall, no vitals', why: 'a fall needs a nurse today even with nothing measured', client: YAMADA, signs: ['転倒・転落'], score: null, n: 0, urgency: 'today' },
  { name: 'eating less, no vitals', why: 'a small change is shared within days', client: YAMADA, signs: ['食事量が減った'], score: null, n: 0, urgency: 'within_days' },
  { name: 'nothing but a note', why: 'nothing measured, nothing noticed: share only', client: YAMADA, score: null, n: 0, urgency: 'fyi' },
  // Departures from the client's usual values
  { name: 'temperature 37.8 against a usual 36.4 (typed 378)', why: 'NEWS2 0 but +1.4 ℃ above usual: at least 今日中', client: YAMADA, t: '37.8', typo: true, score: 0, n: 1, urgency: 'today' },
  { name: 'temperature 37.3 against a usual 36.4', why: '+0.9 ℃ is within the usual band', client: YAMADA, t: '37.3', score: 0, n: 1, urgency: 'fyi' },
  { name: 'systolic 165 against a usual 132', why: 'NEWS2 0 but 33 above usual: at least 今日中', client: YAMADA, sys: 165, score: 0, n: 1, urgency: 'today' },
  { name: 'systolic 160 against a usual 132', why: '+28 is within the usual band', client: YAMADA, sys: 160, score: 0, n: 1, urgency: 'fyi' },
  { name: 'a small change and a fever far from usual', why: 'a departure lifts 数日以内 to 今日中', client: YAMADA, t: '37.6', signs: ['食事量が減った', '眠りの変化'], score: 0, n: 1, urgency: 'today' },
];

const URGENCY_WORD: Record<Urgency, string> = { immediate: '至急', today: '今日中', within_days: '数日以内', fyi: '共有のみ' };

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
test.beforeAll(async ({ browser }) => {
  context = await browser.newContext();
  page = await context.newPage();
  await signIn(page, 'carer.suzuki');
  await expect(page.getByRole('link', { name: '山田 花子' })).toBeVisible();
});
test.afterAll(async () => {
  await context.close();
});

/** The observation the phone stored, found by its note in IndexedDB. */
async function storedObservation(note: string): Promise<{ vitals: Record<string, unknown>; news2: { score: number; complete: boolean } } | null> {
  return page.evaluate(async (n) => {
    const read = (name: string) =>
      new Promise<unknown[]>((resolve) => {
        const open = indexedDB.open(name);
        open.onerror = () => resolve([]);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('observations')) {
            db.close();
            resolve([]);
            return;
          }
          const req = db.transaction('observations').objectStore('observations').getAll();
          req.onsuccess = () => {
            db.close();
            resolve(req.result as unknown[]);
          };
          req.onerror = () => resolve([]);
        };
      });
    for (const d of await indexedDB.databases()) {
      if (!d.name) continue;
      const hit = (await read(d.name)).find((o) => (o as { note?: string }).note === n);
      if (hit) return hit as { vitals: Record<string, unknown>; news2: { score: number; complete: boolean } };
    }
    return null;
  }, note);
}

/** In-app navigation (no reload), as following a link does. */
async function go(path: string) {
  await page.evaluate((p) => {
    history.pushState(null, '', p);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await expect(page).toHaveURL(new RegExp(`${path}$`));
}

async function run(v: Vignette, i: number) {
  const note = `vignette ${i + 1}: ${v.name} ${Date.now()}`;
  await go(`/clients/${v.client}/observe`);
  await expect(page.getByLabel('メモ', { exact: true })).toHaveValue('');
  const oxygen = page.getByRole('radio', { name: '酸素吸入中' });
  // 佐々木 is on home oxygen: the form says so before anything is typed.
  if (v.client === SASAKI) await expect(oxygen).toBeChecked();
  else await expect(oxygen).not.toBeChecked();

  const field = (label: string) => page.getByLabel(label, { exact: true });
  if (v.t !== undefined) {
    if (v.typo) {
      await field('体温').pressSequentially(v.t.replace('.', ''));
      await page.getByRole('button', { name: `${v.t} ですか？` }).click();
      await expect(field('体温')).toHaveValue(v.t);
    } else {
      await field('体温').fill(v.t);
    }
  }
  if (v.sys !== undefined) await field('血圧（上）').fill(String(v.sys));
  if (v.dia !== undefined) await field('血圧（下）').fill(String(v.dia));
  if (v.pulse !== undefined) await field('脈拍').fill(String(v.pulse));
  if (v.rr !== undefined) await field('呼吸数').fill(String(v.rr));
  if (v.spo2 !== undefined) await field('SpO2').fill(String(v.spo2));
  if (v.o2 === 'air') await page.getByRole('radio', { name: '空気（酸素なし）' }).check();
  if (v.o2 === 'oxygen') await oxygen.check();
  if (v.o2 === 'clear') {
    await page.getByRole('button', { name: '酸素の選択を外す' }).click();
    await expect(oxygen).not.toBeChecked();
  }
  if (v.c) await page.getByRole('radio', { name: CLINICAL[v.c] }).check();
  for (const s of v.signs ?? []) await page.getByRole('checkbox', { name: s }).check();
  await field('メモ').fill(note);

  // The live score, in view while typing.
  const scoreText = `NEWS2 目安 ${v.score === null ? '—' : `${v.score}点`}（7項目中 ${v.n} 項目）`;
  await expect(page.getByText(scoreText)).toBeInViewport();

  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/clients/${v.client}$`));
  await expect(page.getByRole('status').filter({ hasText: '保存しました' })).toBeVisible();
  if (v.urgency !== 'fyi') await expect(page.getByRole('status').filter({ hasText: `「${URGENCY_WORD[v.urgency]}」` })).toBeVisible();

  // What the phone stored: the vitals as typed and tapped, and the score.
  const stored = await storedObservation(note);
  expect(stored, 'the observation is on the phone').not.toBeNull();
  const expected: Record<string, unknown> = {};
  if (v.t !== undefined) expected.temperature = Number(v.t);
  if (v.sys !== undefined) expected.systolic = v.sys;
  if (v.dia !== undefined) expected.diastolic = v.dia;
  if (v.pulse !== undefined) expected.pulse = v.pulse;
  if (v.rr !== undefined) expected.respiratoryRate = v.rr;
  if (v.spo2 !== undefined) expected.spo2 = v.spo2;
  if (v.onOxygen !== undefined) expected.onOxygen = v.onOxygen;
  if (v.c) expected.consciousness = v.c;
  expect(stored?.vitals).toEqual(expected);
  expect(stored?.news2.score).toBe(v.score ?? 0);
  expect(stored?.news2.complete).toBe(v.n === 7);

  // The consultation form preselects the suggestion; 119 guidance at NEWS2 ≥ 7 only.
  await page.getByRole('link', { name: '看護師に相談する' }).click();
  await expect(page.getByLabel('緊急度')).toHaveValue(v.urgency);
  // The I-SBAR-C draft carries the absolute time (Japan time), never 「たった今」, and the note.
  const situation = page.getByLabel('状況（S）');
  await expect(situation).toHaveValue(/\d{1,2}月\d{1,2}日 \d{1,2}:\d{2}、/);
  await expect(situation).not.toHaveValue(/たった今|分前/);
  await expect(situation).toHaveValue(new RegExp(note.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  const guidance = page.getByRole('alert').filter({ hasText: '119' });
  if ((v.score ?? 0) >= 7) await expect(guidance).toBeVisible();
  else await expect(guidance).toHaveCount(0);
}

const CHUNK = 6;
for (let from = 0; from < V.length; from += CHUNK) {
  const part = V.slice(from, from + CHUNK);
  test(`vignettes ${from + 1}–${from + part.length}: ${part.map((v) => v.name).join(' · ')}`, async () => {
    for (const [k, v] of part.entries()) {
      await test.step(`${v.name} — ${v.why}`, () => run(v, from + k));
    }
  });
}

test('the table covers what issue 10 asks for', () => {
  expect(V.length).toBeGreaterThanOrEqual(25);
  for (const v of V) expect(v.why.length, v.name).toBeGreaterThan(10);
});
