// Times said as people say them (「たった今」, 「5分前」, 「待ち 12分」) move on while a screen stays
// open, with nothing else changing (hazard H8: a nurse's list saying 「待ち 0分」 an hour later).
// The page's clock is moved by the test; the records are made through the API as another phone
// would, so nothing of this page's own changes them.
import { expect, request as playwrightRequest, test } from '@playwright/test';
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
  try {
    await page.clock.install();
    await signIn(page, 'nurse.sato');
    const row = page.locator('li.triage').filter({ hasText: `待ち時間 ${stamp}` });
    await expect(row.getByText('待ち 0分')).toBeVisible({ timeout: 30_000 });
    await page.clock.fastForward(12 * 60_000);
    await expect(row.getByText('待ち 12分')).toBeVisible();

    await page.goto(`/clients/${NAKAMURA}`);
    const card = page.locator('li.card').filter({ hasText: `時刻 ${stamp}` });
    await expect(card.getByText('観察記録 · 12分前')).toBeVisible({ timeout: 30_000 });
    await page.clock.fastForward(5 * 60_000);
    await expect(card.getByText('観察記録 · 17分前')).toBeVisible();
  } finally {
    await context.close();
  }
});
