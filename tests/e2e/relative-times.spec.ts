// Times said as people say them (「たった今」, 「5分前」, 「待ち 12分」) move on while a screen stays
// open, with nothing else changing (hazard H8: a nurse's list saying 「待ち 0分」 an hour later).
// The page's clock is moved by the test; the records are made through the API as another phone
// would, so nothing of this page's own changes them.
import { expect, request as playwrightRequest, test, type Locator } from '@playwright/test';
import { PASSWORD, newPhone, signIn } from './helpers.js';

const NAKAMURA = '00000000-0000-4000-8000-000000000203';

test('an open timeline and an open triage list: the relative times move on each minute by themselves', async ({ browser, baseURL }) => {
  const stamp = Date.now().toString(36);
  const carerApi = await playwrightRequest.newContext({ baseURL, timeout: 10_000 });
  expect((await carerApi.post('/api/session', { data: { loginId: 'carer.suzuki', password: PASSWORD } })).status()).toBe(200);
  const observationId = crypto.randomUUID();
  const observed = await carerApi.put(`/api/observations/${observationId}`, {
    data: { clientId: NAKAMURA, observedAt: new Date().toISOString(), vitals: { temperature: 36.5 }, softSigns: [], note: `時刻 ${stamp}` },
  });
  expect(observed.status()).toBe(201);
  const consulted = await carerApi.put(`/api/consultations/${crypto.randomUUID()}`, {
    data: {
      clientId: NAKAMURA,
      toOrgId: 'sakura',
      observationIds: [observationId],
      category: 'change',
      urgency: 'fyi',
      sbar: { situation: `待ち時間 ${stamp}`, background: '', assessment: '', request: '確認してください。' },
    },
  });
  expect(consulted.status()).toBe(201);
  await carerApi.dispose();

  const { context, page } = await newPhone(browser, { withoutWorker: true });
  /** The minutes a label says now (「待ち 3分」, 「観察記録 · 3分前」): what the test waited for itself varies with the load. */
  const minutesIn = async (label: Locator) => Number(/(\d+)分/.exec((await label.textContent()) ?? '')?.[1] ?? NaN);
  try {
    await page.clock.install();
    await signIn(page, 'nurse.sato');
    const waited = page.locator('li.triage').filter({ hasText: `待ち時間 ${stamp}` }).getByText(/^待ち \d+分$/);
    await expect(waited).toBeVisible({ timeout: 30_000 });
    const before = await minutesIn(waited);
    expect(before).toBeLessThan(5);
    await page.clock.fastForward(12 * 60_000);
    await expect(waited).toHaveText(`待ち ${before + 12}分`);

    await page.goto(`/clients/${NAKAMURA}`);
    const when = page.locator('li.card').filter({ hasText: `時刻 ${stamp}` }).getByText(/^観察記録 · \d+分前$/);
    await expect(when).toBeVisible({ timeout: 30_000 });
    const shown = await minutesIn(when);
    expect(shown).toBeGreaterThanOrEqual(12);
    await page.clock.fastForward(5 * 60_000);
    await expect(when).toHaveText(`観察記録 · ${shown + 5}分前`);
  } finally {
    await context.close();
  }
});
