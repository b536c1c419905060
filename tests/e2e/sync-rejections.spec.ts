// Writes the server refuses, in the browser: the 送信の状況 panel gives the reason in plain
// Japanese with もう一度送る and 削除する, and the record on screen is the server's afterwards
// (docs/decisions/0007-local-entity-lifecycle.md). Real refusals of the real server: a 409 (the
// nurse closed the consultation before the carer's message arrived), a 404 (the station was
// unlinked from the client before the nurse's usual values arrived) and a 409 on usual values
// (another nurse set them first: docs/decisions/0020-usual-values-precondition.md).
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';
import { PASSWORD, newPhone, signIn } from './helpers.js';

const YAMADA = '00000000-0000-4000-8000-000000000201';
const SASAKI = '00000000-0000-4000-8000-000000000202';
const NAKAMURA = '00000000-0000-4000-8000-000000000203';

async function api(baseURL: string | undefined, loginId: string): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL, timeout: 10_000 });
  expect((await ctx.post('/api/session', { data: { loginId, password: PASSWORD } })).status()).toBe(200);
  return ctx;
}

/** The next POST /api/batch of this page or its worker, answered. */
function nextBatch(page: Page) {
  return page.context().waitForEvent('response', { predicate: (r) => r.url().endsWith('/api/batch') && r.request().method() === 'POST', timeout: 30_000 });
}

/**
 * What the phone's database holds of a client: its row, and how many of its observations and
 * consultations the server would no longer show sakura without it (not sent to sakura, not cited
 * by a consultation sent to sakura).
 */
function heldOf(page: Page, clientId: string): Promise<{ client: boolean; notVisible: number }> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('kizuki');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = <T,>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result as T[]);
        req.onerror = () => reject(req.error);
      });
    const client = await new Promise<boolean>((resolve) => {
      const req = db.transaction('clients').objectStore('clients').count(id);
      req.onsuccess = () => resolve(req.result > 0);
    });
    const consultations = (await all<{ clientId: string; toOrgId: string; observationIds: string[] }>('consultations')).filter((k) => k.clientId === id);
    const cited = new Set(consultations.filter((k) => k.toOrgId === 'sakura').flatMap((k) => k.observationIds));
    const observations = (await all<{ id: string; clientId: string }>('observations')).filter((o) => o.clientId === id);
    db.close();
    return { client, notVisible: consultations.filter((k) => k.toOrgId !== 'sakura').length + observations.filter((o) => !cited.has(o.id)).length };
  }, clientId);
}

test.use({ viewport: { width: 390, height: 844 } });

test('409: the nurse closed the consultation first — the reason, もう一度送る, 削除する, and the closed consultation on screen', async ({ browser, baseURL }) => {
  const stamp = Date.now().toString(36);
  const question = `追加で質問です ${stamp}`;
  const { context, page } = await newPhone(browser);
  await signIn(page, 'carer.suzuki');

  // A consultation the carer sent earlier (through the API, with the phone's own session).
  const kId = crypto.randomUUID();
  const created = await page.request.put(`/api/consultations/${kId}`, {
    data: {
      clientId: YAMADA,
      toOrgId: 'sakura',
      observationIds: [],
      category: 'change',
      urgency: 'today',
      sbar: { situation: `食事量が減った ${stamp}`, background: '', assessment: 'わからない', request: '助言をお願いします' },
    },
  });
  expect(created.status()).toBe(201);
  // The nurse asks a question: the carer's reply box appears only when there is an answer (18.2).
  const nurse = await api(baseURL, 'nurse.sato');
  const asked = `何時からですか ${stamp}`;
  expect(
    (await nurse.put(`/api/consultations/${kId}/messages/${crypto.randomUUID()}`, { data: { kind: 'message', body: asked, replyKind: 'ask_more' } })).status(),
  ).toBe(201);
  await page.goto(`/consultations/${kId}`);
  await expect(page.getByText(asked).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: '山田 花子さんについての相談' })).toBeVisible({ timeout: 30_000 });

  // No signal: the carer writes a follow-up. Meanwhile the nurse closes the consultation.
  await context.setOffline(true);
  await page.getByLabel('返信内容').fill(question);
  await page.getByRole('button', { name: '返信する' }).click();
  await expect(page.getByText('未送信 1件', { exact: true })).toBeVisible();
  await expect(page.getByText(question)).toBeVisible();
  expect((await nurse.put(`/api/consultations/${kId}/messages/${crypto.randomUUID()}`, { data: { kind: 'close' } })).status()).toBe(201);

  // Signal back: the server refuses the message (409); the phone shows the consultation as the server has it.
  const refused = nextBatch(page);
  await context.setOffline(false);
  const batch = await refused;
  expect(((await batch.json()) as { responses: { status: number }[] }).responses.map((r) => r.status)).toContain(409);
  await expect(page.getByText('送信できなかった記録 1件')).toBeVisible();
  await expect(page.locator('.current-status')).toHaveText('状況: 完了');
  await expect(page.getByText('完了にしました')).toBeVisible();
  await expect(page.locator('.messages').getByText(question)).toHaveCount(0);
  await expect(page.getByLabel('返信内容')).toHaveCount(0);

  // 送信の状況: what was refused and why, in plain Japanese.
  await page.goto('/sync');
  const item = page.getByRole('listitem').filter({ hasText: '相談へのメッセージ' });
  await expect(item).toHaveCount(1);
  await expect(item.getByText('この相談は完了しています。新しい相談を作成してください。')).toBeVisible();
  await expect(item.getByText(`「${question}」`)).toBeVisible();

  // もう一度送る: the server refuses again for the same reason; nothing is stored.
  const again = nextBatch(page);
  await item.getByRole('button', { name: 'もう一度送る' }).click();
  expect(((await (await again).json()) as { responses: { status: number }[] }).responses.map((r) => r.status)).toEqual([409]);
  await expect(item.getByText('この相談は完了しています。新しい相談を作成してください。')).toBeVisible();
  await expect(page.getByText('送信できなかった記録 1件')).toBeVisible();

  // 削除する: the item goes; the consultation stays as the server has it.
  page.once('dialog', (d) => void d.accept());
  await item.getByRole('button', { name: '削除する' }).click();
  await expect(page.getByRole('heading', { name: '送信できなかったもの' })).toHaveCount(0);
  await expect(page.getByText(/送信できなかった記録/)).toHaveCount(0);
  await page.goto(`/consultations/${kId}`);
  await expect(page.locator('.current-status')).toHaveText('状況: 完了');
  const server = (await (await nurse.get(`/api/consultations/${kId}`)).json()) as { status: string; messages: { body?: string }[] };
  expect(server.status).toBe('closed');
  expect(server.messages.map((m) => m.body ?? null)).toEqual([asked, null]);
  await expect(page.locator('.messages > li')).toHaveCount(server.messages.length);
  await expect(page.getByText(question)).toHaveCount(0);
  await nurse.dispose();
  await context.close();
});

test('404: the station was unlinked first — the client leaves the nurse\'s phone; linked again, もう一度送る stores the usual values; unlinked with nothing unsent, it leaves her list at the next pass', async ({ browser, baseURL }) => {
  const admin = await api(baseURL, 'admin.himawari');
  const { context, page } = await newPhone(browser);
  try {
    await signIn(page, 'nurse.sato');
    await page.goto(`/clients/${SASAKI}`);
    await expect(page.getByRole('heading', { name: '佐々木 一郎', exact: true })).toBeVisible({ timeout: 30_000 });

    // No signal: the nurse sets the usual temperature. Meanwhile the admin unlinks her station.
    await context.setOffline(true);
    await page.getByText('いつもの値（看護師が設定）').click();
    await page.getByLabel('いつもの体温').fill('35.7');
    await page.getByRole('button', { name: 'いつもの値を保存' }).click();
    await expect(page.getByText('未送信 1件', { exact: true })).toBeVisible();
    expect((await admin.put(`/api/admin/clients/${SASAKI}/stations`, { data: { stationIds: [] } })).status()).toBe(200);

    const refused = nextBatch(page);
    await context.setOffline(false);
    expect(((await (await refused).json()) as { responses: { status: number }[] }).responses.map((r) => r.status)).toEqual([404]);
    await expect(page.getByText('送信できなかった記録 1件')).toBeVisible();
    // The server no longer shows this client to her station: neither does the phone.
    await page.goto('/clients');
    await expect(page.getByRole('link', { name: '山田 花子' })).toBeVisible();
    await expect(page.getByRole('link', { name: '佐々木 一郎' })).toHaveCount(0);
    // Nor its records (ADR 0019): the same pass's check took the rest; her refused entry stays below.
    await expect.poll(() => heldOf(page, SASAKI), { timeout: 30_000 }).toEqual({ client: false, notVisible: 0 });

    await page.goto('/sync');
    const item = page.getByRole('listitem').filter({ hasText: 'いつもの値' });
    await expect(item.getByText('この利用者は見つかりません。')).toBeVisible();
    await expect(item.getByText('「体温 35.7℃」')).toBeVisible();

    // Linked again: もう一度送る goes through, and the phone shows what the server stored.
    expect((await admin.put(`/api/admin/clients/${SASAKI}/stations`, { data: { stationIds: ['sakura'] } })).status()).toBe(200);
    const accepted = nextBatch(page);
    await item.getByRole('button', { name: 'もう一度送る' }).click();
    expect(((await (await accepted).json()) as { responses: { status: number }[] }).responses.map((r) => r.status)).toEqual([200]);
    await expect(page.getByRole('heading', { name: '送信できなかったもの' })).toHaveCount(0);
    const nurse = await api(baseURL, 'nurse.sato');
    const server = (await (await nurse.get(`/api/clients/${SASAKI}`)).json()) as { usual?: { temperature?: number; updatedByName?: string } };
    expect(server.usual?.temperature).toBe(35.7);
    await page.goto(`/clients/${SASAKI}`);
    await page.getByText('いつもの値（看護師が設定）').click();
    await expect(page.getByText(/最終更新: 佐藤 看護師/)).toBeVisible();
    await expect(page.getByLabel('いつもの体温')).toHaveValue('35.7');
    await nurse.dispose();

    // Unlinked again, now with nothing of hers unsent, while her app is open on the list. The
    // unlink wakes it through the live stream — here the consultations sent to her station, which
    // the unlink re-announces; for a client with none, the stream's notice of access she lost
    // (routes/events.ts, tests/server/events.test.ts) — and 佐々木 leaves her 利用者 list and the
    // phone's database with no write, reload or return of hers (docs/decisions/0019-access-ends-on-the-phone.md).
    // Its stream open first: from then on the app does not poll, so only the stream can wake it.
    const streamOpen = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events' && r.status() === 200);
    await page.goto('/clients');
    await expect(page.getByRole('link', { name: '佐々木 一郎' })).toBeVisible();
    await streamOpen;
    expect((await admin.put(`/api/admin/clients/${SASAKI}/stations`, { data: { stationIds: [] } })).status()).toBe(200);
    await expect(page.getByRole('link', { name: '佐々木 一郎' })).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByRole('link', { name: '山田 花子' })).toBeVisible();
    expect(await heldOf(page, SASAKI)).toEqual({ client: false, notVisible: 0 });
    // Linked again: it comes back.
    expect((await admin.put(`/api/admin/clients/${SASAKI}/stations`, { data: { stationIds: ['sakura'] } })).status()).toBe(200);
    await expect(page.getByRole('link', { name: '佐々木 一郎' })).toBeVisible({ timeout: 30_000 });
  } finally {
    // Leave the demo region as other tests expect it.
    await admin.put(`/api/admin/clients/${SASAKI}/stations`, { data: { stationIds: ['sakura'] } });
    await admin.dispose();
    await context.close();
  }
});

test('409 on usual values: another nurse set them while hers waited offline — the reason, their values on her screen, and もう一度送る sends hers', async ({ browser, baseURL }) => {
  const admin = await api(baseURL, 'admin.himawari');
  const tanaka = await api(baseURL, 'nurse.tanaka');
  const sato = await api(baseURL, 'nurse.sato');
  type Usual = { temperature?: number; systolic?: number; diastolic?: number; pulse?: number; spo2?: number; updatedAt?: string; updatedByName?: string };
  const usualNow = async () => ((await (await sato.get(`/api/clients/${NAKAMURA}`)).json()) as { spo2Scale: 1 | 2; usual?: Usual });
  const original = await usualNow();
  const { context, page } = await newPhone(browser);
  try {
    // A second station (midori, nurse.tanaka) serves 中村 beside sakura.
    expect((await admin.put(`/api/admin/clients/${NAKAMURA}/stations`, { data: { stationIds: ['sakura', 'midori'] } })).status()).toBe(200);
    await signIn(page, 'nurse.sato');
    await page.goto(`/clients/${NAKAMURA}`);
    await expect(page.getByRole('heading', { name: '中村 ふみ', exact: true })).toBeVisible({ timeout: 30_000 });

    // No signal: sato sets the usual temperature. Meanwhile tanaka sets it from the values as they were.
    await context.setOffline(true);
    await page.getByText('いつもの値（看護師が設定）').click();
    await page.getByLabel('いつもの体温').fill('35.9');
    await page.getByRole('button', { name: 'いつもの値を保存' }).click();
    await expect(page.getByText('未送信 1件', { exact: true })).toBeVisible();
    const theirs = await tanaka.put(`/api/clients/${NAKAMURA}/usual`, {
      data: { spo2Scale: original.spo2Scale, temperature: 37.1, basedOn: original.usual?.updatedAt ?? null },
    });
    expect(theirs.status()).toBe(200);

    const refused = nextBatch(page);
    await context.setOffline(false);
    expect(((await (await refused).json()) as { responses: { status: number }[] }).responses.map((r) => r.status)).toEqual([409]);
    await expect(page.getByText('送信できなかった記録 1件')).toBeVisible();
    expect((await usualNow()).usual?.temperature, 'theirs stay').toBe(37.1);
    // The form she typed in, still open, now shows tanaka's values and says so: a 保存 would
    // not send hers again unseen.
    await expect(page.getByText(/最終更新: 田中 看護師/)).toBeVisible();
    await expect(page.getByLabel('いつもの体温')).toHaveValue('37.1');
    await expect(page.getByText('ほかの看護師が変更した今の値を表示しています。')).toBeVisible();

    await page.goto('/sync');
    const item = page.getByRole('listitem').filter({ hasText: 'いつもの値' });
    await expect(item.getByText('ほかの看護師が先にいつもの値を変更していました。今の値を確かめてから、もう一度送るか削除してください。')).toBeVisible();
    await expect(item.getByText('「体温 35.9℃」')).toBeVisible();

    // The reason asks her to look at the values in effect: the item takes her there, and her
    // screen shows tanaka's, also when the page is opened anew.
    await item.getByRole('link', { name: '利用者のページで今の値を見る' }).click();
    await expect(page.getByRole('heading', { name: '中村 ふみ', exact: true })).toBeVisible();
    await page.getByText('いつもの値（看護師が設定）').click();
    await expect(page.getByText(/最終更新: 田中 看護師/)).toBeVisible();
    await expect(page.getByLabel('いつもの体温')).toHaveValue('37.1');
    await page.goto('/sync');

    // She chooses hers: もう一度送る goes through from the values she was shown.
    const accepted = nextBatch(page);
    await item.getByRole('button', { name: 'もう一度送る' }).click();
    expect(((await (await accepted).json()) as { responses: { status: number }[] }).responses.map((r) => r.status)).toEqual([200]);
    await expect(page.getByRole('heading', { name: '送信できなかったもの' })).toHaveCount(0);
    expect((await usualNow()).usual).toMatchObject({ temperature: 35.9, updatedByName: '佐藤 看護師' });
    await page.goto(`/clients/${NAKAMURA}`);
    await page.getByText('いつもの値（看護師が設定）').click();
    await expect(page.getByText(/最終更新: 佐藤 看護師/)).toBeVisible();
    await expect(page.getByLabel('いつもの体温')).toHaveValue('35.9');
  } finally {
    // Leave the demo region as other tests expect it: sakura alone, the usual values as they were.
    await admin.put(`/api/admin/clients/${NAKAMURA}/stations`, { data: { stationIds: ['sakura'] } });
    const u = original.usual ?? {};
    await sato.put(`/api/clients/${NAKAMURA}/usual`, {
      data: { spo2Scale: original.spo2Scale, temperature: u.temperature, systolic: u.systolic, diastolic: u.diastolic, pulse: u.pulse, spo2: u.spo2 },
    });
    await Promise.all([admin.dispose(), tanaka.dispose(), sato.dispose()]);
    await context.close();
  }
});

test('usual values: her own change from another device reaches the open form — those values, said so; her save from this phone leaves the form as she typed it', async ({ browser, baseURL }) => {
  // The same nurse signed in a second time: her other device (the office's browser).
  const elsewhere = await api(baseURL, 'nurse.sato');
  type Usual = { temperature?: number; systolic?: number; diastolic?: number; pulse?: number; spo2?: number; updatedAt?: string };
  const usualNow = async () => ((await (await elsewhere.get(`/api/clients/${NAKAMURA}`)).json()) as { spo2Scale: 1 | 2; usual?: Usual });
  const original = await usualNow();
  const { context, page } = await newPhone(browser);
  try {
    await signIn(page, 'nurse.sato');
    await page.goto(`/clients/${NAKAMURA}`);
    await expect(page.getByRole('heading', { name: '中村 ふみ', exact: true })).toBeVisible({ timeout: 30_000 });
    await page.getByText('いつもの値（看護師が設定）').click();
    const temperature = page.getByLabel('いつもの体温');

    // Saved from this phone while offline, and she goes on typing; back online, the server's
    // answer to her save lands: the form keeps what she typed, and says nothing.
    await context.setOffline(true);
    await temperature.fill('36.2');
    await page.getByRole('button', { name: 'いつもの値を保存' }).click();
    await expect(page.getByText('未送信 1件', { exact: true })).toBeVisible();
    await temperature.fill('36.4');
    await context.setOffline(false);
    await expect
      .poll(async () => {
        const u = (await usualNow()).usual;
        return u?.updatedAt !== original.usual?.updatedAt && u?.temperature;
      }, { timeout: 30_000 })
      .toBe(36.2);
    const stored = (await usualNow()).usual?.updatedAt;
    await expect
      .poll(
        () =>
          page.evaluate(async (id) => {
            const db = await new Promise<IDBDatabase>((resolve, reject) => {
              const open = indexedDB.open('kizuki');
              open.onsuccess = () => resolve(open.result);
              open.onerror = () => reject(open.error);
            });
            const client = await new Promise<{ usual?: { updatedAt?: string } } | undefined>((resolve) => {
              const req = db.transaction('clients').objectStore('clients').get(id);
              req.onsuccess = () => resolve(req.result as { usual?: { updatedAt?: string } } | undefined);
            });
            db.close();
            return client?.usual?.updatedAt;
          }, NAKAMURA),
        { timeout: 30_000 },
      )
      .toBe(stored);
    // The page's live query has answered with it (a frame and a task after the phone stored it).
    await expect(page.getByText('未送信 0件', { exact: true })).toBeVisible();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
    await expect(temperature).toHaveValue('36.4');
    await expect(page.getByText('同じアカウントで、別の端末から変更された今の値を表示しています。')).toHaveCount(0);

    // Her other device sets the values meanwhile: the open form shows them and says where from.
    const changed = await elsewhere.put(`/api/clients/${NAKAMURA}/usual`, { data: { spo2Scale: original.spo2Scale, temperature: 36.8, basedOn: stored } });
    expect(changed.status()).toBe(200);
    await expect(temperature).toHaveValue('36.8', { timeout: 30_000 });
    await expect(page.getByText('同じアカウントで、別の端末から変更された今の値を表示しています。')).toBeVisible();
    await expect(page.getByText('ほかの看護師が変更した今の値を表示しています。')).toHaveCount(0);
  } finally {
    const u = original.usual ?? {};
    await elsewhere.put(`/api/clients/${NAKAMURA}/usual`, {
      data: { spo2Scale: original.spo2Scale, temperature: u.temperature, systolic: u.systolic, diastolic: u.diastolic, pulse: u.pulse, spo2: u.spo2 },
    });
    await elsewhere.dispose();
    await context.close();
  }
});
