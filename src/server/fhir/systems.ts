// The URLs, code systems and codes the FHIR export uses, in one place, pinned by
// docs/decisions/0010-fhir-export.md. A receiving system maps on these: change none of them
// without a new decision.
import type { Consciousness, ConsultationStatus, Urgency } from '../../shared/codes.js';

export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const UCUM = 'http://unitsofmeasure.org';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const DATA_ABSENT_REASON = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
/** ISO 21090 EN.representation: IDE (漢字) and SYL (カナ) names of JP Core. */
export const NAME_REPRESENTATION = 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation';
/** RFC 3986: the identifier's value is itself a URI (our UUIDs as urn:uuid:…). */
export const URI_IDENTIFIER = 'urn:ietf:rfc:3986';

// JP Core v1.x
export const JP_PATIENT = 'http://jpfhir.jp/fhir/core/StructureDefinition/JP_Patient';
export const JP_OBSERVATION_VITAL_SIGNS = 'http://jpfhir.jp/fhir/core/StructureDefinition/JP_Observation_VitalSigns';
export const JP_SIMPLE_OBSERVATION_CATEGORY = 'http://jpfhir.jp/fhir/core/CodeSystem/JP_SimpleObservationCategory_CS';
export const JP_VITAL_SIGNS_CATEGORY = 'http://jpfhir.jp/fhir/core/CodeSystem/JP_ObservationVitalSignsCategory_CS';

// The base FHIR R4 vital-sign profiles.
const HL7_SD = 'http://hl7.org/fhir/StructureDefinition';
export const VITAL_SIGNS_PROFILE = `${HL7_SD}/vitalsigns`;
export const BODY_TEMP_PROFILE = `${HL7_SD}/bodytemp`;
export const BP_PROFILE = `${HL7_SD}/bp`;
export const HEART_RATE_PROFILE = `${HL7_SD}/heartrate`;
export const RESP_RATE_PROFILE = `${HL7_SD}/resprate`;
export const OXYGEN_SAT_PROFILE = `${HL7_SD}/oxygensat`;

/** Kizuki's own names. Canonical URLs are names, not addresses: they need not resolve. */
export const KIZUKI = 'https://kizuki.jp/fhir';
export const KIZUKI_CS = {
  observation: `${KIZUKI}/CodeSystem/observation`,
  softSign: `${KIZUKI}/CodeSystem/soft-sign`,
  category: `${KIZUKI}/CodeSystem/consultation-category`,
  urgency: `${KIZUKI}/CodeSystem/urgency`,
  status: `${KIZUKI}/CodeSystem/consultation-status`,
  messageKind: `${KIZUKI}/CodeSystem/message-kind`,
  replyKind: `${KIZUKI}/CodeSystem/reply-kind`,
  sbar: `${KIZUKI}/CodeSystem/isbarc-section`,
} as const;
export const KIZUKI_ID = {
  observation: `${KIZUKI}/sid/observation-id`,
  consultation: `${KIZUKI}/sid/consultation-id`,
  message: `${KIZUKI}/sid/message-id`,
  organization: `${KIZUKI}/sid/organization-id`,
  user: `${KIZUKI}/sid/user-id`,
} as const;

/** ACVPU answers, SNOMED CT as in UK Core's ACVPU value set. */
export const ACVPU_SNOMED: Record<Consciousness, { code: string; display: string }> = {
  A: { code: '248234008', display: 'Mentally alert' },
  C: { code: '130987000', display: 'Acute confusion' },
  V: { code: '300202002', display: 'Responds to voice' },
  P: { code: '450847001', display: 'Responds to pain' },
  U: { code: '422768004', display: 'Unresponsive' },
};

/** Air or oxygen as SNOMED CT findings (the NEWS2 parameter). */
export const ROOM_AIR = { code: '722742002', display: 'Breathing room air' };
export const ON_OXYGEN = { code: '371825009', display: 'Patient on oxygen' };

export const NEWS2_TOTAL = { code: '1104051000000101', display: 'Royal College of Physicians National Early Warning Score 2 total score' };
export const NEWS2_PARAMETER_SNOMED = {
  respiratoryRate: { code: '1104301000000104', display: 'NEWS2 respiration rate score' },
  spo2Scale1: { code: '1104311000000102', display: 'NEWS2 oxygen saturation scale 1 score' },
  spo2Scale2: { code: '1104321000000108', display: 'NEWS2 oxygen saturation scale 2 score' },
  onOxygen: { code: '1104331000000105', display: 'NEWS2 air or oxygen score' },
  systolic: { code: '1104341000000101', display: 'NEWS2 systolic blood pressure score' },
  pulse: { code: '1104351000000103', display: 'NEWS2 pulse score' },
  consciousness: { code: '1104361000000100', display: 'NEWS2 consciousness score' },
  temperature: { code: '1104371000000107', display: 'NEWS2 temperature score' },
} as const;

/** Kizuki's four urgencies onto FHIR request-priority, order kept (fyi < … < immediate). */
export const PRIORITY: Record<Urgency, 'routine' | 'urgent' | 'asap' | 'stat'> = {
  fyi: 'routine',
  within_days: 'urgent',
  today: 'asap',
  immediate: 'stat',
};

/** The consultation's status onto FHIR task-status. */
export const TASK_STATUS: Record<ConsultationStatus, 'requested' | 'received' | 'in-progress' | 'completed'> = {
  open: 'requested',
  acknowledged: 'received',
  answered: 'in-progress',
  closed: 'completed',
};
