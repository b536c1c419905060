// Code lists in the reader's language (issue 15 "structured first"). The codes and their
// Japanese labels stay in src/shared (the server, the I-SBAR-C draft and the nurse use those);
// these descriptors carry the same Japanese as the catalogs' source text, checked equal by
// tests/unit/i18n-labels.test.ts, so a GLOSSARY label changed in one place fails a test.
// Screens call these with the `i18n` of `useLingui()`, so they redraw when the language changes.
import type { I18n, MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import {
  CONSCIOUSNESS_LABEL,
  SOFT_SIGN_LABEL,
  type Category,
  type Consciousness,
  type FeedbackTag,
  type ReplyKind,
  type RequestKind,
  type SoftSign,
  type Urgency,
} from '../../shared/codes.js';
import type { DeliveryStep } from '../../shared/status.js';
import { aside, readsJapanese } from './locales.js';

// `context` keeps equal Japanese words of different lists apart and tells translators where a
// word is used.
export const SIGN_MESSAGES: Record<SoftSign, MessageDescriptor> = {
  not_usual: msg({ context: 'sign', message: 'なんとなくいつもと違う' }),
  eating_less: msg({ context: 'sign', message: '食事量が減った' }),
  drinking_less: msg({ context: 'sign', message: '水分が取れていない' }),
  urine_change: msg({ context: 'sign', message: '尿の量・回数・色の変化' }),
  bowel_change: msg({ context: 'sign', message: '便秘・下痢' }),
  sleep_change: msg({ context: 'sign', message: '眠りの変化' }),
  drowsy: msg({ context: 'sign', message: 'ぼんやりしている・反応が鈍い' }),
  confused: msg({ context: 'sign', message: 'つじつまが合わない・混乱' }),
  restless: msg({ context: 'sign', message: '落ち着かない・興奮' }),
  less_talk: msg({ context: 'sign', message: '口数・表情の変化' }),
  mobility_worse: msg({ context: 'sign', message: '動作・歩行が不安定' }),
  fall: msg({ context: 'sign', message: '転倒・転落' }),
  pain: msg({ context: 'sign', message: '痛みの訴え' }),
  breathing: msg({ context: 'sign', message: '息苦しさ・呼吸が速い' }),
  cough: msg({ context: 'sign', message: '咳・痰が増えた' }),
  skin: msg({ context: 'sign', message: '皮膚の変化（赤み・傷・褥瘡）' }),
  colour: msg({ context: 'sign', message: '顔色が悪い・冷たい・まだら' }),
  swelling: msg({ context: 'sign', message: 'むくみ' }),
  vomiting: msg({ context: 'sign', message: '吐き気・嘔吐' }),
  family_concern: msg({ context: 'sign', message: '家族が心配している' }),
};

export const CONSCIOUSNESS_MESSAGES: Record<Consciousness, { plain: MessageDescriptor; clinical: MessageDescriptor }> = {
  A: {
    plain: msg({ context: 'consciousness', message: '意識がはっきりしている' }),
    clinical: msg({ context: 'consciousness-term', message: 'A: Alert' }),
  },
  C: {
    plain: msg({ context: 'consciousness', message: 'いつもより混乱している・言うことがおかしい' }),
    clinical: msg({ context: 'consciousness-term', message: 'C: New confusion' }),
  },
  V: {
    plain: msg({ context: 'consciousness', message: '呼びかけると反応する' }),
    clinical: msg({ context: 'consciousness-term', message: 'V: Voice' }),
  },
  P: {
    plain: msg({ context: 'consciousness', message: '体をゆすったり痛みを与えると反応する' }),
    clinical: msg({ context: 'consciousness-term', message: 'P: Pain' }),
  },
  U: {
    plain: msg({ context: 'consciousness', message: '反応がない' }),
    clinical: msg({ context: 'consciousness-term', message: 'U: Unresponsive' }),
  },
};

export const CATEGORY_MESSAGES: Record<Category, MessageDescriptor> = {
  change: msg({ context: 'category', message: '小さな変化' }),
  trouble: msg({ context: 'category', message: '困りごと' }),
  judgement: msg({ context: 'category', message: '判断に迷うこと' }),
};

export const URGENCY_MESSAGES: Record<Urgency, MessageDescriptor> = {
  immediate: msg({ context: 'urgency', message: '至急' }),
  today: msg({ context: 'urgency', message: '今日中' }),
  within_days: msg({ context: 'urgency', message: '数日以内' }),
  fyi: msg({ context: 'urgency', message: '共有のみ' }),
};

export const REPLY_KIND_MESSAGES: Record<ReplyKind, MessageDescriptor> = {
  advice: msg({ context: 'reply-kind', message: '助言' }),
  visit: msg({ context: 'reply-kind', message: '訪問します' }),
  contact_doctor: msg({ context: 'reply-kind', message: '主治医へ連絡' }),
  call_ambulance: msg({ context: 'reply-kind', message: '救急要請を' }),
  ask_more: msg({ context: 'reply-kind', message: '追加で教えてください' }),
};

export const DELIVERY_MESSAGES: Record<DeliveryStep, MessageDescriptor> = {
  pending: msg({ context: 'delivery', message: '送信待ち' }),
  sent: msg({ context: 'delivery', message: '送信済み' }),
  read: msg({ context: 'delivery', message: '既読' }),
  answered: msg({ context: 'delivery', message: '回答あり' }),
  closed: msg({ context: 'delivery', message: '完了' }),
};

export const FEEDBACK_MESSAGES: Record<FeedbackTag, MessageDescriptor> = {
  noticed: msg({ context: 'feedback', message: 'よく気づきました' }),
  clear_report: msg({ context: 'feedback', message: '報告がわかりやすい' }),
};

export const REQUEST_KIND_MESSAGES: Record<RequestKind, MessageDescriptor> = {
  advice: msg({ context: 'request-kind', message: '助言がほしい' }),
  visit: msg({ context: 'request-kind', message: '訪問してほしい' }),
  ok_to_wait: msg({ context: 'request-kind', message: '様子見でよいか確認したい' }),
  contact_doctor: msg({ context: 'request-kind', message: '主治医に連絡してよいか' }),
};

/**
 * A clinical word in the reader's language, with the Japanese term beside it (`ja`) so carer
 * and nurse can point at the same word; `ja` is null for a reader of standard Japanese.
 */
export interface Term {
  text: string;
  ja: string | null;
}

/** A clinical word in the reader's language, the Japanese term beside it for other readers. */
export const termText = (term: Term, locale: string): string => (term.ja ? term.text + aside(locale, term.ja) : term.text);

export function signLabel(code: SoftSign, i18n: I18n): Term {
  return { text: i18n._(SIGN_MESSAGES[code]), ja: readsJapanese(i18n.locale) ? null : SOFT_SIGN_LABEL[code] };
}

/** Plain words first; the clinical term (A: Alert …) small beside them. */
export function consciousnessLabel(code: Consciousness, i18n: I18n): Term & { clinical: string } {
  const m = CONSCIOUSNESS_MESSAGES[code];
  return {
    text: i18n._(m.plain),
    clinical: i18n._(m.clinical),
    ja: readsJapanese(i18n.locale) ? null : CONSCIOUSNESS_LABEL[code].plain,
  };
}

export const categoryLabel = (code: Category, i18n: I18n): string => i18n._(CATEGORY_MESSAGES[code]);
export const urgencyLabel = (code: Urgency, i18n: I18n): string => i18n._(URGENCY_MESSAGES[code]);
export const replyKindLabel = (code: ReplyKind, i18n: I18n): string => i18n._(REPLY_KIND_MESSAGES[code]);
export const deliveryLabel = (step: DeliveryStep, i18n: I18n): string => i18n._(DELIVERY_MESSAGES[step]);
export const requestKindLabel = (code: RequestKind, i18n: I18n): string => i18n._(REQUEST_KIND_MESSAGES[code]);
export const feedbackLabel = (tag: FeedbackTag, i18n: I18n): string => i18n._(FEEDBACK_MESSAGES[tag]);
