/**
 * A FHIR R4 Bundle (`collection`, `batch` or `transaction`) to a staged dataset.
 * Organizations become medical centers; a Practitioner with its PractitionerRole (same
 * id, as resources.ts writes them) a clinician; Patients patients; Appointments
 * appointments, each in its clinician's center. Schedules and Slots are derived from
 * clinicians and templates, so they are accepted and not stored. In a batch or
 * transaction only POST and PUT entries are taken, and `urn:uuid:` full URLs resolve.
 */
import { randomUUID } from 'node:crypto';
import type {
  Appointment,
  Bundle,
  BundleEntry,
  Organization,
  Patient,
  Practitioner,
  PractitionerRole,
  Resource,
} from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { FieldRef, ImportProblem, SourceRef } from '../problems.ts';
import type { KindName } from '../record-kinds.ts';
import { stageRecord } from '../stage-record.ts';
import {
  type DeclaredKeys,
  declareKey,
  emptyDataset,
  type ReadResult,
  type TableName,
} from '../staging.ts';
import {
  fromAppointment,
  fromOrganization,
  fromPatient,
  fromPractitioner,
  fromPractitionerRole,
  type Mapped,
  participantsOf,
  practitionerOfRole,
} from './inverse.ts';

const BUNDLE_TYPES = ['collection', 'batch', 'transaction'];
const DERIVED = new Set(['Schedule', 'Slot']);
/** What FHIR does not carry: a clinician from FHIR offers both modalities. */
const DEFAULT_MODALITIES = ['in-person', 'video'];

interface Located<R> {
  readonly resource: R;
  readonly at: SourceRef;
}

/** A mapped resource's fields with the entry each came from. */
interface Part {
  readonly mapped: Mapped;
  readonly at: SourceRef;
}

export async function readBundle(
  db: Kysely<Database>,
  file: string,
  text: string,
): Promise<ReadResult> {
  const dataset = emptyDataset();
  const declared: DeclaredKeys = new Map();
  const problems: ImportProblem[] = [];
  const bundle = parseBundle(file, text, problems);
  if (bundle === undefined) return { dataset, declared, problems };

  const byType = collectEntries(file, bundle, problems);
  const stage = (
    kind: KindName,
    table: TableName,
    fields: Record<string, unknown>,
    at: SourceRef,
    parts: Part[],
  ) => {
    const result = stageRecord(kind, fields, at, (path) => blame(parts, at, path));
    problems.push(...result.problems);
    if (result.row) dataset[table].push(result.row);
  };

  for (const { resource, at } of byType.Organization as Located<Organization>[]) {
    const mapped = fromOrganization(resource);
    declare(declared, 'medical_centers', [mapped.fields.id]);
    stage('centers', 'medical_centers', mapped.fields, at, [{ mapped, at }]);
  }

  const roles = new Map<string, Located<PractitionerRole>>();
  for (const located of byType.PractitionerRole as Located<PractitionerRole>[]) {
    const practitioner = practitionerOfRole(located.resource) ?? located.resource.id ?? '';
    roles.set(practitioner, located);
  }
  const clinicianCenters = new Map<string, string[]>();
  for (const { resource, at } of byType.Practitioner as Located<Practitioner>[]) {
    const practitioner = fromPractitioner(resource);
    const role = roles.get(resource.id ?? '');
    roles.delete(resource.id ?? '');
    if (role === undefined) {
      problems.push({
        at,
        field: '',
        message: 'no PractitionerRole in the Bundle names its medical center and discipline',
      });
      continue;
    }
    const roleMapped = fromPractitionerRole(role.resource);
    const fields: Record<string, unknown> = {
      ...practitioner.fields,
      ...roleMapped.fields,
      modalities: DEFAULT_MODALITIES,
    };
    clinicianCenters.set(String(fields.id), [String(fields.centerId)]);
    declare(declared, 'clinicians', [fields.centerId, fields.id]);
    stage('clinicians', 'clinicians', fields, at, [
      { mapped: practitioner, at },
      { mapped: roleMapped, at: role.at },
    ]);
  }
  for (const [practitioner, { at }] of roles) {
    problems.push({
      at,
      field: 'resource.practitioner.reference',
      message: `no Practitioner/${practitioner} in the Bundle`,
    });
  }

  const patientCenters = new Map<string, string[]>();
  for (const { resource, at } of byType.Patient as Located<Patient>[]) {
    const mapped = fromPatient(resource);
    patientCenters.set(String(mapped.fields.id), [String(mapped.fields.centerId)]);
    declare(declared, 'patients', [mapped.fields.centerId, mapped.fields.id]);
    stage('patients', 'patients', mapped.fields, at, [{ mapped, at }]);
  }

  const appointments = byType.Appointment as Located<Appointment>[];
  const resolve = (reference: string) => byType.fullUrls.get(reference) ?? reference;
  const withParticipants = appointments.map((a) => ({
    ...a,
    who: participantsOf(a.resource, resolve),
  }));
  await addStoredCenters(
    db,
    'clinicians',
    withParticipants.map((a) => a.who.practitioner?.id),
    clinicianCenters,
  );
  await addStoredCenters(
    db,
    'patients',
    withParticipants.map((a) => a.who.patient?.id),
    patientCenters,
  );
  for (const { resource, at, who } of withParticipants) {
    const mapped = fromAppointment(resource);
    const fields: Record<string, unknown> = { ...mapped.fields };
    const paths: Record<string, string> = { ...mapped.paths };
    let complete = true;
    for (const [role, party, centers, fieldPrefix] of [
      ['Practitioner', who.practitioner, clinicianCenters, 'clinician'],
      ['Patient', who.patient, patientCenters, 'patient'],
    ] as const) {
      const found = party === undefined ? [] : (centers.get(party.id) ?? []);
      if (party === undefined || found.length !== 1) {
        complete = false;
        problems.push({
          at,
          field: `resource.${party?.path ?? 'participant'}`,
          message:
            party === undefined
              ? `no ${role} among the participants`
              : found.length === 0
                ? `no ${role}/${party.id} in the Bundle or the database`
                : `${role}/${party.id} is in several medical centers; cannot tell which`,
        });
        continue;
      }
      const centerField = fieldPrefix === 'clinician' ? 'centerId' : 'patientCenterId';
      fields[`${fieldPrefix}Id`] = party.id;
      fields[centerField] = found[0];
      paths[`${fieldPrefix}Id`] = party.path;
      paths[centerField] = party.path;
    }
    if (complete)
      stage('appointments', 'appointments', fields, at, [{ mapped: { fields, paths }, at }]);
  }
  return { dataset, declared, problems };
}

function declare(declared: DeclaredKeys, table: TableName, key: unknown[]): void {
  if (key.every((part) => typeof part === 'string' && part !== '')) {
    declareKey(declared, table, key as string[]);
  }
}

function blame(
  parts: readonly Part[],
  fallback: SourceRef,
  path: readonly PropertyKey[],
): FieldRef {
  const [head, ...rest] = path.map(String);
  for (const { mapped, at } of parts) {
    const base = mapped.paths[head ?? ''];
    if (base !== undefined) {
      // A list field's items: `communication` + [1] → `communication[1]`.
      const tail = rest.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('');
      return { at, field: `resource.${base}${tail}` };
    }
  }
  return { at: fallback, field: ['resource', ...path.map(String)].join('.') };
}

/** Centers of clinicians or patients the Bundle refers to but does not hold. */
async function addStoredCenters(
  db: Kysely<Database>,
  table: 'clinicians' | 'patients',
  ids: readonly (string | undefined)[],
  centers: Map<string, string[]>,
): Promise<void> {
  const missing = [...new Set(ids)].filter(
    (id): id is string => id !== undefined && !centers.has(id),
  );
  if (missing.length === 0) return;
  const rows = await db
    .selectFrom(table)
    .select(['center_id', 'id'])
    .where('id', 'in', missing)
    .execute();
  for (const row of rows) centers.set(row.id, [...(centers.get(row.id) ?? []), row.center_id]);
}

function parseBundle(file: string, text: string, problems: ImportProblem[]): Bundle | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    problems.push({ at: { file }, field: '', message: 'not valid JSON' });
    return undefined;
  }
  const bundle = json as Partial<Bundle> | null;
  if (bundle?.resourceType !== 'Bundle') {
    problems.push({
      at: { file },
      field: '',
      message: 'expected a FHIR Bundle (resourceType "Bundle")',
    });
    return undefined;
  }
  if (!BUNDLE_TYPES.includes(String(bundle.type))) {
    problems.push({
      at: { file },
      field: '',
      message: `Bundle.type must be one of ${BUNDLE_TYPES.join(', ')}`,
    });
    return undefined;
  }
  return bundle as Bundle;
}

type ImportedType =
  | 'Organization'
  | 'Practitioner'
  | 'PractitionerRole'
  | 'Patient'
  | 'Appointment';

function collectEntries(file: string, bundle: Bundle, problems: ImportProblem[]) {
  const byType: Record<ImportedType, Located<Resource>[]> = {
    Organization: [],
    Practitioner: [],
    PractitionerRole: [],
    Patient: [],
    Appointment: [],
  };
  const fullUrls = new Map<string, string>();
  (bundle.entry ?? []).forEach((entry: BundleEntry, index) => {
    const at = { file, entry: index };
    const method = entry.request?.method;
    if (bundle.type !== 'collection' && method !== 'POST' && method !== 'PUT') {
      problems.push({
        at,
        field: 'request.method',
        message: 'only POST and PUT entries are imported',
      });
      return;
    }
    const resource = entry.resource;
    if (resource === undefined) {
      problems.push({ at, field: 'resource', message: 'missing' });
      return;
    }
    if (DERIVED.has(resource.resourceType)) return;
    if (!(resource.resourceType in byType)) {
      problems.push({
        at,
        field: 'resource.resourceType',
        message: `${resource.resourceType} is not imported`,
      });
      return;
    }
    // A POST in a transaction may leave the id to the server: give it one now, so
    // `urn:uuid:` references to it resolve.
    const withId = resource.id === undefined ? { ...resource, id: randomUUID() } : resource;
    if (entry.fullUrl) fullUrls.set(entry.fullUrl, `${withId.resourceType}/${withId.id}`);
    byType[resource.resourceType as ImportedType].push({ resource: withId, at });
  });
  return { ...byType, fullUrls };
}
