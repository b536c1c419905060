// The living part of the demo region (PRODUCT.md "Running it"): consultations in every status
// and urgency, with read receipts, replies, feedback and a closed one the carer rated, so that
// a nurse who signs in first sees a real 相談一覧 and a carer sees answered consultations.
// Deterministic and relative to `now`; runs after the observation history is seeded.
import type { Category, ConsultationStatus, ReplyKind, Role, Urgency } from '../shared/codes.js';
import type { News2 } from '../shared/news2.js';
import type { MessageInput, Sbar, Vitals } from '../shared/schemas.js';
import type { SoftSign } from '../shared/codes.js';
import { suggestUrgency } from '../shared/urgency.js';
import type { Furigana } from './furigana.js';
import { messageRuby } from './message-ruby.js';
import type { Db } from './store/db.js';
import { getClient } from './store/directory.js';
import { sql } from './store/sql.js';
import { getConsultationRow, insertConsultation, insertMessage, type ObservationRow } from './store/records.js';

const YAMADA = '00000000-0000-4000-8000-000000000201';
const SASAKI = '00000000-0000-4000-8000-000000000202';
const NAKAMURA = '00000000-0000-4000-8000-000000000203';
const KOBAYASHI = '00000000-0000-4000-8000-000000000204';
const SUZUKI = '00000000-0000-4000-8000-000000000104';
const TAKAHASHI = '00000000-0000-4000-8000-000000000105';
const ITO = '00000000-0000-4000-8000-000000000107';
const SATO = '00000000-0000-4000-8000-000000000101';
const TANAKA = '00000000-0000-4000-8000-000000000103';

interface Step {
  kind: MessageInput['kind'];
  by: 'carer' | 'nurse';
  body?: string;
  replyKind?: ReplyKind;
  feedback?: MessageInput['feedback'];
  helped?: boolean;
  status: ConsultationStatus;
}

interface Story {
  client: string;
  carer: string;
  fromOrg: string;
  toOrg: string;
  nurse: string;
  urgency: Urgency;
  category: Category;
  hoursAgo: number;
  /** Cite the client's latest seeded observation (the rest cite none). */
  cite: boolean;
  sbar: Sbar;
  steps: Step[];
}

const REQUEST = '対応について助言をお願いします。';
const sbar = (situation: string, background = ''): Sbar => ({ situation, background, assessment: 'わからない', request: REQUEST });

const STORIES: Story[] = [
  {
    client: YAMADA, carer: SUZUKI, fromOrg: 'himawari', toOrg: 'sakura', nurse: SATO, urgency: 'immediate', category: 'change', hoursAgo: 1, cite: true,
    sbar: sbar('ひまわり訪問介護の鈴木です。山田 花子さんについてご相談です。3日前から食事量が減り、今日は熱があります。'),
    steps: [],
  },
  {
    client: SASAKI, carer: TAKAHASHI, fromOrg: 'himawari', toOrg: 'sakura', nurse: SATO, urgency: 'today', category: 'judgement', hoursAgo: 3, cite: true,
    sbar: sbar('ひまわり訪問介護の高橋です。佐々木 一郎さんについてご相談です。在宅酸素中ですが、いつもより息苦しそうです。'),
    steps: [{ kind: 'acknowledge', by: 'nurse', status: 'acknowledged' }],
  },
  {
    client: NAKAMURA, carer: SUZUKI, fromOrg: 'himawari', toOrg: 'sakura', nurse: SATO, urgency: 'within_days', category: 'trouble', hoursAgo: 20, cite: false,
    sbar: sbar('ひまわり訪問介護の鈴木です。中村 ふみさんについてご相談です。夜中に何度も起きるそうです。'),
    steps: [
      { kind: 'acknowledge', by: 'nurse', status: 'acknowledged' },
      {
        kind: 'message', by: 'nurse', status: 'answered', replyKind: 'advice',
        body: '日中の活動と昼寝の時間を記録してください。次の訪問で確認します。',
        feedback: { tags: ['noticed'], next: '夜の水分量も見てください' },
      },
    ],
  },
  {
    client: YAMADA, carer: TAKAHASHI, fromOrg: 'himawari', toOrg: 'sakura', nurse: SATO, urgency: 'fyi', category: 'change', hoursAgo: 72, cite: false,
    sbar: sbar('ひまわり訪問介護の高橋です。山田 花子さんについて共有です。新しい靴で歩きやすくなったそうです。'),
    steps: [
      { kind: 'acknowledge', by: 'nurse', status: 'acknowledged' },
      { kind: 'message', by: 'nurse', status: 'answered', replyKind: 'advice', body: '共有ありがとうございます。', feedback: { tags: ['clear_report'] } },
      { kind: 'close', by: 'carer', status: 'closed', helped: true },
    ],
  },
  {
    client: KOBAYASHI, carer: ITO, fromOrg: 'aozora', toOrg: 'midori', nurse: TANAKA, urgency: 'today', category: 'judgement', hoursAgo: 30, cite: true,
    sbar: sbar('あおぞら障害福祉サービスの伊藤です。小林 健太さんについてご相談です。発作のあと、いつもより長く眠っています。'),
    steps: [
      { kind: 'acknowledge', by: 'nurse', status: 'acknowledged' },
      { kind: 'message', by: 'nurse', status: 'answered', replyKind: 'ask_more', body: '呼吸の回数と、呼びかけへの反応を教えてください。' },
    ],
  },
  {
    client: SASAKI, carer: SUZUKI, fromOrg: 'himawari', toOrg: 'sakura', nurse: SATO, urgency: 'immediate', category: 'change', hoursAgo: 120, cite: false,
    sbar: sbar('ひまわり訪問介護の鈴木です。佐々木 一郎さんについてご相談です。顔色が悪く、呼びかけへの反応が鈍いです。'),
    steps: [
      { kind: 'acknowledge', by: 'nurse', status: 'acknowledged' },
      { kind: 'message', by: 'nurse', status: 'answered', replyKind: 'visit', body: 'これから訪問します。', feedback: { tags: ['noticed', 'clear_report'] } },
      { kind: 'close', by: 'nurse', status: 'closed' },
    ],
  },
  {
    client: NAKAMURA, carer: TAKAHASHI, fromOrg: 'himawari', toOrg: 'sakura', nurse: SATO, urgency: 'fyi', category: 'change', hoursAgo: 6, cite: false,
    sbar: sbar('ひまわり訪問介護の高橋です。中村 ふみさんについて共有です。娘さんが来週から同居されます。'),
    steps: [],
  },
];

const id = (prefix: string, n: number) => `00000000-0000-4000-${prefix}-${String(n).padStart(12, '0')}`;

/**
 * `furigana`: the server's (index.ts), so that the nurses' demo replies carry ふりがな for a carer
 * of やさしい日本語 as the API's do; tests seed without it.
 */
export async function seedDemoActivity(db: Db, now: Date, furigana?: Furigana): Promise<void> {
  let messageNo = 0;
  for (const [i, s] of STORIES.entries()) {
    const created = new Date(now.getTime() - s.hoursAgo * 3600000);
    const cited = s.cite
      ? (await sql(db, 'SELECT * FROM observations WHERE client_id = ? AND observed_at <= ? ORDER BY observed_at DESC LIMIT 1').all(
          s.client,
          created.toISOString(),
        ) as ObservationRow[])
      : [];
    const consultationId = id('a000', i + 1);
    const suggested = suggestUrgency(
      cited.map((o) => ({
        news2: JSON.parse(o.news2_json) as News2,
        softSigns: JSON.parse(o.soft_signs_json) as SoftSign[],
        vitals: JSON.parse(o.vitals_json) as Vitals,
      })),
      (await getClient(db, s.client))?.usual,
    );
    await insertConsultation(db, {
      id: consultationId,
      authorId: s.carer,
      fromOrgId: s.fromOrg,
      input: {
        clientId: s.client,
        toOrgId: s.toOrg,
        observationIds: cited.map((o) => o.id),
        category: s.category,
        urgency: s.urgency,
        sbar: s.sbar,
      },
      suggested,
      now: created.toISOString(),
    });
    for (const [k, step] of s.steps.entries()) {
      const row = await getConsultationRow(db, consultationId);
      if (!row) continue;
      const at = new Date(created.getTime() + (k + 1) * 20 * 60000).toISOString();
      const role: Role = step.by === 'nurse' ? 'nurse' : 'carer';
      const input: MessageInput = {
        kind: step.kind,
        ...(step.body ? { body: step.body } : {}),
        ...(step.replyKind ? { replyKind: step.replyKind } : {}),
        ...(step.feedback ? { feedback: step.feedback } : {}),
        ...(step.helped !== undefined ? { helped: step.helped } : {}),
        // Written in Japanese, as a phone would say of its writer's words.
        ...(step.body || step.feedback?.next ? { lang: 'ja' } : {}),
      };
      await insertMessage(db, {
        id: id('b000', ++messageNo),
        consultation: row,
        input,
        authorId: step.by === 'nurse' ? s.nurse : s.carer,
        role,
        newStatus: step.status,
        now: at,
        ruby: await messageRuby(furigana, role, input),
      });
    }
  }
}
