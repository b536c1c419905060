// Answer first (issue 17) and the reply area without stumbles (issue 18.2, 18.8, 18.9), on a
// 390 × 844 phone in Chromium: on each screen the thing its reader needs now ends within the
// first screenful (document position, whatever the scroll), and a screenshot of each is kept.
// Consultations and answers are set up through the API (the loop through the forms is covered
// by loop.spec.ts); every check here is made on the screen, by role and accessible name.
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type Locator, type Page, type TestInfo } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { PASSWORD, keptPhones, signIn, withoutServiceWorker } from './helpers.js';

const VIEWPORT = { width: 390, height: 844 };
const YAMADA = '00000000-0000-4000-8000-000000000201';
const SASAKI = '00000000-0000-4000-8000-000000000202';

/**
 * One phone per account for the whole file (carer.suzuki, carer.takahashi, nurse.sato), signed
 * in through the UI by the first test that needs it and then kept: each later test opens its
 * screen with a page load, as before, without a sign-in or a context restored from stored state
 * (as slow as a sign-in on a busy machine). None of them works offline or signs out; what one
 * leaves on a phone (a withdrawn or answered consultation of its own) is not what another checks.
 * The first-sync test (18.9) signs in on fresh phones of its own. No phone here has a service
 * worker (withoutServiceWorker): nothing here is about the worker or offline.
 */
const phones = keptPhones({ viewport: VIEWPORT }, { withoutWorker: true });
test.afterAll(async () => {
  await phones.closeAll();
});

/** A fresh 390 × 844 phone, signed out. */
async function phone(browser: Browser) {
  const context = await withoutServiceWorker(await browser.newContext({ viewport: VIEWPORT }));
  const page = await context.newPage();
  return { context, page };
}

function baseURL(info: TestInfo): string {
  const url = info.project.use.baseURL;
  if (!url) throw new Error('no baseURL');
  return url;
}

/** A signed-in API session of its own (the nurse or carer on another device). */
async function apiAs(info: TestInfo, loginId: string): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL: baseURL(info) });
  expect((await api.post('/api/session', { data: { loginId, password: PASSWORD } })).status()).toBe(200);
  return api;
}

async function observe(api: APIRequestContext, clientId: string, vitals: Record<string, unknown>, softSigns: string[], note: string) {
  const id = randomUUID();
  const res = await api.put(`/api/observations/${id}`, {
    data: { clientId, observedAt: new Date(Date.now() - 20 * 60_000).toISOString(), vitals, softSigns, note },
  });
  expect(res.status()).toBe(201);
  return id;
}

async function consult(api: APIRequestContext, clientId: string, observationIds: string[], urgency: string, situation: string) {
  const id = randomUUID();
  const res = await api.put(`/api/consultations/${id}`, {
    data: {
      clientId,
      toOrgId: 'sakura',
      observationIds,
      category: 'change',
      urgency,
      sbar: { situation, background: '', assessment: 'わからない', request: 'どうすればよいか教えてください。' },
    },
  });
  expect(res.status()).toBe(201);
  return id;
}

async function say(api: APIRequestContext, consultationId: string, message: Record<string, unknown>) {
  const res = await api.put(`/api/consultations/${consultationId}/messages/${randomUUID()}`, { data: message });
  expect(res.status()).toBe(201);
}

/** Where an element sits in the document (not the viewport): the same whatever the scroll. */
async function docBox(locator: Locator) {
  await expect(locator).toBeVisible();
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, left: r.left, right: r.right, width: r.width };
  });
}

async function expectInFirstScreen(locator: Locator, what: string) {
  const box = await docBox(locator);
  expect(box.bottom, `${what} ends within the first screenful (≤ ${VIEWPORT.height} px)`).toBeLessThanOrEqual(VIEWPORT.height);
}

async function keepScreenshot(page: Page, info: TestInfo, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  const path = info.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await info.attach(name, { path, contentType: 'image/png' });
}

test('carer: the latest answer comes first — kind, text, the follow-up and its button — then the chain, the conversation, what was sent', async ({ browser }, info) => {
  const note = `答え先 ${Date.now()}`;
  const carerApi = await apiAs(info, 'carer.suzuki');
  const nurseApi = await apiAs(info, 'nurse.sato');
  const obs = await observe(carerApi, YAMADA, { temperature: 38.2, pulse: 96 }, ['drinking_less', 'not_usual'], note);
  const k = await consult(carerApi, YAMADA, [obs], 'today', `${note}。熱があります。`);
  await say(nurseApi, k, { kind: 'acknowledge' });
  const advice = '水分を取って2時間後に再検温してください。38.5度以上なら連絡を。';
  await say(nurseApi, k, {
    kind: 'message',
    body: advice,
    replyKind: 'advice',
    followUp: { task: '2時間後に再検温', dueAt: new Date(Date.now() + 2 * 3600_000).toISOString() },
  });

  const page = await phones.get(browser, 'carer.suzuki');
  await page.goto(`/consultations/${k}`);
  const kind = page.getByRole('heading', { name: '助言', exact: true });
  await expect(kind).toBeVisible({ timeout: 20_000 });
  const answer = page.locator('section.answer');
  await expect(answer).toContainText(advice);
  await expect(answer).toContainText(/まで/); // the due time of the follow-up
  const record = page.getByRole('link', { name: '再検温を記録する' });
  await expectInFirstScreen(kind, 'the answer kind');
  await expectInFirstScreen(page.getByText(advice), 'the answer text');
  await expectInFirstScreen(record, '再検温を記録する');
  // The kind is drawn in its colour (advice: the brand green), not the text colour.
  const colours = await kind.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(document.body).color]);
  expect(colours[0]).not.toBe(colours[1]);

  // Then the delivery chain, the conversation, what was sent — in that order.
  const chain = await docBox(page.getByRole('list', { name: '相談の状況' }));
  const conversation = await docBox(page.getByRole('heading', { name: 'やりとり' }));
  const sent = await docBox(page.getByRole('heading', { name: '相談内容' }));
  expect((await docBox(answer)).bottom).toBeLessThanOrEqual(chain.top);
  expect(chain.bottom).toBeLessThanOrEqual(conversation.top);
  expect(conversation.bottom).toBeLessThanOrEqual(sent.top);
  // The answer is not repeated in the conversation.
  await expect(page.getByText(advice)).toHaveCount(1);
  // The cited record reads as on the client page: its vitals, its signs under 「いつもと違う」,
  // its note (hazard H12).
  const cited = page.getByRole('region', { name: 'もとの記録' });
  await expect(cited).toContainText('いつもと違う:');
  await expect(cited).toContainText('水分が取れていない');
  await expect(cited.getByText(note, { exact: true })).toBeVisible();
  await keepScreenshot(page, info, 'carer-answer-first');

  // One tap does the task: the observation form for this client.
  await record.click();
  await expect(page).toHaveURL(new RegExp(`/clients/${YAMADA}/observe`));
  await expect(page.getByLabel('体温', { exact: true })).toBeVisible();
  await carerApi.dispose();
  await nurseApi.dispose();
});

test('carer: 救急要請を is unmistakable — full width, first, with 119 guidance and the emergency plan', async ({ browser }, info) => {
  const note = `救急 ${Date.now()}`;
  const carerApi = await apiAs(info, 'carer.suzuki');
  const nurseApi = await apiAs(info, 'nurse.sato');
  const obs = await observe(carerApi, YAMADA, { temperature: 39.4, respiratoryRate: 26, pulse: 128, spo2: 91 }, ['breathing'], note);
  const k = await consult(carerApi, YAMADA, [obs], 'immediate', `${note}。息が苦しそうです。`);
  await say(nurseApi, k, { kind: 'message', body: 'すぐに119番に連絡してください。', replyKind: 'call_ambulance' });

  const page = await phones.get(browser, 'carer.suzuki');
  await page.goto(`/consultations/${k}`);
  const kind = page.getByRole('heading', { name: '救急要請を', exact: true });
  await expect(kind).toBeVisible({ timeout: 20_000 });
  const block = page.locator('section.answer');
  await expectInFirstScreen(kind, 'the 救急要請を heading');
  await expectInFirstScreen(page.getByRole('link', { name: '119番に電話する' }), 'the 119 call');
  await expect(block).toContainText('119');
  await expect(block).toContainText('長男（090-0000-0001）');
  const box = await docBox(block);
  expect(box.width, 'edge to edge').toBeGreaterThanOrEqual(VIEWPORT.width - 1);
  await keepScreenshot(page, info, 'carer-call-ambulance');
  await carerApi.dispose();
  await nurseApi.dispose();
});

test('18.2: before any answer the carer sees only 取り下げる, which asks first; no rating, no reply box', async ({ browser }, info) => {
  const note = `取り下げ ${Date.now()}`;
  const carerApi = await apiAs(info, 'carer.takahashi');
  const k = await consult(carerApi, SASAKI, [], 'within_days', `${note}。少し元気がありません。`);

  const page = await phones.get(browser, 'carer.takahashi');
  await page.goto(`/consultations/${k}`);
  await expect(page.locator('[aria-current="step"]')).toHaveText('送信済み', { timeout: 20_000 });
  await expect(page.getByText('看護師の回答を待っています', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: '完了にする' })).toHaveCount(0);
  await expect(page.getByRole('radiogroup', { name: '助言は役に立ちましたか' })).toHaveCount(0);
  await expect(page.getByText('助言は役に立ちましたか')).toHaveCount(0);
  await expect(page.getByLabel('返信内容')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '返信する' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '取り下げる' })).toHaveCount(1);
  await keepScreenshot(page, info, 'carer-before-answer');

  // 取り下げる asks first; やめる leaves it as it was.
  await page.getByRole('button', { name: '取り下げる' }).click();
  const ask = page.getByRole('group', { name: /この相談を取り下げますか/ });
  await expect(ask).toBeVisible();
  await expect(page.locator('[aria-current="step"]')).toHaveText('送信済み');
  await ask.getByRole('button', { name: 'やめる' }).click();
  await expect(ask).toHaveCount(0);
  await page.getByRole('button', { name: '取り下げる' }).click();
  await page.getByRole('button', { name: 'はい、取り下げます' }).click();
  await expect(page.locator('[aria-current="step"]')).toHaveText('完了', { timeout: 20_000 });
  await expect(page.getByText('取り下げました')).toBeVisible();
  await expect(page.getByRole('button', { name: '取り下げる' })).toHaveCount(0);
  // The page shows the withdrawal as soon as it is stored on the phone; the server learns of it
  // when the outbox flushes, a moment later.
  await expect
    .poll(async () => ((await (await carerApi.get(`/api/consultations/${k}`)).json()) as { status: string }).status, { timeout: 30_000 })
    .toBe('closed');
  await carerApi.dispose();
});

test('carer: an unopened answer shows on the client list (回答あり n件) and first on the client page with the open tasks', async ({ browser }, info) => {
  const note = `未読の回答 ${Date.now()}`;
  const carerApi = await apiAs(info, 'carer.takahashi');
  const nurseApi = await apiAs(info, 'nurse.sato');
  const page = await phones.get(browser, 'carer.takahashi');
  await page.goto('/');
  const row = page.locator('li.client-row').filter({ has: page.getByRole('link', { name: '佐々木 一郎', exact: true }) });
  await expect(row).toBeVisible();
  const badgeCount = async () => {
    const text = (await row.locator('.answer-badge').allInnerTexts())[0] ?? '回答あり 0件';
    return Number(/回答あり (\d+)件/.exec(text)?.[1] ?? 'NaN');
  };
  const before = await badgeCount();

  const obs = await observe(carerApi, SASAKI, { temperature: 37.6 }, ['eating_less'], note);
  const k = await consult(carerApi, SASAKI, [obs], 'today', `${note}。食欲がありません。`);
  await say(nurseApi, k, { kind: 'message', body: `${note}: 食事と水分の量を記録してください。`, replyKind: 'ask_more', followUp: { task: '食事と水分の量を記録' } });

  // Without a reload: the next sync brings the answer and the badge counts it.
  await expect(row.getByText(`回答あり ${before + 1}件`)).toBeVisible({ timeout: 30_000 });
  await expectInFirstScreen(row.getByText(`回答あり ${before + 1}件`), 'the 回答あり badge');
  await keepScreenshot(page, info, 'client-list-answer');

  await row.getByRole('link', { name: '佐々木 一郎', exact: true }).click();
  const unread = page.getByRole('heading', { name: `回答あり ${before + 1}件` });
  await expectInFirstScreen(unread, 'the unopened answers');
  const answerLink = page.getByRole('link', { name: /^追加で教えてください/ }).first();
  await expectInFirstScreen(answerLink, 'the unopened answer');
  const task = page.getByRole('link', { name: '食事と水分の量を記録' }).first();
  const timeline = await docBox(page.getByRole('heading', { name: 'これまでの記録と相談' }));
  expect((await docBox(unread)).bottom).toBeLessThanOrEqual(timeline.top);
  expect((await docBox(task)).bottom).toBeLessThanOrEqual(timeline.top);
  await keepScreenshot(page, info, 'client-page-answer');

  // Opening the answer marks it read on this phone: the list no longer counts it.
  await page.goto(`/consultations/${k}`);
  await expect(page.getByRole('heading', { name: '追加で教えてください', exact: true })).toBeVisible();
  await page.goto('/clients');
  await expect(row).toBeVisible();
  await expect.poll(badgeCount).toBe(before);
  await carerApi.dispose();
  await nurseApi.dispose();
});

/** A consultation from carer.suzuki about 山田 花子 (usual 36.4 ℃, pulse 74, SpO2 97) and a nurse's phone. */
async function nurseWithConsultation(browser: Browser, info: TestInfo, tag: string) {
  const note = `${tag} ${Date.now()}`;
  const carerApi = await apiAs(info, 'carer.suzuki');
  const obs = await observe(carerApi, YAMADA, { temperature: 38.2, pulse: 112, spo2: 93 }, ['drinking_less', 'fall'], note);
  const k = await consult(carerApi, YAMADA, [obs], 'today', `${note}。熱があって転んだそうです。`);
  // The file's nurse phone, opened on 相談一覧.
  const page = await phones.get(browser, 'nurse.sato');
  await page.goto('/');
  const done = async () => {
    await carerApi.dispose();
  };
  return { note, k, page, carerApi, done };
}

test('nurse, 相談一覧: each card leads with the one line that decides, beside urgency, waiting time and read state', async ({ browser }, info) => {
  const { note, page, done } = await nurseWithConsultation(browser, info, '一覧');
  const card = page.locator('li.triage').filter({ hasText: note });
  await expect(card).toBeVisible({ timeout: 20_000 });
  // Pulse 112 against a usual 74 (+38: 1.9 bands, NEWS2 2) outweighs 38.2 ℃ (+1.8: 1.8 bands, NEWS2 1).
  await expect(card.locator('.deciding')).toHaveText('脈拍 112回/分 · いつも 74（+38）');
  await expect(card).toContainText('今日中');
  await expect(card).toContainText(/待ち \d+分/);
  await expect(card).toContainText('未読');
  // The line comes right under the name, before the rest of the card.
  expect((await docBox(card.locator('.deciding'))).bottom).toBeLessThanOrEqual((await docBox(card.locator('.meta'))).top);
  const first = page.locator('li.triage').first();
  await expectInFirstScreen(first, 'the most urgent card');
  await keepScreenshot(page, info, 'nurse-triage');
  await done();
});

test('nurse, a consultation: the deciding facts first, the reply one tap away, the trend before the form', async ({ browser }, info) => {
  const { k, page, done } = await nurseWithConsultation(browser, info, '判断材料');
  await page.goto(`/consultations/${k}`);
  const facts = page.locator('section.facts-first');
  await expect(facts).toBeVisible({ timeout: 20_000 });
  await expect(facts).toContainText('記録からの目安: 至急'); // 38.2 (1) + pulse 112 (2) + SpO2 93 (2) → NEWS2 5
  await expectInFirstScreen(facts.getByText('今日中', { exact: true }), 'the chosen urgency');
  await expectInFirstScreen(facts.getByText(/NEWS2 目安 5点（7項目中 3 項目）/), 'NEWS2 with 7項目中 n 項目');
  await expectInFirstScreen(facts.getByText('いつも 36.4（+1.8）'), 'the temperature against usual');
  await expectInFirstScreen(facts.getByText('いつも 74（+38）'), 'the pulse against usual');
  await expectInFirstScreen(facts.getByText('水分が取れていない・転倒・転落'), 'the signs');
  await expectInFirstScreen(facts.getByText(/\d+分前の記録/), 'how old the record is');
  const jump = page.getByRole('button', { name: '返信を書く' });
  await expectInFirstScreen(jump, '返信を書く');
  // The prose comes after the facts.
  expect((await docBox(facts)).bottom).toBeLessThanOrEqual((await docBox(page.getByRole('heading', { name: '相談内容' }))).top);
  await keepScreenshot(page, info, 'nurse-consultation-facts');

  // One tap from the top: the reply box has the focus and is on screen.
  await jump.click();
  const reply = page.getByLabel('返信内容');
  await expect(reply).toBeFocused();
  await expect(reply).toBeInViewport();

  // The trend (and earlier consultations) come before the reply form.
  const trend = await docBox(page.getByRole('heading', { name: '最近14日の記録' }));
  expect(trend.bottom).toBeLessThanOrEqual((await docBox(page.getByRole('form', { name: '返信' }))).top);
  await done();
});

test('18.8: 返信する and 完了にする at least 16 px apart, 完了 asks first, the form folds after sending', async ({ browser }, info) => {
  const { k, page, carerApi, done } = await nurseWithConsultation(browser, info, '返信欄');
  await page.goto(`/consultations/${k}`);
  const send = page.getByRole('button', { name: '返信する' });
  const closeButton = page.getByRole('button', { name: '完了にする' });
  await expect(send).toBeVisible({ timeout: 20_000 });
  const a = await docBox(send);
  const b = await docBox(closeButton);
  const gap = Math.max(b.top - a.bottom, a.top - b.bottom, b.left - a.right, a.left - b.right);
  expect(gap, '返信する ↔ 完了にする').toBeGreaterThanOrEqual(16);
  await send.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('nurse-reply-area.png') });
  await info.attach('nurse-reply-area', { path: info.outputPath('nurse-reply-area.png'), contentType: 'image/png' });

  // 完了にする asks first; やめる leaves everything as it was.
  await closeButton.click();
  const ask = page.getByRole('group', { name: /この相談を完了にしますか/ });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'やめる' }).click();
  await expect(ask).toHaveCount(0);
  await expect(closeButton).toBeVisible();
  // The focus goes back where it was, not to the page's start (the third walk, by keyboard).
  await expect(closeButton).toBeFocused();

  // Sending folds the form away.
  await page.getByRole('radio', { name: '助言' }).check();
  await page.getByLabel('返信内容').fill('水分を取って2時間後に再検温してください。');
  await page.getByLabel('お願いしたいこと（任意）').fill('2時間後に再検温');
  await send.click();
  await expect(page.getByText('返信しました。')).toBeVisible();
  await expect(page.getByLabel('返信内容')).toHaveCount(0);
  await expect(send).toHaveCount(0);
  // The focus goes on to what comes next: 続けて書く, and from it into the reopened box.
  const more = page.getByRole('button', { name: '続けて書く' });
  await expect(more).toBeFocused();
  await expect(page.getByText('未送信 0件')).toBeVisible({ timeout: 30_000 });
  await keepScreenshot(page, info, 'nurse-after-reply');
  // The follow-up carries its due time, read from 「2時間後」.
  const sent = (await (await carerApi.get(`/api/consultations/${k}`)).json()) as { messages: { followUp?: { dueAt?: string } }[] };
  const due = sent.messages.find((m) => m.followUp)?.followUp?.dueAt;
  expect(Date.parse(due ?? '') - Date.now()).toBeGreaterThan(100 * 60_000);

  await more.click();
  await expect(page.getByLabel('返信内容')).toBeFocused();
  // 返信を書く opens it again, focused.
  await page.getByRole('button', { name: '返信を書く' }).click();
  await expect(page.getByLabel('返信内容')).toBeFocused();
  // Sent from there too, the focus goes on to 続けて書く (返信を書く, pressed before, does not
  // pull it back to a box that is gone).
  await page.getByLabel('返信内容').fill('1時間後にもう一度教えてください。');
  await send.click();
  await expect(more).toBeFocused();

  await closeButton.click();
  await page.getByRole('button', { name: 'はい、完了する' }).click();
  await expect(closeButton).toHaveCount(0);
  await expect
    .poll(async () => ((await (await carerApi.get(`/api/consultations/${k}`)).json()) as { status: string }).status, { timeout: 30_000 })
    .toBe('closed');
  await done();
});

test('a template\'s number is typed as meant: 45 minutes is 「45分ほどで訪問します」', async ({ browser }, info) => {
  // The third walk: each key was clamped at once, so a cleared field showed 5, and 「4」 on the
  // way to 45 became 5, then 55 — the carer would have read 55 minutes.
  const { k, page, done } = await nurseWithConsultation(browser, info, '定型文の数');
  await page.goto(`/consultations/${k}`);
  await page.getByRole('radio', { name: '訪問します' }).check({ timeout: 20_000 });
  await page.getByLabel('定型文').selectOption('visit_in');
  const minutes = page.getByLabel('何分後');
  await expect(minutes).toHaveValue('30');
  await minutes.click();
  await minutes.press('Backspace');
  await minutes.press('Backspace');
  await expect(minutes).toHaveValue('');
  await minutes.pressSequentially('45');
  await expect(minutes).toHaveValue('45');
  await page.getByRole('button', { name: '定型文を入れる' }).click();
  await expect(page.getByLabel('返信内容')).toHaveValue(/^45分ほどで訪問します。/);
  // Out of range, the field shows what will be used once the nurse leaves it.
  await minutes.fill('2');
  await page.getByLabel('返信内容').focus();
  await expect(minutes).toHaveValue('5');
  await done();
});

/** The draft row `draft:<key>` in the phone's database, or undefined. */
function storedDraft(page: Page, key: string): Promise<unknown> {
  return page.evaluate(
    (id) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('kizuki');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('meta').objectStore('meta').get(id);
          get.onsuccess = () => {
            open.result.close();
            resolve((get.result as { value?: unknown } | undefined)?.value);
          };
          get.onerror = () => reject(get.error);
        };
      }),
    `draft:${key}`,
  );
}

test('a reply being written survives a reload; once sent it neither comes back nor goes twice', async ({ browser }, info) => {
  // The third walk: the nurse's answer lived in the page only, lost to a reload (and an update
  // could reload under it, nothing marking it unsaved).
  const { k, page, carerApi, done } = await nurseWithConsultation(browser, info, '書きかけの返信');
  const body = `書きかけの返信 ${Date.now()}。水分をとってもらってください。`;
  await page.goto(`/consultations/${k}`);
  await page.getByRole('radio', { name: '訪問します' }).check({ timeout: 20_000 });
  await page.getByLabel('返信内容').fill(body);
  await page.getByLabel('お願いしたいこと（任意）').fill('夕方に血圧を測定');
  await expect.poll(() => storedDraft(page, `reply:${k}`)).toMatchObject({ body, kind: 'visit', followUp: '夕方に血圧を測定' });
  await page.reload();
  await expect(page.getByLabel('返信内容')).toHaveValue(body, { timeout: 20_000 });
  await expect(page.getByLabel('お願いしたいこと（任意）')).toHaveValue('夕方に血圧を測定');
  await expect(page.getByRole('radio', { name: '訪問します' })).toBeChecked();
  await expect(page.getByText('書きかけの内容を戻しました。')).toBeVisible();

  await page.getByRole('button', { name: '返信する' }).click();
  await expect(page.getByText('返信しました。')).toBeVisible();
  expect(await storedDraft(page, `reply:${k}`)).toBeUndefined();
  await expect(page.getByText('未送信 0件')).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await expect(page.getByLabel('返信内容')).toHaveValue('', { timeout: 20_000 });
  await expect(page.getByText('書きかけの内容を戻しました。')).toHaveCount(0);
  const sent = (await (await carerApi.get(`/api/consultations/${k}`)).json()) as { messages: { body?: string }[] };
  expect(sent.messages.filter((m) => m.body === body)).toHaveLength(1);
  await done();
});

test('もとの記録: the nurse and the carer see the cited observation\'s photo and its consciousness', async ({ browser }, info) => {
  // The third walk: a consultation about 「皮膚の変化」 showed the nurse no photo anywhere, and a
  // card whose NEWS2 said 「単独で3点の項目あり」 named no item at 3 (the 「V」).
  const note = `写真と意識 ${Date.now()}`;
  const carerApi = await apiAs(info, 'carer.suzuki');
  const obs = await observe(carerApi, YAMADA, { temperature: 37.0, consciousness: 'V' }, ['skin'], note);
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 60, b: 60 } } }).jpeg().toBuffer();
  const put = await carerApi.put(`/api/observations/${obs}/photo`, { data: { contentType: 'image/jpeg', data: jpeg.toString('base64') } });
  expect(put.status()).toBe(201);
  const k = await consult(carerApi, YAMADA, [obs], 'today', `${note}。おしりが赤くなっています。`);
  for (const loginId of ['nurse.sato', 'carer.suzuki']) {
    const page = await phones.get(browser, loginId);
    await page.goto(`/consultations/${k}`);
    const cited = page.getByRole('region', { name: 'もとの記録' });
    await expect(cited.getByText('意識: 呼びかけると反応する')).toBeVisible({ timeout: 20_000 });
    const img = cited.getByRole('img', { name: '観察記録の写真' });
    await expect(img).toBeVisible();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await keepScreenshot(page, info, `cited-photo-${loginId}`);
  }
  await carerApi.dispose();
});

test('18.9: until the first sync has answered, the lists say 読み込み中, never that they are empty', async ({ browser }, info) => {
  for (const [loginId, empty, loaded] of [
    ['carer.ito', 'まだ利用者がいません', page_link('小林 健太')],
    ['nurse.tanaka', 'ここに表示する相談はありません', (p: Page) => p.getByRole('heading', { name: '相談一覧' })],
  ] as const) {
    const { context, page } = await phone(browser);
    const held: (() => Promise<void>)[] = [];
    let release = false;
    await context.route('**/api/changes**', async (route) => {
      if (release) return route.continue();
      held.push(() => route.continue());
    });
    await signIn(page, loginId);
    await expect.poll(() => held.length, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect(page.getByText('読み込み中…')).toBeVisible();
    await expect(page.getByText(empty, { exact: false })).toHaveCount(0);
    await keepScreenshot(page, info, `first-load-${loginId}`);
    release = true;
    for (const go of held.splice(0)) await go();
    await expect(loaded(page)).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText('読み込み中…')).toHaveCount(0, { timeout: 20_000 });
    await context.close();
  }
});

function page_link(name: string) {
  return (p: Page) => p.getByRole('link', { name, exact: true });
}
