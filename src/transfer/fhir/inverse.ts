/**
 * The inverse of src/server/fhir/resources.ts: FHIR R4 resources back to the REST API's
 * record fields, each field with the FHIR path it was read from (so a problem names
 * `name[0].text`, not `name`). Only what the forward mapping writes is read; what it
 * does not carry gets the API's default (see docs/import-export.md, "FHIR").
 *
 * Pure: no database. References between resources are resolved by read-bundle.ts.
 */
import type {
  Appointment,
  CodeableConcept,
  Coding,
  Identifier,
  Organization,
  Patient,
  Practitioner,
  PractitionerRole,
  Reference,
} from '@medplum/fhirtypes';
import { APPOINTMENT_STATUS_TO_FHIR, SYSTEMS } from '../../server/fhir/resources.ts';

/** API fields, and the FHIR path of each. */
export interface Mapped {
  readonly fields: Record<string, unknown>;
  readonly paths: Record<string, string>;
}

class Builder {
  readonly fields: Record<string, unknown> = {};
  readonly paths: Record<string, string> = {};
  set(field: string, value: unknown, path: string): this {
    if (value !== undefined) this.fields[field] = value;
    this.paths[field] = path;
    return this;
  }
}

function codeIn(
  codings: readonly Coding[] | undefined,
  system: string,
): [string | undefined, number] {
  const index = (codings ?? []).findIndex((coding) => coding.system === system);
  return [index < 0 ? undefined : codings?.[index]?.code, Math.max(index, 0)];
}

function conceptCode(concept: CodeableConcept | undefined, system: string) {
  return codeIn(concept?.coding, system);
}

/** A center named by identifier (resources.ts writes logical references) or by reference. */
export function centerOf(reference: Reference | undefined): [string | undefined, string] {
  if (reference?.identifier?.system === SYSTEMS.center) {
    return [reference.identifier.value, 'identifier.value'];
  }
  const match = /^Organization\/(.+)$/.exec(reference?.reference ?? '');
  return [match?.[1], match ? 'reference' : 'identifier.value'];
}

export function fromOrganization(resource: Organization): Mapped {
  const identifier = (resource.identifier ?? []).findIndex((i) => i.system === SYSTEMS.center);
  const fromIdentifier = resource.identifier?.[identifier]?.value;
  return new Builder()
    .set(
      'id',
      resource.id ?? fromIdentifier,
      resource.id ? 'id' : `identifier[${identifier}].value`,
    )
    .set('name', resource.name, 'name');
}

export function fromPractitioner(resource: Practitioner): Mapped {
  const languages = (resource.communication ?? []).map(
    (c) => codeIn(c.coding, SYSTEMS.language)[0],
  );
  return new Builder()
    .set('id', resource.id, 'id')
    .set('active', resource.active, 'active')
    .set('name', resource.name?.[0]?.text, 'name[0].text')
    .set('languages', languages.length === 0 ? undefined : languages, 'communication');
}

export function fromPractitionerRole(resource: PractitionerRole): Mapped {
  const [center, centerPath] = centerOf(resource.organization);
  const [discipline, codingIndex] = conceptCode(resource.code?.[0], SYSTEMS.discipline);
  return new Builder()
    .set('centerId', center, `organization.${centerPath}`)
    .set('discipline', discipline, `code[0].coding[${codingIndex}].code`);
}

/** The practitioner a role is for: `Practitioner/{id}`. */
export function practitionerOfRole(resource: PractitionerRole): string | undefined {
  return /^Practitioner\/(.+)$/.exec(resource.practitioner?.reference ?? '')?.[1];
}

export function fromPatient(resource: Patient): Mapped {
  const index = (resource.identifier ?? []).findIndex(
    (i: Identifier) => i.system === SYSTEMS.memberNumber,
  );
  const member = resource.identifier?.[index];
  const [managing, managingPath] = centerOf(resource.managingOrganization);
  const [assigner, assignerPath] = centerOf(member?.assigner);
  const [language, languageIndex] = codeIn(
    resource.communication?.[0]?.language?.coding,
    SYSTEMS.language,
  );
  return new Builder()
    .set('id', resource.id, 'id')
    .set(
      'centerId',
      managing ?? assigner,
      managing !== undefined || assigner === undefined
        ? `managingOrganization.${managingPath}`
        : `identifier[${index}].assigner.${assignerPath}`,
    )
    .set('memberNumber', member?.value, `identifier[${Math.max(index, 0)}].value`)
    .set('name', resource.name?.[0]?.text, 'name[0].text')
    .set('birthDate', resource.birthDate, 'birthDate')
    .set('language', language, `communication[0].language.coding[${languageIndex}].code`);
}

const STATUS_FROM_FHIR: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(APPOINTMENT_STATUS_TO_FHIR).map(([timely, fhir]) => [fhir, timely]),
);

/** Who an appointment is between, by participant: `Patient/x`, `Practitioner/y`. */
export interface Participants {
  readonly patient: { id: string; path: string } | undefined;
  readonly practitioner: { id: string; path: string } | undefined;
}

export function participantsOf(
  resource: Appointment,
  resolve: (reference: string) => string | undefined,
): Participants {
  let patient: Participants['patient'];
  let practitioner: Participants['practitioner'];
  (resource.participant ?? []).forEach((participant, index) => {
    const target = resolve(participant.actor?.reference ?? '') ?? '';
    const path = `participant[${index}].actor.reference`;
    const match = /^(Patient|Practitioner|PractitionerRole)\/(.+)$/.exec(target);
    if (match?.[1] === 'Patient') patient = { id: match[2] ?? '', path };
    else if (match?.[2] !== undefined) practitioner = { id: match[2], path };
  });
  return { patient, practitioner };
}

/** The appointment's own fields; centers and participants are added by the reader. */
export function fromAppointment(resource: Appointment): Mapped {
  const [kind, kindIndex] = conceptCode(resource.appointmentType, SYSTEMS.appointmentKind);
  const [modality, modalityIndex] = conceptCode(resource.serviceType?.[0], SYSTEMS.modality);
  const requestIndex = (resource.basedOn ?? []).findIndex(
    (reference) => reference.identifier?.system === SYSTEMS.request,
  );
  const status =
    resource.status === undefined
      ? undefined
      : (STATUS_FROM_FHIR[resource.status] ?? resource.status);
  return new Builder()
    .set('id', resource.id, 'id')
    .set('status', status, 'status')
    .set('kind', kind, `appointmentType.coding[${kindIndex}].code`)
    .set('modality', modality, `serviceType[0].coding[${modalityIndex}].code`)
    .set('start', resource.start, 'start')
    .set('end', resource.end, 'end')
    .set('createdAt', resource.created, 'created')
    .set(
      'requestId',
      resource.basedOn?.[requestIndex]?.identifier?.value,
      `basedOn[${Math.max(requestIndex, 0)}].identifier.value`,
    );
}
