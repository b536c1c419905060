// The nurse's reply templates (issue 15 "structured first"): a template is a code with
// parameters, so each reader sees it in their own language. The Japanese here is what the
// nurse picks from, what the server and exports read, and the catalogs' source text
// (src/client/i18n/templates.ts, checked equal by tests/unit/i18n-templates.test.ts).
import * as z from 'zod/mini';
import type { ReplyKind } from './codes.js';

/** An integer parameter: its range and the value the form starts with. */
interface IntParam {
  min: number;
  max: number;
  initial: number;
}

export interface ReplyTemplate {
  /** The reply kind this template belongs to (the form lists a kind's templates). */
  kind: ReplyKind;
  /** ICU-style placeholders `{name}` for the parameters. */
  ja: string;
  params: Record<string, IntParam>;
}

export const REPLY_TEMPLATES = {
  watch: {
    kind: 'advice',
    ja: '様子を見てください。水分をこまめに取ってもらい、変化があればまた連絡してください。',
    params: {},
  },
  fluids_recheck: {
    kind: 'advice',
    ja: '水分を少しずつとってもらい、{hours}時間後にもう一度測ってください。',
    params: { hours: { min: 1, max: 24, initial: 1 } },
  },
  call_if_worse: {
    kind: 'advice',
    ja: '息が苦しそう、顔色が悪い、反応が鈍いときは、すぐに連絡してください。',
    params: {},
  },
  visit_now: {
    kind: 'visit',
    ja: 'これから訪問します。到着まで利用者のそばで様子を見ていてください。',
    params: {},
  },
  visit_in: {
    kind: 'visit',
    ja: '{minutes}分ほどで訪問します。それまで利用者のそばで様子を見ていてください。',
    params: { minutes: { min: 5, max: 240, initial: 30 } },
  },
  contact_doctor: {
    kind: 'contact_doctor',
    ja: '主治医に連絡して指示を確認します。折り返し連絡します。',
    params: {},
  },
  call_ambulance: {
    kind: 'call_ambulance',
    ja: 'すぐに119番に連絡してください。緊急時の取り決めに沿って家族にも連絡してください。',
    params: {},
  },
  ask_more: {
    kind: 'ask_more',
    ja: 'もう少し教えてください。',
    params: {},
  },
} as const satisfies Record<string, ReplyTemplate>;

export type TemplateCode = keyof typeof REPLY_TEMPLATES;
export const TEMPLATE_CODES = Object.keys(REPLY_TEMPLATES) as [TemplateCode, ...TemplateCode[]];

/** A template as a message carries it: `{ code: 'fluids_recheck', params: { hours: 1 } }`. */
export const MessageTemplateSchema = z
  .object({
    code: z.enum(TEMPLATE_CODES),
    params: z.optional(z.record(z.string().check(z.maxLength(40)), z.int())),
  })
  .check(
    z.superRefine((t, ctx) => {
      const defs: Record<string, IntParam> = REPLY_TEMPLATES[t.code].params;
      const given = t.params ?? {};
      for (const [name, def] of Object.entries(defs)) {
        const v = given[name];
        if (v === undefined || v < def.min || v > def.max) {
          ctx.addIssue({ code: 'custom', path: ['params', name], message: `${def.min}〜${def.max} の整数にしてください`, input: v });
        }
      }
      for (const name of Object.keys(given)) {
        if (!(name in defs)) ctx.addIssue({ code: 'custom', path: ['params', name], message: 'この定型文にない項目です', input: given[name] });
      }
    }),
  );
export type MessageTemplate = z.infer<typeof MessageTemplateSchema>;

/** The template's parameters filled with the form's starting values. */
export function initialParams(code: TemplateCode): Record<string, number> {
  const defs: Record<string, IntParam> = REPLY_TEMPLATES[code].params;
  return Object.fromEntries(Object.entries(defs).map(([k, d]) => [k, d.initial]));
}

/** The Japanese text of a template with its parameters (what the nurse sees and the server stores). */
export function renderTemplateJa(t: MessageTemplate): string {
  const params = t.params ?? {};
  return REPLY_TEMPLATES[t.code].ja.replace(/\{(\w+)\}/g, (_m, name: string) => String(params[name] ?? `{${name}}`));
}

/**
 * A templated message's body starts with the template's Japanese text; whatever the nurse wrote
 * after it is free text, shown as written. Splits the body so a reader sees the template in
 * their language and the rest as written. Without a template (or when the body no longer starts
 * with it), the whole body is free text.
 */
export function splitTemplatedBody(m: { body?: string | undefined; template?: MessageTemplate | undefined }): {
  template?: MessageTemplate;
  free: string;
} {
  const body = m.body ?? '';
  if (!m.template) return { free: body };
  const ja = renderTemplateJa(m.template);
  if (!body.startsWith(ja)) return { free: body };
  return { template: m.template, free: body.slice(ja.length).trim() };
}
