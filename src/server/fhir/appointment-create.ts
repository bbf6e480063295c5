/**
 * `POST /fhir/Appointment`: create is book (FHIR R4 http.html#create). The Appointment is
 * read by the create profile (`appointment-profile.ts`) into the booking service's
 * request and booked by `BookingService.book`, the one booking path the REST route uses
 * too, with its transaction, caps and exclusion constraint. The answers:
 *
 * - 201, `Location: {base}/Appointment/{id}`: the Appointment as a read returns it, with
 *   the standard, deadline and evaluation as extensions (`booking-extensions.ts`);
 * - 202: nothing fits, the request is stored on the waitlist: an Appointment with status
 *   `waitlist` and no id (no appointment exists yet), `basedOn` the request;
 * - 409: a lost race or a cap, an OperationOutcome with the next options;
 * - 400 / 422 / 413 / 415: an OperationOutcome naming the element or header.
 *
 * `Idempotency-Key` works as on `POST /appointments` (same service option, same table):
 * a retry returns the first result and books nothing more (`Idempotent-Replayed: true`).
 */
import type { Appointment } from '@medplum/fhirtypes';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import {
  type BookingRequest,
  BookingService,
  type BookingServiceOptions,
  type BookResult,
} from '../../booking/booking-service.ts';
import type { Database } from '../../db/schema.ts';
import { auditFor } from '../audit.ts';
import { bookHeaders, IDEMPOTENCY_HEADER } from '../routes/booking-schemas.ts';
import { type AppointmentBooking, parseAppointmentCreate } from './appointment-profile.ts';
import { judgedExtensions, waitlistReasonExtension } from './booking-extensions.ts';
import { bookingOutcomeOf, conflictOutcome } from './booking-outcomes.ts';
import { badHeader, FhirError, sendOutcome } from './outcome.ts';
import { baseUrlOf, sendResource } from './reply.ts';
import { requestReference, SYSTEMS, toAppointment } from './resources.ts';

/** An Appointment to book is a few hundred bytes; anything near this is not one. */
export const MAX_APPOINTMENT_BYTES = 64 * 1024;

/** FHIR's JSON media type; application/json is read too, anything else is a 415. */
const FHIR_JSON = 'application/fhir+json';

export interface AppointmentCreateOptions {
  readonly db: Kysely<Database>;
  /** The service's clock, horizon, … (tests); the defaults otherwise. */
  readonly booking?: BookingServiceOptions | undefined;
}

export const appointmentCreateRoute: FastifyPluginAsync<AppointmentCreateOptions> = async (
  app,
  { db, booking },
) => {
  const service = new BookingService(db, booking);
  // FHIR's own media type, parsed like application/json (which Fastify already reads),
  // with the same guards against prototype poisoning. Scoped to this plugin.
  app.addContentTypeParser(
    FHIR_JSON,
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );

  app.post(
    '/Appointment',
    { schema: { hide: true }, bodyLimit: MAX_APPOINTMENT_BYTES },
    async (request, reply) => {
      const key = idempotencyKeyOf(request.headers['idempotency-key']);
      if (request.headers['if-none-exist'] !== undefined) {
        throw badHeader(
          400,
          'not-supported',
          'If-None-Exist',
          `conditional create is not supported; send an ${IDEMPOTENCY_HEADER} to make a retry safe`,
        );
      }
      const booking = parseAppointmentCreate(request.body);
      const center = await patientCenterOf(db, booking);
      let result: BookResult;
      try {
        result = await service.book(toBookingRequest(booking, center), {
          audit: auditFor(request),
          idempotencyKey: key,
          slot: booking.slot,
        });
      } catch (error) {
        throw bookingOutcomeOf(error, booking.elements);
      }
      request.log.info({ outcome: result.kind }, 'FHIR booking');
      if (result.kind === 'conflict') {
        return sendOutcome(reply, conflictOutcome(result, booking.elements));
      }
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      if (result.kind === 'waitlisted') {
        return sendResource(reply.code(202), waitlistedAppointment(booking, result));
      }
      const row = await db
        .selectFrom('appointments')
        .selectAll()
        .where('center_id', '=', result.appointment.centerId)
        .where('id', '=', result.appointment.id)
        .executeTakeFirstOrThrow();
      const { resourceType, id, ...rest } = toAppointment(row);
      const created: Appointment = {
        resourceType,
        id,
        extension: judgedExtensions(result),
        ...rest,
      };
      return sendCreated(reply, `${baseUrlOf(request)}/Appointment/${id}`, created);
    },
  );
};

function sendCreated(reply: FastifyReply, location: string, resource: Appointment) {
  return sendResource(reply.code(201).header('location', location), resource);
}

/** The header as the REST route takes it (1 to 200 visible ASCII characters), or a 400. */
function idempotencyKeyOf(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const checked = bookHeaders.shape['idempotency-key'].safeParse(value);
  if (!checked.success || checked.data === undefined) {
    throw badHeader(
      400,
      'invalid',
      IDEMPOTENCY_HEADER,
      'expected 1 to 200 visible ASCII characters',
    );
  }
  return checked.data;
}

/**
 * The patient's home center, which the engine needs for in-person care (a REST client
 * sends it as `center`; FHIR has no place for it, and the patient's record says it).
 */
async function patientCenterOf(db: Kysely<Database>, booking: AppointmentBooking) {
  const rows = await db
    .selectFrom('patients')
    .select('center_id')
    .where('id', '=', booking.patientId)
    .limit(2)
    .execute();
  const [row, other] = rows;
  const at = booking.elements.patient;
  if (row === undefined) {
    throw FhirError.of(422, [
      {
        code: 'not-found',
        expression: at,
        message: `${at}: Patient/${booking.patientId} is not known`,
      },
    ]);
  }
  if (other !== undefined) {
    throw FhirError.of(422, [
      {
        code: 'multiple-matches',
        expression: at,
        message: `${at}: Patient/${booking.patientId} names more than one record`,
      },
    ]);
  }
  return row.center_id;
}

/** The service's request; fields not given stay out, as on the REST route (the key's hash). */
export function toBookingRequest(booking: AppointmentBooking, center: string): BookingRequest {
  return {
    patientId: booking.patientId,
    type: booking.type,
    standard: booking.standard,
    clockStart: booking.clockStart,
    center,
    ...(booking.notBefore === undefined ? {} : { notBefore: booking.notBefore }),
    ...(booking.language === undefined ? {} : { language: booking.language }),
    ...(booking.modality === undefined ? {} : { modality: booking.modality }),
    ...(booking.priorClinician === undefined ? {} : { priorClinician: booking.priorClinician }),
  };
}

/**
 * A request nothing fits is kept and waits (it is offered the first slot that frees):
 * FHIR R4's `waitlist` status says exactly that. There is no appointment, so no id.
 */
function waitlistedAppointment(
  booking: AppointmentBooking,
  result: Extract<BookResult, { kind: 'waitlisted' }>,
): Appointment {
  return {
    resourceType: 'Appointment',
    extension: [...judgedExtensions(result), waitlistReasonExtension(result.reason)],
    status: 'waitlist',
    basedOn: [requestReference(result.requestId)],
    appointmentType: {
      coding: [{ system: SYSTEMS.requestType, code: booking.type }],
      text: booking.type,
    },
    ...(booking.modality === undefined
      ? {}
      : { serviceType: [{ coding: [{ system: SYSTEMS.modality, code: booking.modality }] }] }),
    ...(booking.notBefore === undefined
      ? {}
      : { requestedPeriod: [{ start: new Date(booking.notBefore).toISOString() }] }),
    participant: [{ actor: { reference: `Patient/${booking.patientId}` }, status: 'accepted' }],
  };
}
