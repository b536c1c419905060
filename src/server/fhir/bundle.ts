// A client's record as a FHIR R4 collection Bundle (JP Core): the Patient first, then per
// observation its vital-sign Observations, the NEWS2 total, the 「いつもと違う」 signs and the
// note, then each consultation as Communications threaded by inResponseTo with a Task for its
// status. Pure: the route reads the store and passes what the caller may see; the clock
// arrives as `now`. Codes and URLs: ./systems.ts and docs/decisions/0010-fhir-export.md.
import {
  CATEGORY_LABEL,
  CONSCIOUSNESS_LABEL,
  FEEDBACK_LABEL,
  REPLY_KIND_LABEL,
  SOFT_SIGN_LABEL,
  URGENCY_LABEL,
  VITAL_SIGN,
  type ConsultationStatus,
  type MessageKind,
} from '../../shared/codes.js';
import { NEWS2_ATTRIBUTION, measuredCount, news2, type News2 } from '../../shared/news2.js';
import type { Consultation, Message, Observation as KObservation } from '../../shared/schemas.js';
import { derivedId, urn } from './ids.js';
import {
  ACVPU_SNOMED,
  BODY_TEMP_PROFILE,
  BP_PROFILE,
  DATA_ABSENT_REASON,
  HEART_RATE_PROFILE,
  JP_OBSERVATION_VITAL_SIGNS,
  JP_PATIENT,
  JP_SIMPLE_OBSERVATION_CATEGORY,
  JP_VITAL_SIGNS_CATEGORY,
  KIZUKI_CS,
  KIZUKI_ID,
  LOINC,
  NAME_REPRESENTATION,
  NEWS2_PARAMETER_SNOMED,
  NEWS2_TOTAL,
  OBSERVATION_CATEGORY,
  ON_OXYGEN,
  OXYGEN_SAT_PROFILE,
  PRIORITY,
  RESP_RATE_PROFILE,
  ROOM_AIR,
  SNOMED,
  TASK_STATUS,
  UCUM,
  URI_IDENTIFIER,
  VITAL_SIGNS_PROFILE,
} from './systems.js';
import type {
  Bundle,
  BundleEntry,
  CodeableConcept,
  Coding,
  Communication,
  HumanName,
  Observation,
  ObservationComponent,
  Patient,
  Quantity,
  Reference,
  Resource,
  Task,
} from './types.js';

export interface ExportClient {
  id: string;
  name: string;
  /** Omitted for a station that was only consulted: it sees the name and nothing else. */
  kana?: string;
  birthYear?: number;
  ownerOrgId?: string;
}

export interface ExportObservation extends KObservation {
  authorName?: string;
}
export interface ExportConsultation extends Consultation {
  authorName?: string;
}

export interface ExportInput {
  client: ExportClient;
  /** The client's SpO2 scale now: used only when a stored NEWS2 does not tell which scale it used. */
  spo2Scale: 1 | 2;
  observations: readonly ExportObservation[];
  consultations: readonly ExportConsultation[];
  /** Organization id → name, for display on references. */
  organizations: ReadonlyMap<string, string>;
  now: string;
}

export const STATUS_LABEL: Record<ConsultationStatus, string> = {
  open: '未対応',
  acknowledged: '既読',
  answered: '回答あり',
  closed: '完了',
};
const MESSAGE_KIND_LABEL: Record<MessageKind, string> = { message: 'メッセージ', acknowledge: '既読', close: '完了' };

export function clientBundle(input: ExportInput): Bundle {
  const patient = toPatient(input.client, input.organizations);
  const subject: Reference = { reference: urn(patient.id) };
  const ctx: Ctx = { subject, orgs: input.organizations, spo2Scale: input.spo2Scale };
  const resources: Resource[] = [patient];
  const byObservation = new Map<string, Observation[]>();
  for (const o of [...input.observations].sort((a, b) => a.observedAt.localeCompare(b.observedAt) || a.id.localeCompare(b.id))) {
    const mapped = observationResources(o, ctx);
    byObservation.set(o.id, mapped);
    resources.push(...mapped);
  }
  for (const k of [...input.consultations].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))) {
    resources.push(...consultationResources(k, ctx, byObservation));
  }
  return {
    resourceType: 'Bundle',
    id: derivedId(input.client.id, `bundle/${input.now}`),
    type: 'collection',
    timestamp: input.now,
    entry: resources.map((resource): BundleEntry => ({ fullUrl: urn(resource.id), resource })),
  };
}

interface Ctx {
  subject: Reference;
  orgs: ReadonlyMap<string, string>;
  spo2Scale: 1 | 2;
}

// ---- Patient (JP_Patient) ----------------------------------------------------------------

/** JP Core wants カナ in the SYL name; Kizuki stores the reading in hiragana. */
export function toKatakana(s: string): string {
  return s.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

function jpName(full: string, representation: 'IDE' | 'SYL'): HumanName {
  const parts = full.trim().split(/[\s\u3000]+/);
  const [family, ...given] = parts;
  return {
    extension: [{ url: NAME_REPRESENTATION, valueCode: representation }],
    use: 'official',
    text: parts.join(' '),
    ...(family && given.length ? { family, given } : {}),
  };
}

function toPatient(c: ExportClient, orgs: ReadonlyMap<string, string>): Patient {
  return {
    resourceType: 'Patient',
    id: c.id,
    meta: { profile: [JP_PATIENT] },
    // Kizuki is no medical institution with a 保険医療機関コード: the client's UUID is the
    // identifier, globally unique as a URI (decision 0010).
    identifier: [{ use: 'usual', system: URI_IDENTIFIER, value: urn(c.id) }],
    active: true,
    name: [jpName(c.name, 'IDE'), ...(c.kana ? [jpName(toKatakana(c.kana), 'SYL')] : [])],
    ...(c.birthYear ? { birthDate: String(c.birthYear) } : {}),
    ...(c.ownerOrgId ? { managingOrganization: orgRef(c.ownerOrgId, orgs) } : {}),
  };
}

// ---- references --------------------------------------------------------------------------

function orgRef(id: string, orgs: ReadonlyMap<string, string>): Reference {
  const name = orgs.get(id);
  return { type: 'Organization', identifier: { system: KIZUKI_ID.organization, value: id }, ...(name ? { display: name } : {}) };
}

function userRef(id: string, name: string | undefined): Reference {
  return { type: 'Practitioner', identifier: { system: KIZUKI_ID.user, value: id }, ...(name ? { display: name } : {}) };
}

const ref = (r: { id: string }): Reference => ({ reference: urn(r.id) });

// ---- observations --------------------------------------------------------------------------

const concept = (coding: Coding[], text?: string): CodeableConcept => ({ coding, ...(text ? { text } : {}) });
const loinc = (code: string, display: string): Coding => ({ system: LOINC, code, display });
const quantity = (value: number, unit: string, code: string): Quantity => ({ value, unit, system: UCUM, code });
const score = (value: number): Quantity => quantity(value, '{score}', '{score}');
const NOT_PERFORMED = concept([{ system: DATA_ABSENT_REASON, code: 'not-performed', display: 'Not Performed' }]);

/** JP Core's focus categories (看護実践用語標準マスター) for each vital sign. */
const FOCUS = {
  temperature: { code: 'temperature', display: '体温' },
  bloodPressure: { code: 'blood-pressure', display: '血圧' },
  pulse: { code: 'pulse-rate', display: '脈拍数' },
  respiration: { code: 'respiratory-function', display: '呼吸機能' },
  consciousness: { code: 'consciousness-evaluation', display: '意識評価' },
} as const;

function observationResources(o: ExportObservation, ctx: Ctx): Observation[] {
  const v = o.vitals;
  const common = (part: string) => ({
    resourceType: 'Observation' as const,
    id: derivedId(o.id, part),
    identifier: [{ system: KIZUKI_ID.observation, value: o.id }],
    status: 'final' as const,
    subject: ctx.subject,
    effectiveDateTime: o.observedAt,
    issued: o.createdAt,
    performer: [userRef(o.authorId, o.authorName)],
  });
  const vital = (part: string, profile: string | null, focus: Coding, code: CodeableConcept): Observation => ({
    ...common(part),
    meta: { profile: [JP_OBSERVATION_VITAL_SIGNS, VITAL_SIGNS_PROFILE, ...(profile ? [profile] : [])] },
    // Three separate categories: the base profile's VSCat slice, JP Core's simple category and
    // JP Core's vital-sign focus.
    category: [
      concept([{ system: OBSERVATION_CATEGORY, code: 'vital-signs', display: 'Vital Signs' }]),
      concept([{ system: JP_SIMPLE_OBSERVATION_CATEGORY, code: 'vital-signs', display: 'Vital Signs' }]),
      concept([{ system: JP_VITAL_SIGNS_CATEGORY, code: focus.code, ...(focus.display ? { display: focus.display } : {}) }]),
    ],
    code,
  });

  const vitals: Observation[] = [];
  if (v.temperature !== undefined) {
    vitals.push({
      ...vital('temperature', BODY_TEMP_PROFILE, { ...FOCUS.temperature, system: JP_VITAL_SIGNS_CATEGORY }, concept([loinc('8310-5', 'Body temperature')], '体温')),
      valueQuantity: quantity(v.temperature, VITAL_SIGN.temperature.unit, 'Cel'),
    });
  }
  if (v.systolic !== undefined || v.diastolic !== undefined) {
    const part = (value: number | undefined, code: string, display: string): ObservationComponent => ({
      code: concept([loinc(code, display)]),
      ...(value !== undefined ? { valueQuantity: quantity(value, VITAL_SIGN.systolic.unit, 'mm[Hg]') } : { dataAbsentReason: NOT_PERFORMED }),
    });
    vitals.push({
      ...vital('blood-pressure', BP_PROFILE, { ...FOCUS.bloodPressure, system: JP_VITAL_SIGNS_CATEGORY }, concept([loinc('85354-9', 'Blood pressure panel with all children optional')], '血圧')),
      component: [part(v.systolic, '8480-6', 'Systolic blood pressure'), part(v.diastolic, '8462-4', 'Diastolic blood pressure')],
    });
  }
  if (v.pulse !== undefined) {
    vitals.push({
      ...vital('pulse', HEART_RATE_PROFILE, { ...FOCUS.pulse, system: JP_VITAL_SIGNS_CATEGORY }, concept([loinc('8867-4', 'Heart rate')], '脈拍')),
      valueQuantity: quantity(v.pulse, VITAL_SIGN.pulse.unit, '/min'),
    });
  }
  if (v.respiratoryRate !== undefined) {
    vitals.push({
      ...vital('respiratory-rate', RESP_RATE_PROFILE, { ...FOCUS.respiration, system: JP_VITAL_SIGNS_CATEGORY }, concept([loinc('9279-1', 'Respiratory rate')], '呼吸数')),
      valueQuantity: quantity(v.respiratoryRate, VITAL_SIGN.respiratoryRate.unit, '/min'),
    });
  }
  if (v.spo2 !== undefined) {
    vitals.push({
      ...vital(
        'spo2',
        OXYGEN_SAT_PROFILE,
        { ...FOCUS.respiration, system: JP_VITAL_SIGNS_CATEGORY },
        concept(
          [loinc('2708-6', 'Oxygen saturation in Arterial blood'), loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry')],
          'SpO2',
        ),
      ),
      valueQuantity: quantity(v.spo2, VITAL_SIGN.spo2.unit, '%'),
    });
  }
  if (v.onOxygen !== undefined) {
    const answer = v.onOxygen ? ON_OXYGEN : ROOM_AIR;
    vitals.push({
      ...vital(
        'air-or-oxygen',
        null,
        { ...FOCUS.respiration, system: JP_VITAL_SIGNS_CATEGORY },
        concept([{ system: KIZUKI_CS.observation, code: 'air-or-oxygen', display: '空気か酸素か（NEWS2）' }], '酸素吸入'),
      ),
      valueCodeableConcept: concept([{ system: SNOMED, ...answer }], v.onOxygen ? '酸素吸入中' : '酸素なし（室内気）'),
    });
  }
  if (v.consciousness !== undefined) {
    vitals.push({
      ...vital('consciousness', null, { ...FOCUS.consciousness, system: JP_VITAL_SIGNS_CATEGORY }, concept([loinc('67775-7', 'Level of responsiveness')], '意識')),
      valueCodeableConcept: concept([{ system: SNOMED, ...ACVPU_SNOMED[v.consciousness] }], CONSCIOUSNESS_LABEL[v.consciousness].plain),
    });
  }

  const out: Observation[] = [...vitals];
  const total = news2Observation(o, vitals, ctx, common('news2'));
  if (total) out.push(total);
  // Once per code: each sign's resource id is derived from its code, and the API stores a list as sent.
  for (const sign of new Set(o.softSigns)) {
    out.push({
      ...common(`sign/${sign}`),
      category: [concept([{ system: OBSERVATION_CATEGORY, code: 'exam', display: 'Exam' }])],
      code: concept([{ system: KIZUKI_CS.observation, code: 'soft-sign', display: 'いつもと違う様子' }], 'いつもと違う様子'),
      valueCodeableConcept: concept([{ system: KIZUKI_CS.softSign, code: sign, display: SOFT_SIGN_LABEL[sign] }], SOFT_SIGN_LABEL[sign]),
    });
  }
  if (o.note) {
    out.push({
      ...common('note'),
      category: [concept([{ system: OBSERVATION_CATEGORY, code: 'exam', display: 'Exam' }])],
      code: concept([{ system: KIZUKI_CS.observation, code: 'note', display: '気づいたこと（メモ）' }], '気づいたこと（メモ）'),
      valueString: o.note,
    });
  }
  return out;
}

/** Which SpO2 scale the stored score used: recomputed both ways, the client's current scale when both agree. */
function spo2ScaleOf(o: KObservation, fallback: 1 | 2): 1 | 2 {
  const stored = o.news2.parameters.spo2;
  if (stored === undefined) return fallback;
  const one = news2(o.vitals, 1).parameters.spo2;
  const two = news2(o.vitals, 2).parameters.spo2;
  if (one === two) return fallback;
  return stored === two ? 2 : 1;
}

function news2Observation(
  o: KObservation,
  vitals: Observation[],
  ctx: Ctx,
  common: Omit<Observation, 'category' | 'code'>,
): Observation | null {
  const n: News2 = o.news2;
  const measured = measuredCount(n);
  if (measured === 0) return null;
  const p = n.parameters;
  const scale = spo2ScaleOf(o, ctx.spo2Scale);
  const parts: [number | undefined, { code: string; display: string }][] = [
    [p.respiratoryRate, NEWS2_PARAMETER_SNOMED.respiratoryRate],
    [p.spo2, scale === 2 ? NEWS2_PARAMETER_SNOMED.spo2Scale2 : NEWS2_PARAMETER_SNOMED.spo2Scale1],
    [p.onOxygen, NEWS2_PARAMETER_SNOMED.onOxygen],
    [p.systolic, NEWS2_PARAMETER_SNOMED.systolic],
    [p.pulse, NEWS2_PARAMETER_SNOMED.pulse],
    [p.consciousness, NEWS2_PARAMETER_SNOMED.consciousness],
    [p.temperature, NEWS2_PARAMETER_SNOMED.temperature],
  ];
  return {
    ...common,
    category: [concept([{ system: OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }])],
    code: concept(
      [{ system: SNOMED, ...NEWS2_TOTAL }, { system: KIZUKI_CS.observation, code: 'news2-total', display: 'NEWS2 合計点（目安）' }],
      'NEWS2 合計点（目安）',
    ),
    valueQuantity: score(n.score),
    component: parts.flatMap(([value, code]) => (value === undefined ? [] : [{ code: concept([{ system: SNOMED, ...code }]), valueQuantity: score(value) }])),
    derivedFrom: vitals.map(ref),
    note: [
      { text: n.complete ? '7項目すべて測定' : `7項目中 ${measured} 項目で計算（目安）` },
      ...(n.redFlag ? [{ text: '1項目で3点（レッドフラグ）' }] : []),
      { text: NEWS2_ATTRIBUTION },
    ],
  };
}

// ---- consultations ----------------------------------------------------------------------------

function consultationResources(k: ExportConsultation, ctx: Ctx, byObservation: ReadonlyMap<string, Observation[]>): Resource[] {
  // Cited observations in this bundle by reference; older ones (outside `since`) by identifier.
  const about = k.observationIds.flatMap((id): Reference[] => {
    const mapped = byObservation.get(id);
    return mapped ? mapped.map(ref) : [{ type: 'Observation', identifier: { system: KIZUKI_ID.observation, value: id } }];
  });
  const root: Communication = {
    resourceType: 'Communication',
    id: k.id,
    identifier: [{ system: KIZUKI_ID.consultation, value: k.id }],
    status: 'completed',
    category: [
      concept([{ system: KIZUKI_CS.category, code: k.category, display: CATEGORY_LABEL[k.category] }]),
      concept([{ system: KIZUKI_CS.urgency, code: k.urgency, display: URGENCY_LABEL[k.urgency] }]),
    ],
    priority: PRIORITY[k.urgency],
    subject: ctx.subject,
    ...(about.length ? { about } : {}),
    sent: k.createdAt,
    sender: userRef(k.authorId, k.authorName),
    recipient: [orgRef(k.toOrgId, ctx.orgs)],
    payload: sbarPayload(k.sbar),
  };
  const replies = k.messages.map((m) => messageCommunication(m, k, ctx));
  const task: Task = {
    resourceType: 'Task',
    id: derivedId(k.id, 'task'),
    identifier: [{ system: KIZUKI_ID.consultation, value: k.id }],
    status: TASK_STATUS[k.status],
    businessStatus: concept([{ system: KIZUKI_CS.status, code: k.status, display: STATUS_LABEL[k.status] }], STATUS_LABEL[k.status]),
    intent: 'order',
    priority: PRIORITY[k.urgency],
    description: `${CATEGORY_LABEL[k.category]}の相談（${URGENCY_LABEL[k.urgency]}）`,
    focus: ref(root),
    for: ctx.subject,
    authoredOn: k.createdAt,
    ...(k.updatedAt ? { lastModified: k.updatedAt } : {}),
    requester: userRef(k.authorId, k.authorName),
    owner: orgRef(k.toOrgId, ctx.orgs),
  };
  const completed = new Set(k.messages.flatMap((m) => (m.completes ? [m.completes] : [])));
  const followUps: Task[] = k.messages.flatMap((m) =>
    m.followUp
      ? [
          {
            resourceType: 'Task' as const,
            id: derivedId(m.id, 'follow-up'),
            identifier: [{ system: KIZUKI_ID.message, value: m.id }],
            partOf: [ref(task)],
            status: completed.has(m.id) ? ('completed' as const) : ('requested' as const),
            intent: 'order' as const,
            description: m.followUp.task,
            focus: { reference: urn(m.id) },
            for: ctx.subject,
            authoredOn: m.createdAt,
            requester: userRef(m.authorId, m.authorName),
            owner: orgRef(k.fromOrgId, ctx.orgs),
            ...(m.followUp.dueAt ? { restriction: { period: { end: m.followUp.dueAt } } } : {}),
          },
        ]
      : [],
  );
  return [root, ...replies, task, ...followUps];
}

const SBAR_SECTIONS = [
  ['situation', '状況（I・S）'],
  ['background', '背景（B）'],
  ['assessment', '判断（A）'],
  ['request', '依頼・提案（R）'],
] as const;

function sbarPayload(sbar: Consultation['sbar']): { contentString: string }[] {
  return SBAR_SECTIONS.flatMap(([key, label]) => (sbar[key].trim() ? [{ contentString: `【${label}】${sbar[key]}` }] : []));
}

function messageCommunication(m: Message, k: Consultation, ctx: Ctx): Communication {
  const payload: string[] = [];
  if (m.body) payload.push(m.body);
  if (m.replyKind) payload.push(`【返信の種類】${REPLY_KIND_LABEL[m.replyKind]}`);
  if (m.followUp) payload.push(`【依頼】${m.followUp.task}`);
  if (m.feedback && (m.feedback.tags.length || m.feedback.next)) {
    const tags = m.feedback.tags.map((t) => FEEDBACK_LABEL[t]);
    payload.push(`【フィードバック】${[...tags, ...(m.feedback.next ? [`次はここも見てください: ${m.feedback.next}`] : [])].join('、')}`);
  }
  if (m.helped !== undefined) payload.push(m.helped ? '【評価】役に立った' : '【評価】役に立たなかった');
  if (!payload.length) payload.push(MESSAGE_KIND_LABEL[m.kind]);
  const fromStation = m.role === 'nurse';
  return {
    resourceType: 'Communication',
    id: m.id,
    identifier: [{ system: KIZUKI_ID.message, value: m.id }],
    // Every message answers the consultation; a carer's report also answers the nurse's request.
    inResponseTo: [{ reference: urn(k.id) }, ...(m.completes ? [{ reference: urn(m.completes) }] : [])],
    status: 'completed',
    category: [
      concept([{ system: KIZUKI_CS.messageKind, code: m.kind, display: MESSAGE_KIND_LABEL[m.kind] }]),
      ...(m.replyKind ? [concept([{ system: KIZUKI_CS.replyKind, code: m.replyKind, display: REPLY_KIND_LABEL[m.replyKind] }])] : []),
    ],
    subject: ctx.subject,
    sent: m.createdAt,
    sender: userRef(m.authorId, m.authorName),
    recipient: [orgRef(fromStation ? k.fromOrgId : k.toOrgId, ctx.orgs)],
    payload: payload.map((contentString) => ({ contentString })),
  };
}
