// The nurse's reply templates in the reader's language (issue 15): one ICU message per code of
// shared/templates.ts, with the same placeholders; the Japanese is the shared text itself
// (checked equal by tests/unit/i18n-templates.test.ts).
import type { I18n, MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import type { MessageTemplate, TemplateCode } from '../../shared/templates.js';

export const TEMPLATE_MESSAGES: Record<TemplateCode, MessageDescriptor> = {
  watch: msg({
    context: 'reply-template',
    message: '様子を見てください。水分をこまめに取ってもらい、変化があればまた連絡してください。',
  }),
  fluids_recheck: msg({
    context: 'reply-template',
    message: '水分を少しずつとってもらい、{hours}時間後にもう一度測ってください。',
  }),
  call_if_worse: msg({
    context: 'reply-template',
    message: '息が苦しそう、顔色が悪い、反応が鈍いときは、すぐに連絡してください。',
  }),
  visit_now: msg({
    context: 'reply-template',
    message: 'これから訪問します。到着まで利用者のそばで様子を見ていてください。',
  }),
  visit_in: msg({
    context: 'reply-template',
    message: '{minutes}分ほどで訪問します。それまで利用者のそばで様子を見ていてください。',
  }),
  contact_doctor: msg({ context: 'reply-template', message: '主治医に連絡して指示を確認します。折り返し連絡します。' }),
  call_ambulance: msg({
    context: 'reply-template',
    message: 'すぐに119番に連絡してください。緊急時の取り決めに沿って家族にも連絡してください。',
  }),
  ask_more: msg({ context: 'reply-template', message: 'もう少し教えてください。' }),
};

/** A template with its parameters, in the active language of `i18n`. */
export function templateText(template: MessageTemplate, i18n: I18n): string {
  const d = TEMPLATE_MESSAGES[template.code];
  return i18n._(d.id, template.params ?? {}, d.message !== undefined ? { message: d.message } : {});
}
