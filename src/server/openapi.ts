// GET /api/openapi.json: the OpenAPI 3.1 document of PRODUCT.md's "REST API (v1)", generated
// from the very zod schemas that validate the requests (shared/schemas.ts), so the two cannot
// drift apart. OpenAPI 3.1 schemas are JSON Schema 2020-12, which z.toJSONSchema emits.
import { MessageTemplateSchema } from '../shared/templates.js';
import { PushEndpointSchema, PushKeySchema, PushSubscriptionInputSchema } from '../shared/push.js';
import * as z from 'zod/mini';
import {
  BatchRequestSchema,
  BatchResponseSchema,
  ChangesPageSchema,
  ClientSchema,
  ConsultationInputSchema,
  ConsultationSchema,
  FeedbackSchema,
  FollowUpSchema,
  IdSchema,
  LangSchema,
  LoginSchema,
  MessageInputSchema,
  RubySegmentSchema,
  MessageSchema,
  News2Schema,
  ObservationInputSchema,
  ObservationSchema,
  OrganizationSchema,
  SbarSchema,
  SessionSchema,
  UsualValuesInputSchema,
  UsualValuesSchema,
  VitalsSchema,
  PhotoInputSchema,
  PasswordChangeSchema,
  PasswordResetSchema,
  SetupSchema,
  StaffInputSchema,
  StaffSchema,
  ClientRegistrationSchema,
  CareTeamSchema,
  PasskeyCeremonySchema,
  PasskeyOptionsSchema,
  PasskeySchema,
  SecondFactorSettingSchema,
  SecondFactorStatusSchema,
} from '../shared/schemas.js';
import { PROBLEM_REGISTER, PROBLEM_VERIFY } from './second-factor.js';
import { SESSION_COOKIE } from './routes/session.js';

/** RFC 9457 problem details, as http.ts's problem() writes them. */
const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});
const HealthSchema = z.object({ status: z.literal('ok') });

/**
 * The named components. A schema registered here is emitted once under
 * #/components/schemas/{name} and referenced wherever it is nested (Vitals in an observation,
 * Message in a consultation, …).
 */
const COMPONENTS: Record<string, z.ZodMiniType> = {
  Id: IdSchema,
  /** BCP 47 language of free text (note, SBAR fields, message): stored as written, never translated. */
  Lang: LangSchema,
  Problem: ProblemSchema,
  Login: LoginSchema,
  Session: SessionSchema,
  Organization: OrganizationSchema,
  UsualValuesInput: UsualValuesInputSchema,
  UsualValues: UsualValuesSchema,
  Client: ClientSchema,
  Vitals: VitalsSchema,
  News2: News2Schema,
  ObservationInput: ObservationInputSchema,
  Observation: ObservationSchema,
  Sbar: SbarSchema,
  ConsultationInput: ConsultationInputSchema,
  Consultation: ConsultationSchema,
  Feedback: FeedbackSchema,
  FollowUp: FollowUpSchema,
  MessageTemplate: MessageTemplateSchema,
  RubySegment: RubySegmentSchema,
  MessageInput: MessageInputSchema,
  Message: MessageSchema,
  ChangesPage: ChangesPageSchema,
  BatchRequest: BatchRequestSchema,
  BatchResponse: BatchResponseSchema,
  Health: HealthSchema,
  PhotoInput: PhotoInputSchema,
  PasswordChange: PasswordChangeSchema,
  PasswordReset: PasswordResetSchema,
  Setup: SetupSchema,
  StaffInput: StaffInputSchema,
  Staff: StaffSchema,
  ClientRegistration: ClientRegistrationSchema,
  CareTeam: CareTeamSchema,
  PushSubscriptionInput: PushSubscriptionInputSchema,
  PushEndpoint: PushEndpointSchema,
  PushKey: PushKeySchema,
  Passkey: PasskeySchema,
  PasskeyOptions: PasskeyOptionsSchema,
  PasskeyCeremony: PasskeyCeremonySchema,
  SecondFactorStatus: SecondFactorStatusSchema,
  SecondFactorSetting: SecondFactorSettingSchema,
};
type ComponentName = keyof typeof COMPONENTS;

type Json = Record<string, unknown>;

const ref = (name: ComponentName): Json => ({ $ref: `#/components/schemas/${name}` });
const arrayOf = (name: ComponentName): Json => ({ type: 'array', items: ref(name) });

function componentSchemas(): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  // io 'input': what a request may carry. Responses use the same (no additionalProperties:
  // false), because PRODUCT.md lets either side add fields the other ignores.
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  const out: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    // The dialect is the document's jsonSchemaDialect, and a component is named by its key
    // (an $id with a fragment is not valid JSON Schema 2020-12).
    const copy: Json = { ...(schema as Json) };
    delete copy.$schema;
    delete copy.$id;
    out[id] = copy;
  }
  return out;
}

// ---- responses -------------------------------------------------------------------------------

const PROBLEMS: Record<number, string> = {
  400: 'Invalid input; `errors` names each bad field.',
  401: 'No session, or the session has ended.',
  403:
    'Visible but not allowed (or a cross-origin unsafe request). A nurse or admin whose session owes its second factor ' +
    `gets type ${PROBLEM_REGISTER} (register a passkey) or ${PROBLEM_VERIFY} (confirm with a passkey), ` +
    'with `secondFactor` (SecondFactorStatus), for everything but that step, GET/DELETE /api/session and a password change.',
  404: 'Not found, or not visible to the caller.',
  409: 'The id exists with a different body, or the status does not allow this.',
  413: '送信内容が 1 MB を超えています。',
  415: 'The body is not JSON.',
  429: 'Too many failed sign-ins; see Retry-After.',
};

const problemResponses = (...statuses: number[]): Record<string, Json> =>
  Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/Problem${s}` }]));

const jsonContent = (schema: Json) => ({ 'application/json': { schema } });
const ok = (description: string, schema: Json): Json => ({ description, content: jsonContent(schema) });
const body = (name: ComponentName): Json => ({ required: true, content: jsonContent(ref(name)) });

const idParam = (name: string, description: string): Json => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: ref('Id'),
});

/** Writes: JSON bodies, 1 MB at most, same-origin. */
const WRITE_PROBLEMS = [400, 401, 403, 404, 413, 415];

// ---- the document ----------------------------------------------------------------------------

export function buildOpenApiDocument(): Json {
  const paths: Record<string, Json> = {
    '/api/session': {
      post: {
        operationId: 'signIn',
        summary: 'Sign in; sets the session cookie (HttpOnly, SameSite=Strict).',
        security: [],
        requestBody: body('Login'),
        responses: {
          '200': ok('Signed in.', ref('Session')),
          ...problemResponses(400, 401, 403, 413, 415, 429),
        },
      },
      get: {
        operationId: 'getSession',
        summary: 'The current session.',
        responses: { '200': ok('The current session.', ref('Session')), ...problemResponses(401) },
      },
      delete: {
        operationId: 'signOut',
        summary: 'Sign out; the session is dead on the server.',
        responses: { '204': { description: 'Signed out.' }, ...problemResponses(401, 403) },
      },
    },
    '/api/organizations': {
      get: {
        operationId: 'listOrganizations',
        summary: 'The regional directory.',
        responses: { '200': ok('Every organization.', arrayOf('Organization')), ...problemResponses(401) },
      },
    },
    '/api/clients': {
      get: {
        operationId: 'listClients',
        summary: "Clients the caller's organization owns or serves.",
        responses: { '200': ok('The clients.', arrayOf('Client')), ...problemResponses(401) },
      },
    },
    '/api/clients/{id}': {
      parameters: [idParam('id', 'The client id.')],
      get: {
        operationId: 'getClient',
        summary: 'One client.',
        responses: { '200': ok('The client.', ref('Client')), ...problemResponses(401, 404) },
      },
    },
    '/api/clients/{id}/usual': {
      parameters: [idParam('id', 'The client id.')],
      put: {
        operationId: 'setUsualValues',
        summary: "The client's usual values and SpO2 scale, set by a nurse of a serving station.",
        description:
          'With `basedOn` (the `updatedAt` of the values the edit started from, or null when the client had none), ' +
          'the edit is refused with 409 when someone else, or the caller from another sign-in, changed the values after that; ' +
          'the problem carries `changedBy`, `changedAt` and `current` (the values now). The caller\'s own later changes ' +
          'in this same sign-in (session) do not count. ' +
          'Without `basedOn` the values are overwritten.',
        requestBody: body('UsualValuesInput'),
        responses: { '200': ok('The client with its usual values.', ref('Client')), ...problemResponses(...WRITE_PROBLEMS, 409) },
      },
    },
    '/api/clients/{id}/fhir': {
      parameters: [idParam('id', 'The client id.')],
      get: {
        operationId: 'exportClientFhir',
        summary:
          "The client's record as a FHIR R4 (JP Core) collection Bundle: Patient, vital-sign Observations, NEWS2, " +
          'signs, consultations as Communications with Tasks (decision 0010). Nurses and admins; a station only ' +
          'consulted gets just those consultations. Audited.',
        parameters: [
          {
            name: 'since',
            in: 'query',
            required: false,
            description: 'An instant (ISO 8601 with offset): only records received or changed since then; the Patient always.',
            schema: { type: 'string', format: 'date-time' },
          },
        ],
        responses: {
          '200': { description: 'The Bundle.', content: { 'application/fhir+json': { schema: { type: 'object' } } } },
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    '/api/observations/{id}': {
      parameters: [idParam('id', 'The observation id, generated by the client.')],
      get: {
        operationId: 'getObservation',
        summary: 'One observation.',
        responses: { '200': ok('The observation.', ref('Observation')), ...problemResponses(401, 404) },
      },
      put: {
        operationId: 'putObservation',
        summary: 'Record an observation (idempotent: the same body again answers 200).',
        requestBody: body('ObservationInput'),
        responses: {
          '201': ok('Created.', ref('Observation')),
          '200': ok('Already stored with an equal body.', ref('Observation')),
          ...problemResponses(...WRITE_PROBLEMS, 409),
        },
      },
    },
    '/api/consultations/{id}': {
      parameters: [idParam('id', 'The consultation id, generated by the client.')],
      get: {
        operationId: 'getConsultation',
        summary: 'One consultation with every message.',
        responses: { '200': ok('The consultation.', ref('Consultation')), ...problemResponses(401, 404) },
      },
      put: {
        operationId: 'putConsultation',
        summary: 'Open a consultation (idempotent: the same body again answers 200).',
        requestBody: body('ConsultationInput'),
        responses: {
          '201': ok('Created.', ref('Consultation')),
          '200': ok('Already stored with an equal body.', ref('Consultation')),
          ...problemResponses(...WRITE_PROBLEMS, 409),
        },
      },
    },
    '/api/consultations/{id}/case': {
      parameters: [idParam('id', 'The consultation id.')],
      get: {
        operationId: 'getDeidentifiedCase',
        summary:
          'A closed consultation as a de-identified case for 事例検討会: no names, ids or dates (day offsets 「1日目 14:20」), ' +
          'free text with known names, phone numbers and dates replaced; the vitals trend, I-SBAR-C, replies and feedback. ' +
          'Nurses who see the consultation; 409 until it is closed. Audited.',
        responses: { '200': ok('The case.', { type: 'object' }), ...problemResponses(401, 403, 404, 409) },
      },
    },
    '/api/consultations/{id}/messages/{messageId}': {
      parameters: [
        idParam('id', 'The consultation id.'),
        idParam('messageId', 'The message id, generated by the client.'),
      ],
      put: {
        operationId: 'putMessage',
        summary: 'Add a message, acknowledgement or close; answers the consultation with its new status.',
        description:
          "A nurse's reply may carry `template` ({code, params}, codes in shared/templates.ts): its `body` then starts " +
          "with the template's Japanese text (400 otherwise), followed by any free text; each reader's app shows the " +
          'template in its own language. The server adds `bodyRuby` (ふりがな segments) to the free Japanese text of a ' +
          "nurse's message, and `taskRuby` / `nextRuby` to her `followUp.task` / `feedback.next`; apps show them to readers of やさしい日本語.",
        requestBody: body('MessageInput'),
        responses: {
          '201': ok('Added.', ref('Consultation')),
          '200': ok('Already stored with an equal body.', ref('Consultation')),
          ...problemResponses(...WRITE_PROBLEMS, 409),
        },
      },
    },
    '/api/observations/{id}/photo': {
      parameters: [idParam('id', 'The observation id.')],
      get: {
        operationId: 'getObservationPhoto',
        summary: "The observation's photo (JPEG), for those who may see the observation.",
        responses: {
          '200': { description: 'The photo.', content: { 'image/jpeg': { schema: { type: 'string', contentMediaType: 'image/jpeg' } } } },
          ...problemResponses(401, 404),
        },
      },
      put: {
        operationId: 'putObservationPhoto',
        summary: 'Attach the photo (base64 JPEG ≤ 400 KB; re-encoded on the server, no metadata kept; idempotent).',
        requestBody: body('PhotoInput'),
        responses: {
          '201': { description: 'Stored.' },
          '200': { description: 'The same photo was already stored.' },
          ...problemResponses(...WRITE_PROBLEMS, 409),
        },
      },
    },
    '/api/session/password': {
      put: {
        operationId: 'changePassword',
        summary: 'Change the password (required after a reset); ends the other sessions.',
        requestBody: body('PasswordChange'),
        responses: { '200': ok('The session.', ref('Session')), ...problemResponses(400, 401, 403) },
      },
    },
    '/api/session/everywhere': {
      delete: {
        operationId: 'signOutEverywhere',
        summary: 'End every session of this account.',
        responses: { '204': { description: 'Signed out everywhere.' }, ...problemResponses(401, 403) },
      },
    },
    '/api/setup': {
      post: {
        operationId: 'setup',
        summary: 'First start: the one-time token printed by the server creates the organization and its admin.',
        security: [],
        requestBody: body('Setup'),
        responses: { '201': ok('Signed in as the new admin.', ref('Session')), ...problemResponses(400, 403) },
      },
    },
    '/api/admin/users': {
      get: {
        operationId: 'listStaff',
        summary: "The admin's organization's staff.",
        responses: { '200': ok('Staff.', arrayOf('Staff')), ...problemResponses(401, 403) },
      },
    },
    '/api/admin/users/{id}': {
      parameters: [idParam('id', 'The staff account id.')],
      put: {
        operationId: 'putStaff',
        summary: 'Create (with a temporary password) or update a staff account.',
        requestBody: body('StaffInput'),
        responses: { '201': ok('Created.', ref('Staff')), '200': ok('Updated.', ref('Staff')), ...problemResponses(...WRITE_PROBLEMS, 409) },
      },
    },
    '/api/admin/users/{id}/password': {
      parameters: [idParam('id', 'The staff account id.')],
      post: {
        operationId: 'resetPassword',
        summary: 'Set a temporary password (changed at next sign-in); ends the sessions.',
        requestBody: body('PasswordReset'),
        responses: { '200': ok('The account.', ref('Staff')), ...problemResponses(...WRITE_PROBLEMS) },
      },
    },
    '/api/admin/users/{id}/passkeys': {
      parameters: [idParam('id', 'The staff account id.')],
      delete: {
        operationId: 'recoverPasskeys',
        summary: 'Recovery (a lost phone): remove the person’s passkeys and end their sessions; the second-factor requirement starts over.',
        responses: {
          '200': ok('How many passkeys were removed.', { type: 'object', properties: { removed: { type: 'integer' } }, required: ['removed'] }),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    '/api/admin/second-factor': {
      get: {
        operationId: 'getSecondFactorSetting',
        summary: "From which day (00:00 Japan time) the organization's nurses and admins need a passkey.",
        responses: { '200': ok('The day.', ref('SecondFactorSetting')), ...problemResponses(401, 403) },
      },
      put: {
        operationId: 'setSecondFactorSetting',
        summary: 'Set that day (audited as admin.second-factor).',
        requestBody: body('SecondFactorSetting'),
        responses: { '200': ok('The day.', ref('SecondFactorSetting')), ...problemResponses(400, 401, 403, 413, 415) },
      },
    },
    '/api/passkeys': {
      get: {
        operationId: 'listPasskeys',
        summary: "The caller's passkeys.",
        responses: { '200': ok('Passkeys.', arrayOf('Passkey')), ...problemResponses(401, 403) },
      },
    },
    '/api/passkeys/register/options': {
      post: {
        operationId: 'passkeyRegistrationOptions',
        summary: 'Start registering a passkey (「パスキーを登録」): WebAuthn creation options; needs the page’s Origin.',
        requestBody: { required: false, content: jsonContent({ type: 'object' }) },
        responses: { '200': ok('Options and the challenge id.', ref('PasskeyOptions')), ...problemResponses(400, 401, 403) },
      },
    },
    '/api/passkeys/register': {
      post: {
        operationId: 'registerPasskey',
        summary: 'Finish registering: the browser’s answer, verified by @simplewebauthn/server. Completes a session that owed its second factor.',
        requestBody: body('PasskeyCeremony'),
        responses: { '201': ok("The caller's passkeys.", arrayOf('Passkey')), ...problemResponses(400, 401, 403, 409, 413, 415) },
      },
    },
    '/api/passkeys/verify/options': {
      post: {
        operationId: 'passkeyVerificationOptions',
        summary: "Second step after a password: WebAuthn request options for the caller's own passkeys.",
        requestBody: { required: false, content: jsonContent({ type: 'object' }) },
        responses: { '200': ok('Options and the challenge id.', ref('PasskeyOptions')), ...problemResponses(400, 401, 403, 409) },
      },
    },
    '/api/passkeys/verify': {
      post: {
        operationId: 'verifyPasskey',
        summary: "Second step after a password: an assertion by one of the caller's passkeys completes the session.",
        requestBody: body('PasskeyCeremony'),
        responses: { '200': ok('The completed session.', ref('Session')), ...problemResponses(400, 401, 403, 413, 415) },
      },
    },
    '/api/passkeys/login/options': {
      post: {
        operationId: 'passkeySignInOptions',
        summary: 'Start signing in with a passkey (「パスキーでログイン」, a discoverable credential).',
        security: [],
        requestBody: { required: false, content: jsonContent({ type: 'object' }) },
        responses: { '200': ok('Options and the challenge id.', ref('PasskeyOptions')), ...problemResponses(400, 403) },
      },
    },
    '/api/passkeys/login': {
      post: {
        operationId: 'passkeySignIn',
        summary:
          'Sign in with a passkey; sets the session cookie. Where the second factor is required, the authenticator must have verified the person (UV).',
        security: [],
        requestBody: body('PasskeyCeremony'),
        responses: { '200': ok('Signed in.', ref('Session')), ...problemResponses(400, 401, 403, 413, 415) },
      },
    },
    '/api/admin/clients': {
      get: {
        operationId: 'listOwnClients',
        summary: "Clients the admin's organization registered.",
        responses: { '200': ok('Clients.', arrayOf('Client')), ...problemResponses(401, 403) },
      },
    },
    '/api/admin/clients/{id}': {
      parameters: [idParam('id', 'The client id.')],
      put: {
        operationId: 'registerClient',
        summary: 'Register or update a client of the organization.',
        requestBody: body('ClientRegistration'),
        responses: { '201': ok('Registered.', ref('Client')), '200': ok('Updated.', ref('Client')), ...problemResponses(...WRITE_PROBLEMS) },
      },
    },
    '/api/admin/clients/{id}/stations': {
      parameters: [idParam('id', 'The client id.')],
      put: {
        operationId: 'setCareTeam',
        summary: 'The stations that serve the client.',
        requestBody: body('CareTeam'),
        responses: { '200': ok('The client.', ref('Client')), ...problemResponses(...WRITE_PROBLEMS) },
      },
    },
    '/api/admin/audit': {
      get: {
        operationId: 'auditLog',
        summary: "Who read or wrote which records of the organization's clients, newest first.",
        responses: { '200': { description: 'Audit entries.' }, ...problemResponses(401, 403) },
      },
    },
    '/api/push/key': {
      get: {
        operationId: 'pushKey',
        summary: 'The VAPID public key.',
        responses: { '200': ok('The key.', ref('PushKey')), ...problemResponses(401, 404) },
      },
    },
    '/api/push/subscription': {
      put: {
        operationId: 'subscribePush',
        summary: "Receive Web Push for new consultations to the nurse's station on this browser.",
        requestBody: body('PushSubscriptionInput'),
        responses: { '201': { description: 'Subscribed.' }, '204': { description: 'Already subscribed.' }, ...problemResponses(400, 401, 403) },
      },
      delete: {
        operationId: 'unsubscribePush',
        summary: 'Stop Web Push on this browser.',
        requestBody: body('PushEndpoint'),
        responses: { '204': { description: 'Unsubscribed.' }, ...problemResponses(400, 401, 403) },
      },
    },
    '/api/changes': {
      get: {
        operationId: 'getChanges',
        summary: 'What the caller may see, in server order, a page at a time.',
        parameters: [
          {
            name: 'after',
            in: 'query',
            required: false,
            description: 'An opaque cursor from a previous page; absent = from the beginning.',
            schema: { type: 'string' },
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            description: 'Changes per page: default 100, at most 500 are returned.',
            schema: { type: 'integer', minimum: 1, default: 100 },
          },
        ],
        responses: { '200': ok('A page of changes.', ref('ChangesPage')), ...problemResponses(400, 401) },
      },
    },
    '/api/batch': {
      post: {
        operationId: 'batch',
        summary: 'Up to 100 PUT or GET requests to the routes above, run in order, each meaning what it means alone.',
        description:
          'An entry to /api/session…, /api/batch or /api/events (the live stream never ends) answers 400 in its place; the others still run. ' +
          'A batch may name the account whose entries it carries in `Kizuki-Account` (a user id): if the session is someone else\'s, ' +
          'the batch answers 409 and runs no entry. Without the header it runs as before.',
        parameters: [
          {
            name: 'Kizuki-Account',
            in: 'header',
            required: false,
            description: 'The user id the entries were read for (a phone that read them before a sign-in of someone else).',
            schema: { type: 'string' },
          },
        ],
        requestBody: body('BatchRequest'),
        responses: {
          '200': ok('One response per request, in order.', ref('BatchResponse')),
          ...problemResponses(400, 401, 403, 413, 415),
          '409': { description: 'Kizuki-Account names another account than the session\'s: no entry ran.', content: { 'application/problem+json': { schema: ref('Problem') } } },
        },
      },
    },
    '/api/openapi.json': {
      get: {
        operationId: 'getOpenApi',
        summary: 'This document.',
        security: [],
        responses: { '200': ok('The OpenAPI 3.1 document.', { type: 'object' }) },
      },
    },
    '/api/health': {
      get: {
        operationId: 'getHealth',
        summary: 'Ready once migrations and demo seeding are done.',
        security: [],
        responses: { '200': ok('Ready.', ref('Health')) },
      },
    },
  };

  const responses = Object.fromEntries(
    Object.entries(PROBLEMS).map(([status, description]) => [
      `Problem${status}`,
      { description, content: { 'application/problem+json': { schema: ref('Problem') } } },
    ]),
  );

  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Kizuki API',
      version: '1',
      description:
        'JSON over HTTPS with a cookie session. Every error is application/problem+json (RFC 9457). ' +
        'Resources carry client-generated UUIDs, so every create is an idempotent PUT. ' +
        'Extra fields are allowed and ignored unless named here.',
    },
    security: [{ session: [] }],
    paths,
    components: {
      schemas: componentSchemas(),
      responses,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by POST /api/session.' },
      },
    },
  };
}

let cached: string | undefined;

/** The document as JSON text, generated once. */
export function openApiJson(): string {
  cached ??= JSON.stringify(buildOpenApiDocument());
  return cached;
}
