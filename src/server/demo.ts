// The demo region of PRODUCT.md ("Running it"), seeded into an empty database with DEMO=1.
import type { OrgKind, Role } from '../shared/codes.js';
import { hashPassword } from './passwords.js';
import type { Db } from './store/db.js';
import { news2 } from '../shared/news2.js';
import type { SoftSign } from '../shared/codes.js';
import type { ObservationInput, UsualValuesInput } from '../shared/schemas.js';
import { insertClient, insertOrganization, insertUser, linkStation, setUsualValues } from './store/directory.js';
import { insertObservation } from './store/records.js';
import { seedDemoActivity } from './demo-activity.js';
import type { Furigana } from './furigana.js';
import { setSecondFactorRequiredFrom } from './store/second-factor.js';

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

/** The demo region's day from which passkeys are required: a year after `now` (YYYY-MM-DD). */
export const demoSecondFactorDay = (now: Date): string => new Date(now.getTime() + 365 * 24 * 3600 * 1000).toISOString().slice(0, 10);

export async function isEmpty(db: Db): Promise<boolean> {
  return ((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM organizations'))?.n ?? 0) === 0;
}

/**
 * One hash of the demo password per process: a scrypt costs ~50 ms of CPU, and the test suite
 * seeds a fresh region for most of its tests (tests/fixtures/server.ts). The password is public;
 * each sign-in still checks it against the stored hash.
 */
let demoHashPromise: Promise<string> | undefined;
const demoHash = (): Promise<string> =>
  (demoHashPromise ??= hashPassword(DEMO_PASSWORD).catch((error: unknown) => {
    demoHashPromise = undefined; // not kept: the next seed tries again
    throw error;
  }));

/**
 * `activity`: also seed consultations in every status and urgency (DEMO=1 does; the test
 * fixtures start from a quiet region so that each test sees only what it creates).
 */
export async function seedDemo(db: Db, now: Date, opts: { activity?: boolean; furigana?: Furigana } = {}): Promise<void> {
  const at = now.toISOString();
  const hash = await demoHash();
  await db.transaction(async () => {
    for (const o of ORGS) await insertOrganization(db, o, at);
    // Nurses and admins need a passkey from a year after seeding: until then the demo accounts
    // sign in with the password (and see the reminder). README "Demo".
    for (const o of ORGS) await setSecondFactorRequiredFrom(db, o.id, demoSecondFactorDay(now), null, at);
    for (const u of DEMO_ACCOUNTS) await insertUser(db, { ...u, passwordHash: hash }, at);
    for (const c of DEMO_CLIENTS) {
      await insertClient(db, c, at);
      for (const s of c.servedBy) await linkStation(db, c.id, s, at);
    }
    await seedHistory(db, now);
    if (opts.activity) await seedDemoActivity(db, now, opts.furigana);
  });
}

// Two weeks of plausible observations per client, so the nurse's trend shows something on a
// fresh start. Deterministic (a fixed-seed generator), relative to `now`.
const PROFILES: Record<string, { usual: UsualValuesInput; authors: string[]; oxygen?: boolean; drift?: number }> = {
  '00000000-0000-4000-8000-000000000201': {
    usual: { temperature: 36.4, systolic: 132, diastolic: 78, pulse: 74, spo2: 97, spo2Scale: 1 },
    authors: ['00000000-0000-4000-8000-000000000104', '00000000-0000-4000-8000-000000000105'],
    drift: 0.12, // a slow rise over the last days: the story a nurse should notice
  },
  '00000000-0000-4000-8000-000000000202': {
    usual: { temperature: 36.6, systolic: 124, diastolic: 70, pulse: 82, spo2: 91, spo2Scale: 2, homeOxygen: true },
    authors: ['00000000-0000-4000-8000-000000000105'],
    oxygen: true,
  },
  '00000000-0000-4000-8000-000000000203': {
    usual: { temperature: 36.2, systolic: 108, diastolic: 62, pulse: 68, spo2: 95, spo2Scale: 1 },
    authors: ['00000000-0000-4000-8000-000000000104'],
  },
  '00000000-0000-4000-8000-000000000204': {
    usual: { temperature: 36.5, systolic: 118, diastolic: 72, pulse: 70, spo2: 98, spo2Scale: 1 },
    authors: ['00000000-0000-4000-8000-000000000107'],
  },
};
const SATO = DEMO_ACCOUNTS[0] ?? { id: '', name: '' };

function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

async function seedHistory(db: Db, now: Date): Promise<void> {
  const random = rng(20251125);
  const jitter = (spread: number) => (random() - 0.5) * 2 * spread;
  let n = 0;
  for (const c of DEMO_CLIENTS) {
    const p = PROFILES[c.id];
    if (!p) continue;
    const served = c.servedBy.length > 0;
    if (served) await setUsualValues(db, c.id, p.usual, { ...SATO, signInRef: null }, new Date(now.getTime() - 15 * 86400000).toISOString());
    for (let day = 14; day >= 1; day--) {
      for (const hour of [1, 6]) {
        // 1:00 and 6:00 UTC are 10:00 and 15:00 in Japan: the usual visits.
        const t = new Date(now.getTime() - day * 86400000);
        t.setUTCHours(hour, Math.floor(random() * 50), 0, 0);
        const rise = p.drift && day <= 3 ? (4 - day) * p.drift * 3 : 0;
        const u = p.usual;
        const temperature = Math.round(((u.temperature ?? 36.5) + jitter(0.3) + rise) * 10) / 10;
        const systolic = Math.round((u.systolic ?? 120) + jitter(8));
        const signs: SoftSign[] = rise > 0.5 ? ['eating_less', 'not_usual'] : random() < 0.08 ? ['sleep_change'] : [];
        const input: ObservationInput = {
          clientId: c.id,
          observedAt: t.toISOString(),
          vitals: {
            temperature,
            systolic,
            diastolic: Math.min(systolic - 20, Math.round((u.diastolic ?? 70) + jitter(6))),
            pulse: Math.round((u.pulse ?? 72) + jitter(6) + rise * 4),
            spo2: Math.min(100, Math.round((u.spo2 ?? 97) + jitter(1.5))),
            ...(p.oxygen ? { onOxygen: true } : {}),
          },
          softSigns: signs,
          ...(signs.length ? { note: rise > 0.5 ? '朝食を半分残した。' : '夜中に何度か起きたとのこと。' } : {}),
        };
        const id = `00000000-0000-4000-9000-${String(++n).padStart(12, '0')}`;
        await insertObservation(db, {
          id,
          authorId: p.authors[n % p.authors.length] ?? '',
          input,
          news2: news2(input.vitals, u.spo2Scale),
          now: t.toISOString(),
        });
      }
    }
  }
}
