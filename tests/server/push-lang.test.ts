// Issue 15: a nurse's phone gets its notifications in the language it subscribed with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerPushPayload, consultationPushPayload, type PushPayload } from '../../src/shared/push.js';
import type { Push } from '../../src/server/push.js';
import { nurseSubscriptionsOf, savePushSubscription } from '../../src/server/store/push-subscriptions.js';
import { YAMADA, consultationBody, makeApp, newId, type TestServer } from '../fixtures/server.js';

const about = { id: 'k1', urgency: 'immediate' as const, category: 'trouble' as const, clientName: '山田 花子', fromOrgName: 'ひまわり' };

describe('the new-consultation notification', () => {
  it('is Japanese by default and for an unknown language', () => {
    expect(consultationPushPayload(about).title).toBe('新しい相談（至急）');
    expect(consultationPushPayload(about, 'xx')).toEqual(consultationPushPayload(about));
  });

  it('speaks the phone’s language, keeping the Japanese urgency beside the translation', () => {
    const vi = consultationPushPayload(about, 'vi');
    expect(vi.title).toBe('Trao đổi mới (Khẩn cấp・至急)');
    expect(vi.body).toBe('山田 花子 · Khó khăn (từ ひまわり)');
    expect(vi.url).toBe('/consultations/k1');
    expect(consultationPushPayload(about, 'en').title).toBe('New consultation (Urgent・至急)');
  });
});

describe('the answer notification', () => {
  const answered = { id: 'k1', urgency: 'today' as const, clientName: '山田 花子', stationName: 'さくら訪問看護ステーション' };
  it('tells the carer a nurse answered, in her phone’s language, and opens the consultation', () => {
    expect(answerPushPayload(answered)).toEqual({
      title: '看護師から返事があります',
      body: '山田 花子さんの相談（さくら訪問看護ステーション）',
      url: '/consultations/k1',
      urgency: 'today',
      tag: 'answer-k1',
    });
    expect(answerPushPayload(answered, 'vi').title).toBe('Điều dưỡng đã trả lời');
    expect(answerPushPayload(answered, 'xx')).toEqual(answerPushPayload(answered));
  });
});

describe('subscriptions remember their language, and the route offers each its own', () => {
  let s: TestServer;
  const calls: { payload: PushPayload; vi?: PushPayload }[] = [];
  const fake: Push = {
    publicKey: 'x',
    accepts: () => true,
    notifyStation(_orgId, payload, inLanguage) {
      calls.push({ payload, ...(inLanguage ? { vi: inLanguage('vi') } : {}) });
      return Promise.resolve();
    },
    notifyUser(_userId, payload, inLanguage) {
      calls.push({ payload, ...(inLanguage ? { vi: inLanguage('vi') } : {}) });
      return Promise.resolve();
    },
  };
  beforeAll(async () => {
    s = await makeApp(() => ({ push: fake }));
  });
  afterAll(() => s.close());

  it('stores lang and hands it back with the nurses’ subscriptions', async () => {
    const keys = { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) };
    const sato = await s.login('nurse.sato');
    expect(await savePushSubscription(s.db, { endpoint: 'https://fcm.googleapis.com/fcm/send/vi-phone', keys, lang: 'vi' }, { userId: sato.session.user.id, orgId: 'sakura' }, new Date().toISOString())).toBe(true);
    const row = (await nurseSubscriptionsOf(s.db, 'sakura')).find((r) => r.endpoint.endsWith('vi-phone'));
    expect(row?.lang).toBe('vi');
  });

  it('a subscription for a person with no session left is not stored (all their sessions ended meanwhile)', async () => {
    const keys = { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) };
    const tanaka = await s.login('nurse.tanaka');
    // What すべての端末からログアウト (or an admin) did between the request's session check and its write.
    await s.db.run('DELETE FROM sessions WHERE user_id = ?', [tanaka.session.user.id]);
    const saved = await savePushSubscription(s.db, { endpoint: 'https://fcm.googleapis.com/fcm/send/ended', keys }, { userId: tanaka.session.user.id, orgId: 'midori' }, new Date().toISOString());
    expect(saved).toBe('signed-out');
    expect((await nurseSubscriptionsOf(s.db, 'midori')).map((r) => r.endpoint)).not.toContain('https://fcm.googleapis.com/fcm/send/ended');
  });

  it('a new consultation is offered to the push port in Japanese and per language', async () => {
    const carer = await s.login('carer.suzuki');
    expect((await carer.put(`/api/consultations/${newId()}`, consultationBody(YAMADA, 'sakura', { urgency: 'today' }))).status).toBe(201);
    const last = calls.at(-1);
    expect(last?.payload.title).toBe('新しい相談（今日中）');
    expect(last?.vi?.title).toBe('Trao đổi mới (Trong hôm nay・今日中)');
  });
});
