// The demo region of PRODUCT.md ("Running it"), seeded into an empty database with DEMO=1.
import type { OrgKind, Role } from '../shared/codes.js';
import { hashPassword } from './passwords.js';
import type { Db } from './store/db.js';
import { insertClient, insertOrganization, insertUser, linkStation } from './store/directory.js';

export const DEMO_PASSWORD = 'kizuki-demo';

const ORGS: { id: string; name: string; kind: OrgKind }[] = [
  { id: 'sakura', name: 'さくら訪問看護ステーション', kind: 'visiting_nursing' },
  { id: 'midori', name: 'みどり訪問看護ステーション', kind: 'visiting_nursing' },
  { id: 'himawari', name: 'ひまわり訪問介護', kind: 'home_care' },
  { id: 'aozora', name: 'あおぞら障害福祉サービス', kind: 'disability_service' },
];

export const DEMO_ACCOUNTS: { id: string; loginId: string; name: string; role: Role; orgId: string }[] = [
  { id: '00000000-0000-4000-8000-000000000101', loginId: 'nurse.sato', name: '佐藤 看護師', role: 'nurse', orgId: 'sakura' },
  { id: '00000000-0000-4000-8000-000000000102', loginId: 'admin.sakura', name: 'さくら 管理者', role: 'admin', orgId: 'sakura' },
  { id: '00000000-0000-4000-8000-000000000103', loginId: 'nurse.tanaka', name: '田中 看護師', role: 'nurse', orgId: 'midori' },
  { id: '00000000-0000-4000-8000-000000000104', loginId: 'carer.suzuki', name: '鈴木 ヘルパー', role: 'carer', orgId: 'himawari' },
  { id: '00000000-0000-4000-8000-000000000105', loginId: 'carer.takahashi', name: '高橋 ヘルパー', role: 'carer', orgId: 'himawari' },
  { id: '00000000-0000-4000-8000-000000000106', loginId: 'admin.himawari', name: 'ひまわり 管理者', role: 'admin', orgId: 'himawari' },
  { id: '00000000-0000-4000-8000-000000000107', loginId: 'carer.ito', name: '伊藤 支援員', role: 'carer', orgId: 'aozora' },
];

export const DEMO_CLIENTS = [
  {
    id: '00000000-0000-4000-8000-000000000201',
    ownerOrgId: 'himawari',
    name: '山田 花子',
    kana: 'やまだ はなこ',
    birthYear: 1938,
    emergencyPlan: '急変時は119番通報し、長男（090-0000-0001）へ連絡。かかりつけ：みなと内科。',
    servedBy: ['sakura'],
  },
  {
    id: '00000000-0000-4000-8000-000000000202',
    ownerOrgId: 'himawari',
    name: '佐々木 一郎',
    kana: 'ささき いちろう',
    birthYear: 1941,
    emergencyPlan: '在宅酸素療法中。急変時は119番、主治医（みなと内科）へ連絡。',
    servedBy: ['sakura'],
  },
  {
    id: '00000000-0000-4000-8000-000000000203',
    ownerOrgId: 'himawari',
    name: '中村 ふみ',
    kana: 'なかむら ふみ',
    birthYear: 1935,
    emergencyPlan: '看取り期。救急搬送は希望せず、まず訪問看護へ連絡（家族と合意済み）。',
    servedBy: ['sakura'],
  },
  {
    id: '00000000-0000-4000-8000-000000000204',
    ownerOrgId: 'aozora',
    name: '小林 健太',
    kana: 'こばやし けんた',
    birthYear: 1979,
    emergencyPlan: 'てんかん発作が5分以上続くときは119番。母（090-0000-0004）へ連絡。',
    servedBy: [],
  },
];

export function isEmpty(db: Db): boolean {
  return (db.prepare('SELECT COUNT(*) AS n FROM organizations').get() as { n: number }).n === 0;
}

export async function seedDemo(db: Db, now: Date): Promise<void> {
  const at = now.toISOString();
  const hash = await hashPassword(DEMO_PASSWORD);
  db.transaction(() => {
    for (const o of ORGS) insertOrganization(db, o, at);
    for (const u of DEMO_ACCOUNTS) insertUser(db, { ...u, passwordHash: hash }, at);
    for (const c of DEMO_CLIENTS) {
      insertClient(db, c, at);
      for (const s of c.servedBy) linkStation(db, c.id, s, at);
    }
  })();
}
