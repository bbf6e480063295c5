/**
 * The FHIR R4 face under `/fhir` (docs/fhir.md): `metadata`, read (`GET /fhir/{type}/{id}`)
 * and search (`GET /fhir/{type}?…`) for Practitioner, PractitionerRole, Patient,
 * Schedule, Slot, Appointment and AuditEvent (the audit trail), and create for Appointment (= book, through the
 * booking service like the REST route: `appointment-create.ts`). Responses are
 * `application/fhir+json`; errors are OperationOutcomes (`outcome.ts`), set up for this
 * plugin's routes only.
 *
 * The routes are left out of the OpenAPI document (`schema.hide`): FHIR's own contract
 * is the CapabilityStatement at `/fhir/metadata`.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Selectable } from 'kysely';
import type { BookingServiceOptions } from '../../booking/booking-service.ts';
import type { AppointmentsTable, Clinician, PatientsTable } from '../../db/schema.ts';
import type { RouteOptions } from '../app.ts';
import { type AuditEntry, recordAudit } from '../audit.ts';
import type { SortSpec } from '../pagination.ts';
import { RETRY_AFTER_SECONDS } from '../problem.ts';
import { appointmentCreateRoute } from './appointment-create.ts';
import { auditEventHandlers } from './audit-event-search.ts';
import { searchsetBundle } from './bundle.ts';
import { capabilityStatement } from './capability.ts';
import { badParameter, FhirError, notFoundOutcome, outcomeOf, sendOutcome } from './outcome.ts';
import { baseUrlOf, sendResource } from './reply.ts';
import {
  FHIR_APPOINTMENT_STATUSES,
  SYSTEMS,
  timelyAppointmentStatuses,
  toAppointment,
  toPatient,
  toPractitioner,
  toPractitionerRole,
  toSchedule,
  toSlot,
} from './resources.ts';
import { type ResourceType, SEARCH_PARAMETERS } from './search-definitions.ts';
import {
  isTimelyId,
  parseDateRange,
  parseReferences,
  parseSearch,
  parseTokens,
  type RawQuery,
} from './search-params.ts';
import { slotPage } from './slot-page.ts';
import { searchSlots } from './slot-search.ts';
import { parseSlotId } from './slots.ts';
import { first, type TypeHandlers, tablePage } from './table-search.ts';

/** The widest Slot search: slots are derived per request, so the range is bounded. */
export const MAX_SLOT_RANGE_DAYS = 31;

const BY_ID: SortSpec = { columns: { id: 'id' }, key: ['center_id', 'id'] };
const BY_START: SortSpec = { columns: { start: 'starts_at' }, key: ['center_id', 'id'] };

export interface FhirRouteOptions extends RouteOptions {
  /** The booking service's clock, horizon, … for Appointment create (tests). */
  readonly booking?: BookingServiceOptions;
}

export const fhirRoutes: FastifyPluginAsyncZod<FhirRouteOptions> = async (app, { db, booking }) => {
  app.setErrorHandler((error, request, reply) => {
    const outcome = outcomeOf(error);
    if (outcome.status === 503)
      request.log.warn({ code: outcome.code }, 'FHIR request refused: service unavailable');
    else if (outcome.status >= 500) request.log.error({ err: error }, 'FHIR request failed');
    else request.log.info({ status: outcome.status, code: outcome.code }, 'FHIR request refused');
    // As elsewhere in the API (../problem.ts): a database away is worth retrying.
    if (outcome.status === 503 && !reply.hasHeader('retry-after')) {
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    }
    return sendOutcome(reply, outcome);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    sendOutcome(
      reply,
      new FhirError(404, 'not-supported', `${request.method} ${path} is not supported`),
    );
  });

  const hidden = { schema: { hide: true } };

  app.get('/metadata', hidden, async (request, reply) =>
    sendResource(reply, capabilityStatement(baseUrlOf(request))),
  );

  for (const type of Object.keys(SEARCH_PARAMETERS) as ResourceType[]) {
    const handlers = HANDLERS[type];
    app.get(`/${type}`, hidden, async (request, reply) => {
      const query = request.query as RawQuery;
      const search = parseSearch(query, SEARCH_PARAMETERS[type]);
      const page = await handlers.search(db, search);
      await recordAudit(db, request, page.resources.flatMap(auditEntryOf));
      return sendResource(reply, searchsetBundle(baseUrlOf(request), type, query, page));
    });
    app.get(`/${type}/:id`, hidden, async (request, reply) => {
      const { id } = request.params as { id: string };
      const resource = isTimelyId(id) ? await handlers.read(db, id) : undefined;
      if (resource === undefined) throw notFoundOutcome(type, id);
      await recordAudit(db, request, auditEntryOf(resource));
      return sendResource(reply, resource);
    });
  }

  // Registered after the handlers above, so it inherits them.
  await app.register(appointmentCreateRoute, { db, booking });
};

/**
 * The audit events of the health information a search or read returns: each Patient
 * and Appointment resource made from a row remembers its event here, with the row's
 * exact keys (the resource alone does not say the patient's center).
 */
const AUDIT_EVENTS = new WeakMap<Resource, AuditEntry>();

function auditEntryOf(resource: Resource): AuditEntry[] {
  const entry = AUDIT_EVENTS.get(resource);
  return entry === undefined ? [] : [entry];
}

function auditedPatient(row: Selectable<PatientsTable>): Resource {
  const resource = toPatient(row);
  AUDIT_EVENTS.set(resource, {
    action: 'R',
    entityType: 'Patient',
    entityId: row.id,
    patient: { centerId: row.center_id, id: row.id },
  });
  return resource;
}

function auditedAppointment(row: Selectable<AppointmentsTable>): Resource {
  const resource = toAppointment(row);
  AUDIT_EVENTS.set(resource, {
    action: 'R',
    entityType: 'Appointment',
    entityId: row.id,
    centerId: row.center_id,
    patient: { centerId: row.patient_center_id, id: row.patient_id },
  });
  return resource;
}

/** The one row with this id, refusing to guess when two centers use the same id. */
function only<T>(type: string, id: string, rows: T[]): T | undefined {
  if (rows.length > 1) {
    throw new FhirError(409, 'multiple-matches', `${type}/${id} names more than one record`);
  }
  return rows[0];
}

function booleanToken(name: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw badParameter(name, 'expected true or false');
}

function clinicianType(
  type: 'Practitioner' | 'PractitionerRole' | 'Schedule',
  toResource: (row: Clinician) => Resource,
): TypeHandlers {
  return {
    async read(db, id) {
      const rows = await db.selectFrom('clinicians').selectAll().where('id', '=', id).execute();
      const row = only(type, id, rows);
      return row && toResource(row);
    },
    async search(db, search) {
      let query = db.selectFrom('clinicians');
      const active = first(search, 'active');
      if (active !== undefined) query = query.where('active', '=', booleanToken('active', active));
      const practitioner = first(search, type === 'Schedule' ? 'actor' : 'practitioner');
      if (practitioner !== undefined) {
        const name = type === 'Schedule' ? 'actor' : 'practitioner';
        query = query.where('id', 'in', parseReferences(name, practitioner, 'Practitioner'));
      }
      const role = first(search, 'role');
      if (role !== undefined) query = query.where('discipline', 'in', parseDisciplines(role));
      return tablePage(query, BY_ID, 'id', search, toResource);
    },
  };
}

function parseDisciplines(value: string): string[] {
  return value.split(',').map((token) => {
    const bar = token.indexOf('|');
    if (bar > 0 && token.slice(0, bar) !== SYSTEMS.discipline) {
      throw badParameter('role', `unknown code system in "${token}"`);
    }
    const code = bar === -1 ? token : token.slice(bar + 1);
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(code)) {
      throw badParameter('role', `"${code}" is not a discipline code`);
    }
    return code;
  });
}

const HANDLERS: Record<ResourceType, TypeHandlers> = {
  // The audit trail: compliance only (src/auth/policy.ts); reading it records nothing.
  AuditEvent: auditEventHandlers,

  Practitioner: clinicianType('Practitioner', toPractitioner),
  PractitionerRole: clinicianType('PractitionerRole', toPractitionerRole),
  Schedule: clinicianType('Schedule', toSchedule),

  Patient: {
    async read(db, id) {
      const rows = await db.selectFrom('patients').selectAll().where('id', '=', id).execute();
      const row = only('Patient', id, rows);
      return row && auditedPatient(row);
    },
    async search(db, search) {
      let query = db.selectFrom('patients');
      const identifier = first(search, 'identifier');
      if (identifier !== undefined) {
        const numbers = identifier.split(',').map((token) => {
          const bar = token.indexOf('|');
          if (bar > 0 && token.slice(0, bar) !== SYSTEMS.memberNumber) {
            throw badParameter('identifier', `unknown identifier system in "${token}"`);
          }
          const value = bar === -1 ? token : token.slice(bar + 1);
          if (value === '' || value.length > 40) {
            throw badParameter('identifier', 'expected a member number');
          }
          return value;
        });
        query = query.where('member_number', 'in', numbers);
      }
      return tablePage(query, BY_ID, 'id', search, auditedPatient);
    },
  },

  Appointment: {
    async read(db, id) {
      const rows = await db.selectFrom('appointments').selectAll().where('id', '=', id).execute();
      const row = only('Appointment', id, rows);
      return row && auditedAppointment(row);
    },
    async search(db, search) {
      let query = db.selectFrom('appointments');
      const patient = first(search, 'patient');
      if (patient !== undefined) {
        query = query.where('patient_id', 'in', parseReferences('patient', patient, 'Patient'));
      }
      const practitioner = first(search, 'practitioner');
      if (practitioner !== undefined) {
        const ids = parseReferences('practitioner', practitioner, 'Practitioner');
        query = query.where('clinician_id', 'in', ids);
      }
      const dates = search.params.get('date');
      if (dates !== undefined) {
        const range = parseDateRange('date', dates);
        if (range.from !== undefined) query = query.where('starts_at', '>=', new Date(range.from));
        if (range.to !== undefined) query = query.where('starts_at', '<', new Date(range.to));
      }
      const status = first(search, 'status');
      if (status !== undefined) {
        const codes = parseTokens('status', status, FHIR_APPOINTMENT_STATUSES);
        query = query.where('status', 'in', timelyAppointmentStatuses(codes));
      }
      return tablePage(query, BY_START, 'start', search, auditedAppointment);
    },
  },

  Slot: {
    async read(db, id) {
      const named = parseSlotId(id);
      if (named === undefined) return undefined;
      const slots = await searchSlots(db, [named.clinicianId], {
        from: named.start,
        to: named.start + 1000,
      });
      const slot = slots.find((candidate) => candidate.id === id);
      return slot && toSlot(slot);
    },
    async search(db, search) {
      const starts = search.params.get('start');
      if (starts === undefined)
        throw badParameter('start', 'required (a range of at most 31 days)');
      const range = parseDateRange('start', starts);
      if (range.from === undefined || range.to === undefined) {
        throw badParameter('start', 'needs a lower bound (ge, gt) and an upper bound (lt, le)');
      }
      if (range.to - range.from > MAX_SLOT_RANGE_DAYS * 86_400_000) {
        throw badParameter('start', `the range is longer than ${MAX_SLOT_RANGE_DAYS} days`);
      }
      const schedule = first(search, 'schedule');
      const ids =
        schedule === undefined ? undefined : parseReferences('schedule', schedule, 'Schedule');
      const status = first(search, 'status');
      const statuses =
        status === undefined
          ? undefined
          : parseTokens('status', status, ['free', 'busy', 'busy-unavailable'] as const);
      const slots =
        range.from < range.to ? await searchSlots(db, ids, { from: range.from, to: range.to }) : [];
      const matching =
        statuses === undefined ? slots : slots.filter((s) => statuses.includes(s.status));
      const page = slotPage(matching, search, Object.fromEntries(search.params));
      return {
        resources: page.slots.map(toSlot),
        nextCursor: page.nextCursor,
        total: matching.length,
      };
    },
  },
};
