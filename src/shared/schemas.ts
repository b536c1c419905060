// The API contract (PRODUCT.md "REST API"): request bodies the server validates and the
// responses the client reads back. zod/mini keeps the phone's bundle small.
import * as z from 'zod/mini';
import {
  CATEGORIES,
  CONSCIOUSNESS,
  FEEDBACK_TAGS,
  MESSAGE_KINDS,
  ORG_KINDS,
  REPLY_KIND_CODES,
  REQUEST_KIND_CODES,
  ROLES,
  SOFT_SIGN_CODES,
  STATUSES,
  URGENCIES,
  VITAL_SIGN,
  type VitalSignKey,
} from './codes.js';
import { MessageTemplateSchema, renderTemplateJa } from './templates.js';

export const IdSchema = z.uuid();

/** A well-formed BCP 47 tag written the canonical way (`vi`, `ja`, `pt-BR`), as Intl reads it. */
function isCanonicalTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag)[0] === tag;
  } catch {
    return false;
  }
}

/**
 * The language free text was written in (issue 15: free text is stored as written, with its
 * language, and never translated). Optional everywhere so older phones keep syncing; the phone
 * sends the writer's UI language.
 */
export const LangSchema = z.string().check(z.maxLength(35), z.refine(isCanonicalTag, '言語タグ（BCP 47）の形になっていません'));

const wholeIn = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));
const oneDecimal = (v: number) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-6;

const inRange = (k: VitalSignKey) => wholeIn(VITAL_SIGN[k].min, VITAL_SIGN[k].max);

export const VitalsSchema = z
  .object({
    temperature: z.optional(
      z
        .number()
        .check(z.gte(VITAL_SIGN.temperature.min), z.lte(VITAL_SIGN.temperature.max), z.refine(oneDecimal, '小数点以下は1桁までです')),
    ),
    systolic: z.optional(inRange('systolic')),
    diastolic: z.optional(inRange('diastolic')),
    pulse: z.optional(inRange('pulse')),
    respiratoryRate: z.optional(inRange('respiratoryRate')),
    spo2: z.optional(inRange('spo2')),
    onOxygen: z.optional(z.boolean()),
    consciousness: z.optional(z.enum(CONSCIOUSNESS)),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.systolic !== undefined && v.diastolic !== undefined && v.diastolic >= v.systolic) {
        ctx.addIssue({
          code: 'custom',
          path: ['diastolic'],
          message: '血圧（下）は血圧（上）より低い値にしてください',
          input: v.diastolic,
        });
      }
    }),
  );
export type Vitals = z.infer<typeof VitalsSchema>;

/** observedAt is an ISO date-time; "not in the future" needs a clock, see checkObservedAt. */
export const ObservationInputSchema = z.object({
  clientId: IdSchema,
  observedAt: z.iso.datetime({ offset: true }),
  vitals: VitalsSchema,
  softSigns: z.array(z.enum(SOFT_SIGN_CODES)).check(z.maxLength(SOFT_SIGN_CODES.length)),
  note: z.optional(z.string().check(z.maxLength(4000))),
  /** The language of `note`. */
  lang: z.optional(LangSchema),
});
export type ObservationInput = z.infer<typeof ObservationInputSchema>;

export const MAX_FUTURE_MS = 5 * 60 * 1000;
export function isTooFarInFuture(observedAt: string, nowMs: number): boolean {
  return Date.parse(observedAt) > nowMs + MAX_FUTURE_MS;
}

const nonEmpty = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const SbarSchema = z.object({
  situation: nonEmpty(4000),
  background: z.string().check(z.maxLength(4000)),
  assessment: z.string().check(z.maxLength(4000)),
  request: nonEmpty(4000),
  /** The language of each field as written: the draft from codes is Japanese, a carer's own words are in theirs. */
  lang: z.optional(
    z.object({
      situation: z.optional(LangSchema),
      background: z.optional(LangSchema),
      assessment: z.optional(LangSchema),
      request: z.optional(LangSchema),
    }),
  ),
});
export type Sbar = z.infer<typeof SbarSchema>;

export const ConsultationInputSchema = z.object({
  clientId: IdSchema,
  toOrgId: z.string().check(z.minLength(1), z.maxLength(100)),
  observationIds: z.array(IdSchema).check(z.maxLength(50)),
  category: z.enum(CATEGORIES),
  urgency: z.enum(URGENCIES),
  sbar: SbarSchema,
  /** What the carer asks for, as a code (issue 15); `sbar.request` is the free text beside it. */
  requestKind: z.optional(z.enum(REQUEST_KIND_CODES)),
});
export type ConsultationInput = z.infer<typeof ConsultationInputSchema>;

/** Feedback on the noticing, sent by a nurse with a message. */
export const FeedbackSchema = z.object({
  tags: z.array(z.enum(FEEDBACK_TAGS)).check(z.maxLength(FEEDBACK_TAGS.length)),
  next: z.optional(z.string().check(z.maxLength(1000))),
});
export type Feedback = z.infer<typeof FeedbackSchema>;

/** A follow-up the nurse asks the carer to do (「2時間後に再検温」), a task until a carer's message completes it. */
export const FollowUpSchema = z.object({
  task: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  dueAt: z.optional(z.iso.datetime({ offset: true })),
});
export type FollowUp = z.infer<typeof FollowUpSchema>;

/** Extra fields of a message (PRODUCT.md allows extra fields; these keep their meaning here). */
const messageExtras = {
  replyKind: z.optional(z.enum(REPLY_KIND_CODES)),
  feedback: z.optional(FeedbackSchema),
  followUp: z.optional(FollowUpSchema),
  /** The id of the nurse's follow-up message this carer message reports on. */
  completes: z.optional(IdSchema),
  /** With `close` from the carer: did the advice help? */
  helped: z.optional(z.boolean()),
  /** The language of the message's free text (`body`, `followUp.task`, `feedback.next`). */
  lang: z.optional(LangSchema),
  /**
   * The nurse's reply template (shared/templates.ts): the body starts with its Japanese text, and
   * each reader sees it in their own language; anything after it is free text.
   */
  template: z.optional(MessageTemplateSchema),
};

/** A piece of text; `reading` (hiragana) when the piece is a kanji run that gets ふりがな. */
export const RubySegmentSchema = z.object({ base: z.string(), reading: z.optional(z.string()) });
export type RubySegment = z.infer<typeof RubySegmentSchema>;

export const MessageInputSchema = z
  .object({
    kind: z.enum(MESSAGE_KINDS),
    body: z.optional(z.string().check(z.maxLength(4000))),
    ...messageExtras,
  })
  .check(
    z.superRefine((m, ctx) => {
      if (m.kind === 'message' && (m.body ?? '').trim() === '') {
        ctx.addIssue({ code: 'custom', path: ['body'], message: '本文を入力してください', input: m.body });
      }
      if (m.template && (m.kind !== 'message' || !(m.body ?? '').startsWith(renderTemplateJa(m.template)))) {
        ctx.addIssue({ code: 'custom', path: ['template'], message: '本文が定型文で始まっていません', input: m.template });
      }
    }),
  );
export type MessageInput = z.infer<typeof MessageInputSchema>;

export const LoginSchema = z.object({
  loginId: z.string().check(z.minLength(1), z.maxLength(100)),
  password: z.string().check(z.minLength(1), z.maxLength(200)),
});

// ---- responses -------------------------------------------------------------------------

export const OrganizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
});
export type Organization = z.infer<typeof OrganizationSchema>;

/**
 * What a nurse's or admin's session still owes (server/second-factor.ts): a reminder before the
 * organization's day, or after it the one step a password-only session may take.
 */
export const SecondFactorStatusSchema = z.object({
  state: z.enum(['reminder', 'register', 'verify']),
  /** YYYY-MM-DD: from 00:00 Japan time on this day. */
  requiredFrom: z.string(),
});
export type SecondFactorStatus = z.infer<typeof SecondFactorStatusSchema>;

const isCalendarDay = (v: string): boolean => {
  const ms = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === v && v >= '2020-01-01' && v <= '2099-12-31';
};

/** An admin sets the day from which the organization's nurses and admins need a passkey. */
export const SecondFactorSettingSchema = z.object({
  requiredFrom: z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, '日付（YYYY-MM-DD）を入力してください'),
    z.refine(isCalendarDay, '2020年から2099年までの日付を入力してください'),
  ),
});

// ---- passkeys (WebAuthn): the envelopes; what is inside is checked by @simplewebauthn ----

/** A ceremony's options: the server's challenge id and the WebAuthn options for the browser. */
export const PasskeyOptionsSchema = z.object({
  challengeId: z.string(),
  options: z.looseObject({ challenge: z.string() }),
});

/** The browser's answer to a ceremony (a RegistrationResponseJSON or AuthenticationResponseJSON). */
export const PasskeyCeremonySchema = z.object({
  challengeId: z.string().check(z.minLength(1), z.maxLength(100)),
  response: z.looseObject({ id: z.string().check(z.minLength(1), z.maxLength(1024)), type: z.literal('public-key') }),
});

export const PasskeySchema = z.object({ id: z.string(), createdAt: z.string(), lastUsedAt: z.nullable(z.string()) });

export const SessionSchema = z.object({
  user: z.object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    orgId: z.string(),
    mustChangePassword: z.optional(z.boolean()),
  }),
  org: OrganizationSchema,
  secondFactor: z.optional(SecondFactorStatusSchema),
});
export type Session = z.infer<typeof SessionSchema>;

/**
 * A nurse's own bands for "far from usual" (PRODUCT.md "suggested urgency"): temperature ℃
 * above, pulse and systolic either way, SpO2 below. Each absent key keeps the default.
 */
export const DepartureBandsInputSchema = z.object({
  temperature: z.optional(z.number().check(z.gte(0.1), z.lte(5), z.refine(oneDecimal, '小数点以下は1桁までです'))),
  pulse: z.optional(wholeIn(1, 100)),
  systolic: z.optional(wholeIn(1, 150)),
  spo2: z.optional(wholeIn(1, 20)),
});
export type DepartureBands = z.infer<typeof DepartureBandsInputSchema>;

/** The client's usual values, set by a nurse of a serving station (PUT /api/clients/{id}/usual). */
export const UsualValuesInputSchema = z.object({
  temperature: z.optional(z.nullable(z.number().check(z.gte(30), z.lte(45)))),
  systolic: z.optional(z.nullable(wholeIn(40, 300))),
  diastolic: z.optional(z.nullable(wholeIn(20, 200))),
  pulse: z.optional(z.nullable(wholeIn(20, 250))),
  spo2: z.optional(z.nullable(wholeIn(50, 100))),
  spo2Scale: z.union([z.literal(1), z.literal(2)]),
  /** The client breathes oxygen at home: the observation form preselects 酸素吸入中. */
  homeOxygen: z.optional(z.boolean()),
  /** How far from usual is "far" for this client (shared/usual.ts DEFAULT_DEPARTURE when absent). */
  bands: z.optional(z.nullable(DepartureBandsInputSchema)),
  /**
   * The values this edit started from: their `updatedAt` as the server gave it, or null when the
   * client had none. With it the server refuses (409) an edit made over another person's later
   * change instead of silently overwriting it; without it the PUT overwrites, as before.
   */
  basedOn: z.optional(z.nullable(z.iso.datetime({ offset: true }))),
});
export type UsualValuesInput = z.infer<typeof UsualValuesInputSchema>;

export const UsualValuesSchema = z.object({
  temperature: z.optional(z.number()),
  systolic: z.optional(z.number()),
  diastolic: z.optional(z.number()),
  pulse: z.optional(z.number()),
  spo2: z.optional(z.number()),
  homeOxygen: z.optional(z.boolean()),
  bands: z.optional(
    z.object({
      temperature: z.optional(z.number()),
      pulse: z.optional(z.number()),
      systolic: z.optional(z.number()),
      spo2: z.optional(z.number()),
    }),
  ),
  updatedAt: z.string(),
  updatedBy: z.string(),
  updatedByName: z.optional(z.string()),
});
export type UsualValues = z.infer<typeof UsualValuesSchema>;

export const ClientSchema = z.object({
  id: z.string(),
  name: z.string(),
  kana: z.optional(z.string()),
  ownerOrgId: z.string(),
  servedBy: z.array(z.string()),
  spo2Scale: z.union([z.literal(1), z.literal(2)]),
  /** Extra fields (PRODUCT.md allows them): what a nurse and a carer need at the bedside. */
  emergencyPlan: z.optional(z.string()),
  usual: z.optional(UsualValuesSchema),
});
export type Client = z.infer<typeof ClientSchema>;

export const News2Schema = z.object({
  score: z.number(),
  complete: z.boolean(),
  redFlag: z.boolean(),
  parameters: z.record(z.string(), z.number()),
});

/** A photo of an observation, sent base64 inside JSON so it can travel through the outbox and /api/batch. */
export const MAX_PHOTO_BYTES = 400 * 1024;
export const PhotoInputSchema = z.object({
  contentType: z.literal('image/jpeg'),
  data: z.string().check(z.regex(/^[A-Za-z0-9+/]+={0,2}$/), z.maxLength(Math.ceil(MAX_PHOTO_BYTES / 3) * 4)),
});
export type PhotoInput = z.infer<typeof PhotoInputSchema>;

export const ObservationSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  authorId: z.string(),
  observedAt: z.string(),
  vitals: VitalsSchema,
  softSigns: z.array(z.enum(SOFT_SIGN_CODES)),
  note: z.nullable(z.string()),
  /** The language of `note`, when the phone said. */
  lang: z.optional(z.string()),
  news2: News2Schema,
  createdAt: z.string(),
  /** Extra field: the observation has a photo at GET /api/observations/{id}/photo. */
  photo: z.optional(z.object({ contentType: z.string(), bytes: z.number() })),
});
export type Observation = z.infer<typeof ObservationSchema>;

export const MessageSchema = z.object({
  id: z.string(),
  kind: z.enum(MESSAGE_KINDS),
  body: z.optional(z.string()),
  ...messageExtras,
  /**
   * ふりがな for the free Japanese text of a nurse's message (after the template, if any): the
   * text in segments, kanji runs with their reading. Added by the server; the client draws
   * <ruby> only for a reader of やさしい日本語.
   */
  bodyRuby: z.optional(z.array(RubySegmentSchema)),
  /** ふりがな for the nurse's `followUp.task`, the same way. */
  taskRuby: z.optional(z.array(RubySegmentSchema)),
  /** ふりがな for the nurse's `feedback.next`, the same way. */
  nextRuby: z.optional(z.array(RubySegmentSchema)),
  authorId: z.string(),
  authorName: z.optional(z.string()),
  role: z.enum(ROLES),
  createdAt: z.string(),
});
export type Message = z.infer<typeof MessageSchema>;

export const ConsultationSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  client: z.object({ id: z.string(), name: z.string() }),
  fromOrgId: z.string(),
  toOrgId: z.string(),
  authorId: z.string(),
  /** Extra field: who asked, by name (the nurse who answers; the feedback page). */
  authorName: z.optional(z.string()),
  observationIds: z.array(z.string()),
  category: z.enum(CATEGORIES),
  urgency: z.enum(URGENCIES),
  suggestedUrgency: z.enum(URGENCIES),
  sbar: SbarSchema,
  requestKind: z.optional(z.enum(REQUEST_KIND_CODES)),
  status: z.enum(STATUSES),
  messages: z.array(MessageSchema),
  createdAt: z.string(),
  updatedAt: z.optional(z.string()),
});
export type Consultation = z.infer<typeof ConsultationSchema>;

export const ChangeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('client'), id: z.string(), data: ClientSchema }),
  z.object({ type: z.literal('observation'), id: z.string(), data: ObservationSchema }),
  z.object({ type: z.literal('consultation'), id: z.string(), data: ConsultationSchema }),
]);
export type Change = z.infer<typeof ChangeSchema>;

export const ChangesPageSchema = z.object({
  changes: z.array(ChangeSchema),
  cursor: z.string(),
  more: z.boolean(),
});
export type ChangesPage = z.infer<typeof ChangesPageSchema>;

export const MAX_BATCH = 100;
/**
 * A batch may name whose entries it carries (the phone's account when it read them): the server
 * answers 409 without running any entry if the session is someone else's. Optional (our own
 * extension of the contract): a batch without it runs as before.
 */
export const ACCOUNT_HEADER = 'kizuki-account';
export const BatchRequestSchema = z.object({
  requests: z
    .array(
      z.object({
        id: z.string().check(z.minLength(1), z.maxLength(100)),
        method: z.enum(['PUT', 'GET']),
        url: z.string().check(z.regex(/^\/api\//), z.maxLength(500)),
        body: z.optional(z.unknown()),
      }),
    )
    .check(z.minLength(1), z.maxLength(MAX_BATCH)),
});
export type BatchRequest = z.infer<typeof BatchRequestSchema>;

export const BatchResponseSchema = z.object({
  responses: z.array(z.object({ id: z.string(), status: z.number(), body: z.unknown() })),
});

export interface ProblemError {
  path: string;
  message: string;
}

/** Turns zod issues into the `errors: [{path, message}]` of problem+json. */
export function issuesToErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  prefix = '',
): ProblemError[] {
  return issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter((s) => s !== '').join('.') || '(body)',
    message: i.message,
  }));
}

// ---- administration ---------------------------------------------------------------------

export const PASSWORD_MIN = 10;
const password = z.string().check(z.minLength(PASSWORD_MIN, `${PASSWORD_MIN}文字以上にしてください`), z.maxLength(200));
/** The rule said, not matched in silence (「形が正しくありません」 would leave an administrator guessing). */
const loginId = z.string().check(z.regex(/^[a-z0-9._-]{3,64}$/, '半角の英小文字・数字と「._-」で、3〜64文字にしてください'));

export const StaffInputSchema = z.object({
  loginId,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  role: z.enum(ROLES),
  /** A temporary password: the person changes it at next sign-in. Required when creating. */
  password: z.optional(password),
  disabled: z.optional(z.boolean()),
});
export type StaffInput = z.infer<typeof StaffInputSchema>;

export const PasswordResetSchema = z.object({ password });

export const PasswordChangeSchema = z.object({
  currentPassword: z.string().check(z.minLength(1), z.maxLength(200)),
  newPassword: password,
});

export const ClientRegistrationSchema = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  kana: z.optional(z.string().check(z.trim(), z.maxLength(100))),
  birthYear: z.optional(z.int().check(z.gte(1900), z.lte(2100))),
  emergencyPlan: z.optional(z.string().check(z.maxLength(2000))),
});
export type ClientRegistration = z.infer<typeof ClientRegistrationSchema>;

export const CareTeamSchema = z.object({
  stationIds: z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.maxLength(20)),
});

export const SetupSchema = z.object({
  token: z.string().check(z.minLength(10), z.maxLength(200)),
  organization: z.object({
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
    kind: z.enum(ORG_KINDS),
  }),
  admin: z.object({
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
    loginId,
    password,
  }),
});

export const StaffSchema = z.object({
  id: z.string(),
  loginId: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
});
export type Staff = z.infer<typeof StaffSchema>;
