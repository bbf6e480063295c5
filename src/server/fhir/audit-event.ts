/**
 * An `audit_events` row as a FHIR R4 AuditEvent (https://hl7.org/fhir/R4/auditevent.html),
 * following the pattern of the Basic Audit Log Patterns: one agent (the account that
 * asked, `requestor: true`, its role and its network address), the observer that wrote
 * the event (the server, or the command line), and the entities: the record acted on
 * (`Patient/{id}`, `Appointment/{id}`, a booking request) and, when the record is about a
 * member, the member as a second entity in the role Patient.
 *
 * Codes (R4 value sets): `type` is `rest` (audit-event-type) for the API, DICOM 110107
 * Import / 110106 Export for the command line and 110114 User Authentication (subtype
 * 110122 Login, 110123 Logout) for sign-ins; `outcome` 0 success, 4 minor failure (a
 * refused sign-in). The record's `entity.type` is its resource type (the R4
 * audit-entity-type value set includes http://hl7.org/fhir/resource-types), the
 * member's is 1 Person, so `entity-type=Patient` finds events about a Patient record
 * and not every event that names a member.
 *
 * R4 has no element for the request that caused an event, so the request (or run) id
 * travels as an `entity.detail` of the record, with the row's own allow-listed detail.
 * The rows hold ids and codes only; so does the resource.
 */
import { isIP } from 'node:net';
import type {
  AuditEvent,
  AuditEventAgent,
  AuditEventEntity,
  AuditEventEntityDetail,
  AuditEventSource,
  Coding,
  Reference,
} from '@medplum/fhirtypes';
import type { Selectable } from 'kysely';
import type { AuditEventsTable } from '../../db/schema.ts';
import { COMMAND_LINE_ROLE } from '../audit.ts';
import { requestReference } from './resources.ts';

export const AUDIT_SYSTEMS = {
  eventType: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
  dicom: 'http://dicom.nema.org/resources/ontology/DCM',
  action: 'http://hl7.org/fhir/audit-event-action',
  outcome: 'http://hl7.org/fhir/audit-event-outcome',
  sourceType: 'http://terminology.hl7.org/CodeSystem/security-source-type',
  entityType: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
  resourceType: 'http://hl7.org/fhir/resource-types',
  objectRole: 'http://terminology.hl7.org/CodeSystem/object-role',
  /** Timely accounts (not served as resources): agent.who.identifier */
  account: 'urn:timely:account',
  /** Timely roles (src/auth/policy.ts), `public`, and `cli` for the command line */
  role: 'urn:timely:role',
} as const;

/** Stored `entity_type` → the resource type its records are served (or referred to) as. */
export const RECORD_RESOURCE_TYPES = {
  Patient: 'Patient',
  Appointment: 'Appointment',
  Request: 'ServiceRequest',
} as const;

/** FHIR AuditEvent.outcome of a stored outcome. */
export const OUTCOME_CODES = { success: '0', failure: '4' } as const;

type Row = Selectable<AuditEventsTable>;

const dicom = (code: string, display: string): Coding => ({
  system: AUDIT_SYSTEMS.dicom,
  code,
  display,
});
const objectRole = (code: string, display: string): Coding => ({
  system: AUDIT_SYSTEMS.objectRole,
  code,
  display,
});
const DOMAIN_RESOURCE = objectRole('4', 'Domain Resource');

export function toAuditEvent(row: Row): AuditEvent {
  return {
    resourceType: 'AuditEvent',
    id: row.id,
    ...eventType(row),
    action: row.action,
    recorded: row.recorded_at.toISOString(),
    outcome: OUTCOME_CODES[row.outcome],
    agent: [agentOf(row)],
    source: sourceOf(row),
    entity: entitiesOf(row),
  };
}

function fromCommandLine(row: Row): boolean {
  return row.actor_role === COMMAND_LINE_ROLE;
}

function eventType(row: Row): Pick<AuditEvent, 'type' | 'subtype'> {
  if (fromCommandLine(row) && row.detail.command === 'import') {
    return { type: dicom('110107', 'Import') };
  }
  if (fromCommandLine(row) && row.detail.command === 'export') {
    return { type: dicom('110106', 'Export') };
  }
  if (row.entity_type === 'Session') {
    const signOut = row.detail.event === 'sign-out';
    return {
      type: dicom('110114', 'User Authentication'),
      subtype: [signOut ? dicom('110123', 'Logout') : dicom('110122', 'Login')],
    };
  }
  return { type: { system: AUDIT_SYSTEMS.eventType, code: 'rest', display: 'RESTful Operation' } };
}

function agentOf(row: Row): AuditEventAgent {
  const address = row.source_address;
  return {
    ...(row.actor_role === null
      ? {}
      : {
          role: [
            {
              coding: [{ system: AUDIT_SYSTEMS.role, code: row.actor_role }],
              text: row.actor_role,
            },
          ],
        }),
    ...(row.actor_user_id === null
      ? {}
      : { who: { identifier: { system: AUDIT_SYSTEMS.account, value: row.actor_user_id } } }),
    requestor: true,
    // network.type: 2 an IP address; 1 a machine name (the command line's `local`).
    ...(address === null ? {} : { network: { address, type: isIP(address) === 0 ? '1' : '2' } }),
  };
}

function sourceOf(row: Row): AuditEventSource {
  if (fromCommandLine(row)) return { observer: { display: 'Timely command line' } };
  return {
    observer: { display: 'Timely server' },
    type: [{ system: AUDIT_SYSTEMS.sourceType, code: '4', display: 'Application Server' }],
  };
}

function entitiesOf(row: Row): AuditEventEntity[] {
  const detail = recordDetail(row);
  const record: AuditEventEntity = {
    ...recordForm(row.entity_type, row.entity_id),
    ...(detail.length === 0 ? {} : { detail }),
  };
  if (row.patient_id === null) return [record];
  const patient: AuditEventEntity = {
    what: { reference: `Patient/${row.patient_id}` },
    type: { system: AUDIT_SYSTEMS.entityType, code: '1', display: 'Person' },
    role: objectRole('1', 'Patient'),
    ...(row.patient_center_id === null
      ? {}
      : { detail: [{ type: 'center', valueString: row.patient_center_id }] }),
  };
  return [record, patient];
}

/** How a record is named: by reference when the face serves it, else by identifier. */
function recordForm(
  entityType: string,
  id: string,
): Pick<AuditEventEntity, 'what' | 'type' | 'role'> {
  const resourceType = (RECORD_RESOURCE_TYPES as Readonly<Record<string, string>>)[entityType];
  const typed = (code: string): Coding => ({ system: AUDIT_SYSTEMS.resourceType, code });
  switch (resourceType) {
    case 'Patient':
    case 'Appointment':
      return {
        what: { reference: `${resourceType}/${id}` },
        type: typed(resourceType),
        role: DOMAIN_RESOURCE,
      };
    case 'ServiceRequest':
      return { what: requestReference(id), type: typed(resourceType), role: DOMAIN_RESOURCE };
  }
  const what: Reference =
    entityType === 'Session'
      ? { identifier: { system: AUDIT_SYSTEMS.account, value: id } }
      : { identifier: { system: 'urn:timely:record', value: `${entityType}/${id}` } };
  return {
    what,
    type: { system: AUDIT_SYSTEMS.entityType, code: '2', display: 'System Object' },
    ...(entityType === 'Session' ? { role: objectRole('11', 'Security User Entity') } : {}),
  };
}

/** The request (or run) id, the record's center and the row's allow-listed detail. */
function recordDetail(row: Row): AuditEventEntityDetail[] {
  const detail: AuditEventEntityDetail[] = [];
  if (row.request_id !== null) detail.push({ type: 'request-id', valueString: row.request_id });
  if (row.center_id !== null) detail.push({ type: 'center', valueString: row.center_id });
  for (const [type, value] of Object.entries(row.detail)) {
    if (value === null || value === undefined) continue;
    detail.push({ type, valueString: typeof value === 'string' ? value : JSON.stringify(value) });
  }
  return detail;
}
