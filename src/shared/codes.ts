// Stable API codes and their Japanese labels (PRODUCT.md "Domain rules"). Order matters:
// the UI lists choices in this order.

export const SOFT_SIGNS = [
  ['not_usual', 'なんとなくいつもと違う'],
  ['eating_less', '食事量が減った'],
  ['drinking_less', '水分が取れていない'],
  ['urine_change', '尿の量・回数・色の変化'],
  ['bowel_change', '便秘・下痢'],
  ['sleep_change', '眠りの変化'],
  ['drowsy', 'ぼんやりしている・反応が鈍い'],
  ['confused', 'つじつまが合わない・混乱'],
  ['restless', '落ち着かない・興奮'],
  ['less_talk', '口数・表情の変化'],
  ['mobility_worse', '動作・歩行が不安定'],
  ['fall', '転倒・転落'],
  ['pain', '痛みの訴え'],
  ['breathing', '息苦しさ・呼吸が速い'],
  ['cough', '咳・痰が増えた'],
  ['skin', '皮膚の変化（赤み・傷・褥瘡）'],
  ['colour', '顔色が悪い・冷たい・まだら'],
  ['swelling', 'むくみ'],
  ['vomiting', '吐き気・嘔吐'],
  ['family_concern', '家族が心配している'],
] as const;

export type SoftSign = (typeof SOFT_SIGNS)[number][0];
export const SOFT_SIGN_CODES = SOFT_SIGNS.map(([code]) => code) as [SoftSign, ...SoftSign[]];
export const SOFT_SIGN_LABEL: Record<SoftSign, string> = Object.fromEntries(SOFT_SIGNS) as Record<SoftSign, string>;

/**
 * The vital signs a carer may measure: label, unit and the plausible range of PRODUCT.md
 * ("Values"). The API's schema and the form's checks are both built from this table.
 */
export const VITAL_SIGNS = [
  { key: 'temperature', label: '体温', unit: '℃', min: 30, max: 45, decimals: 1 },
  { key: 'systolic', label: '血圧（上）', unit: 'mmHg', min: 40, max: 300, decimals: 0 },
  { key: 'diastolic', label: '血圧（下）', unit: 'mmHg', min: 20, max: 200, decimals: 0 },
  { key: 'pulse', label: '脈拍', unit: '回/分', min: 20, max: 250, decimals: 0 },
  { key: 'respiratoryRate', label: '呼吸数', unit: '回/分', min: 2, max: 80, decimals: 0 },
  { key: 'spo2', label: 'SpO2', unit: '%', min: 50, max: 100, decimals: 0 },
] as const;
export type VitalSignKey = (typeof VITAL_SIGNS)[number]['key'];
export type VitalSign = (typeof VITAL_SIGNS)[number];
export const VITAL_SIGN = Object.fromEntries(VITAL_SIGNS.map((v) => [v.key, v])) as { [K in VitalSignKey]: Extract<VitalSign, { key: K }> };

/** 「体温 37.0℃」: temperatures always with their one decimal. */
export function formatVital(key: VitalSignKey, value: number): string {
  const s = VITAL_SIGN[key];
  return `${s.label} ${s.decimals ? value.toFixed(s.decimals) : String(value)}${s.unit}`;
}

export const CATEGORIES = ['change', 'trouble', 'judgement'] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_LABEL: Record<Category, string> = {
  change: '小さな変化',
  trouble: '困りごと',
  judgement: '判断に迷うこと',
};

export const URGENCIES = ['immediate', 'today', 'within_days', 'fyi'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABEL: Record<Urgency, string> = {
  immediate: '至急',
  today: '今日中',
  within_days: '数日以内',
  fyi: '共有のみ',
};

export const CONSCIOUSNESS = ['A', 'C', 'V', 'P', 'U'] as const;
export type Consciousness = (typeof CONSCIOUSNESS)[number];
/** Plain Japanese first; the clinical term is shown small beside it for the nurse. */
export const CONSCIOUSNESS_LABEL: Record<Consciousness, { plain: string; clinical: string }> = {
  A: { plain: '意識がはっきりしている', clinical: 'A: Alert' },
  C: { plain: 'いつもより混乱している・言うことがおかしい', clinical: 'C: New confusion' },
  V: { plain: '呼びかけると反応する', clinical: 'V: Voice' },
  P: { plain: '体をゆすったり痛みを与えると反応する', clinical: 'P: Pain' },
  U: { plain: '反応がない', clinical: 'U: Unresponsive' },
};

export const ORG_KINDS = [
  'visiting_nursing',
  'medical_daycare',
  'home_care',
  'disability_service',
  'care_management',
  'other',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
/** Organizations that can receive a consultation. */
export const CONSULTABLE_KINDS: readonly OrgKind[] = ['visiting_nursing', 'medical_daycare'];

export const ROLES = ['carer', 'nurse', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const STATUSES = ['open', 'acknowledged', 'answered', 'closed'] as const;
export type ConsultationStatus = (typeof STATUSES)[number];

export const MESSAGE_KINDS = ['message', 'acknowledge', 'close'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** What a nurse's reply is (an extra field of a `message`; PRODUCT.md allows extra fields). */
export const REPLY_KINDS = [
  ['advice', '助言'],
  ['visit', '訪問します'],
  ['contact_doctor', '主治医へ連絡'],
  ['call_ambulance', '救急要請を'],
  ['ask_more', '追加で教えてください'],
] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number][0];
export const REPLY_KIND_CODES = REPLY_KINDS.map(([c]) => c) as [ReplyKind, ...ReplyKind[]];
export const REPLY_KIND_LABEL: Record<ReplyKind, string> = Object.fromEntries(REPLY_KINDS) as Record<ReplyKind, string>;

/** A nurse's feedback on the noticing; 「次はここも見てください」 comes as free text (`next`). */
export const FEEDBACK_TAGS = ['noticed', 'clear_report'] as const;
export type FeedbackTag = (typeof FEEDBACK_TAGS)[number];
export const FEEDBACK_LABEL: Record<FeedbackTag, string> = {
  noticed: 'よく気づきました',
  clear_report: '報告がわかりやすい',
};

/**
 * What the carer asks of the nurse (issue 15): a code, with free text beside it, so each reader
 * sees it in their own language. The Japanese labels are what the nurse reads.
 */
export const REQUEST_KINDS = [
  ['advice', '助言がほしい'],
  ['visit', '訪問してほしい'],
  ['ok_to_wait', '様子見でよいか確認したい'],
  ['contact_doctor', '主治医に連絡してよいか'],
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number][0];
export const REQUEST_KIND_CODES = REQUEST_KINDS.map(([c]) => c) as [RequestKind, ...RequestKind[]];
export const REQUEST_KIND_LABEL: Record<RequestKind, string> = Object.fromEntries(REQUEST_KINDS) as Record<RequestKind, string>;
