/**
 * The search parameters each resource type implements: the one list both the searches
 * (`routes.ts`, which refuses any other parameter) and the CapabilityStatement read,
 * so the statement lists exactly what is implemented.
 */
import type { ParamDefinition } from './search-params.ts';

const spec = (path: string) => `http://hl7.org/fhir/SearchParameter/${path}`;

export const SEARCH_PARAMETERS = {
  Practitioner: {
    active: {
      type: 'token',
      definition: spec('Practitioner-active'),
      documentation: 'true or false',
    },
  },
  PractitionerRole: {
    practitioner: {
      type: 'reference',
      definition: spec('PractitionerRole-practitioner'),
      documentation: 'Practitioner/{id}, or a comma-separated list',
    },
    role: {
      type: 'token',
      definition: spec('PractitionerRole-role'),
      documentation: 'the discipline (psychologist, lcsw, lmft, psychiatrist, …)',
    },
    active: {
      type: 'token',
      definition: spec('PractitionerRole-active'),
      documentation: 'true or false',
    },
  },
  Patient: {
    identifier: {
      type: 'token',
      definition: spec('Patient-identifier'),
      documentation: 'member number, optionally as urn:timely:member-number|{number}',
    },
  },
  Schedule: {
    actor: {
      type: 'reference',
      definition: spec('Schedule-actor'),
      documentation: 'Practitioner/{id}, or a comma-separated list',
    },
    active: {
      type: 'token',
      definition: spec('Schedule-active'),
      documentation: 'true or false',
    },
  },
  Slot: {
    schedule: {
      type: 'reference',
      definition: spec('Slot-schedule'),
      documentation: 'Schedule/{id}, or a comma-separated list; all schedules when absent',
    },
    start: {
      type: 'date',
      definition: spec('Slot-start'),
      documentation:
        'required, with a lower (ge, gt, eq) and an upper (lt, le, eq) bound at most 31 days apart; dates without an offset are UTC',
    },
    status: {
      type: 'token',
      definition: spec('Slot-status'),
      documentation: 'free, busy or busy-unavailable, or a comma-separated list',
    },
  },
  Appointment: {
    patient: {
      type: 'reference',
      definition: spec('clinical-patient'),
      documentation: 'Patient/{id}, or a comma-separated list',
    },
    practitioner: {
      type: 'reference',
      definition: spec('Appointment-practitioner'),
      documentation: 'Practitioner/{id}, or a comma-separated list',
    },
    date: {
      type: 'date',
      definition: spec('clinical-date'),
      documentation:
        'Appointment.start; prefixes eq, ge, gt, le, lt; repeat for a range; dates without an offset are UTC',
    },
    status: {
      type: 'token',
      definition: spec('Appointment-status'),
      documentation: 'booked, fulfilled, cancelled or noshow, or a comma-separated list',
    },
  },
  AuditEvent: {
    patient: {
      type: 'reference',
      definition: spec('AuditEvent-patient'),
      documentation: 'Patient/{id}, or a comma-separated list: events about that member',
    },
    agent: {
      type: 'reference',
      definition: spec('AuditEvent-agent'),
      documentation:
        'an account id (agent.who.identifier in urn:timely:account), or a comma-separated list',
    },
    'agent-role': {
      type: 'token',
      definition: spec('AuditEvent-agent-role'),
      documentation:
        'the role the agent acted in (urn:timely:role): an account role, public, or cli (the command line)',
    },
    entity: {
      type: 'reference',
      definition: spec('AuditEvent-entity'),
      documentation:
        'Patient/{id} or Appointment/{id} (a bare id: either), or a comma-separated list',
    },
    'entity-type': {
      type: 'token',
      definition: spec('AuditEvent-entity-type'),
      documentation:
        'the type of the record (http://hl7.org/fhir/resource-types): Patient, Appointment or ServiceRequest (a booking request)',
    },
    action: {
      type: 'token',
      definition: spec('AuditEvent-action'),
      documentation: 'C, R, U, D or E, or a comma-separated list',
    },
    date: {
      type: 'date',
      definition: spec('AuditEvent-date'),
      documentation:
        'AuditEvent.recorded; prefixes eq, ge, gt, le, lt; repeat for a range; dates without an offset are UTC',
    },
    outcome: {
      type: 'token',
      definition: spec('AuditEvent-outcome'),
      documentation: '0 (success) or 4 (refused, e.g. a failed sign-in)',
    },
  },
} as const satisfies Record<string, Record<string, ParamDefinition>>;

export type ResourceType = keyof typeof SEARCH_PARAMETERS;

export const RESOURCE_TYPES = Object.keys(SEARCH_PARAMETERS) as ResourceType[];
