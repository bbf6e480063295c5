/**
 * Booking over HTTP, through the booking service (src/booking): `GET /availability`
 * (the engine's options for a request), `POST /appointments` (book), and
 * `POST /appointments/{centerId}/{id}/cancel` and `…/reschedule`. Every answer carries
 * the standard, the deadline and the evaluation; a lost race or a cap is a 409 problem
 * with the next options, so the client can pick again without another round trip.
 *
 * The routes only translate: the engine decides, the service's transaction and the
 * database's exclusion constraint guarantee (docs/database.md, "Booking service").
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  BookingService,
  type BookingServiceOptions,
  type BookResult,
  type ConflictResult,
} from '../../booking/booking-service.ts';
import type { WaitlistReason } from '../../engine/booking/request-table.ts';
import type { RouteOptions } from '../app.ts';
import { auditFor, recordAudit } from '../audit.ts';
import {
  fieldProblem,
  notFound,
  PROBLEM_CONTENT_TYPE,
  Problem,
  problemResponses,
} from '../problem.ts';
import { bookingProblemOf } from './booking-problems.ts';
import {
  appointmentLocation,
  appointmentParams,
  availabilityQuery,
  availabilitySchema,
  bookBody,
  bookedSchema,
  bookHeaders,
  bookingConflictSchema,
  cancelledSchema,
  IDEMPOTENCY_HEADER,
  rescheduleBody,
  rescheduledSchema,
  storedBookBody,
  toAppointment,
  toAvailability,
  toBookingRequest,
  toJudged,
  toOption,
  waitlistedSchema,
} from './booking-schemas.ts';

/**
 * Who calls the appointment off: the member (the breach list's `patient-declined`) or
 * the plan (the default). Optional: Fastify hands a missing body to the validator as null.
 */
const cancelBody = z
  .strictObject({
    by: z
      .enum(['member', 'plan'])
      .optional()
      .meta({ description: 'who cancelled: the member, or the plan (default)' }),
  })
  .nullish();

export interface BookingRouteOptions extends RouteOptions {
  /** The service's clock, horizon, … (tests); the defaults otherwise. */
  readonly booking?: BookingServiceOptions;
}

export const bookingRoutes: FastifyPluginAsyncZod<BookingRouteOptions> = async (
  app,
  { db, booking },
) => {
  const service = new BookingService(db, booking);
  const tags = ['booking'];

  /** Runs a service call, turning its refusals into problems. */
  async function serve<T>(call: () => Promise<T>, requestIn: 'body' | 'query'): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw bookingProblemOf(error, requestIn);
    }
  }

  app.get(
    '/availability',
    {
      schema: {
        tags,
        summary: "A request's standard, deadline and the engine's options, best first",
        querystring: availabilityQuery,
        response: { 200: availabilitySchema, ...problemResponses(400, 422) },
      },
    },
    async (request) =>
      toAvailability(
        await serve(() => service.findOptions(toBookingRequest(request.query)), 'query'),
      ),
  );

  app.post(
    '/appointments',
    {
      // The header's problem names it as clients write it (`Idempotency-Key`), not as
      // Node lower-cases it; the other parts' problems go to the error handler as usual.
      attachValidation: true,
      schema: {
        tags,
        summary: 'Book a request: the engine’s choice, or a picked option',
        description:
          `With an \`${IDEMPOTENCY_HEADER}\` header a retry returns the first result ` +
          '(same status and body, `Idempotent-Replayed: true`) and books nothing more; the ' +
          'same key with another body is a 422. A taken slot or a cap is a 409 with the ' +
          'next options; a request nothing fits is stored as waitlisted (202).',
        headers: bookHeaders,
        body: bookBody,
        response: {
          201: bookedSchema,
          202: waitlistedSchema,
          409: bookingConflictSchema,
          ...problemResponses(400, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      rethrowValidation(request.validationError);
      const { slot, ...fields } = request.body;
      const key = request.headers['idempotency-key'];
      const result = await serve(
        () =>
          service.book(toBookingRequest(fields), {
            audit: auditFor(request),
            idempotencyKey: key,
            slot: slot && { clinicianId: slot.clinicianId, start: Date.parse(slot.start) },
          }),
        'body',
      );
      return sendBookResult(reply, result);
    },
  );

  app.get(
    '/requests/:centerId/:id/availability',
    {
      schema: {
        tags,
        summary: "A stored request's standard, deadline and the engine's options, best first",
        params: appointmentParams,
        response: { 200: availabilitySchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const stored = await serve(() => service.findOptionsForStored(request.params), 'query');
      // The request's type and clock are the member's care: reading them is audited.
      await recordAudit(db, request, [
        {
          action: 'R',
          entityType: 'Request',
          entityId: request.params.id,
          centerId: request.params.centerId,
          patient: stored.patient,
        },
      ]);
      return toAvailability(stored);
    },
  );

  app.post(
    '/requests/:centerId/:id/book',
    {
      attachValidation: true,
      schema: {
        tags,
        summary:
          'Book a stored request (open or waitlisted): the engine’s choice, or a picked option',
        description:
          `As \`POST /appointments\`, for a request already stored (the queue's): with an ` +
          `\`${IDEMPOTENCY_HEADER}\` a retry returns the first result; a taken slot or a cap ` +
          'is a 409 with the next options; a request booked meanwhile is a 409; one that ' +
          'nothing fits is marked waitlisted (202).',
        headers: bookHeaders,
        params: appointmentParams,
        body: storedBookBody,
        response: {
          201: bookedSchema,
          202: waitlistedSchema,
          409: bookingConflictSchema,
          ...problemResponses(400, 404, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      rethrowValidation(request.validationError);
      const slot = request.body?.slot;
      const result = await serve(
        () =>
          service.bookStored(request.params, {
            audit: auditFor(request),
            idempotencyKey: request.headers['idempotency-key'],
            slot: slot && { clinicianId: slot.clinicianId, start: Date.parse(slot.start) },
          }),
        'body',
      );
      return sendBookResult(reply, result);
    },
  );

  /** The service looks an appointment up by id alone: make sure it is this center's. */
  async function requireAppointment(centerId: string, id: string): Promise<void> {
    const row = await db
      .selectFrom('appointments')
      .select('id')
      .where('center_id', '=', centerId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) throw notFound(`appointment ${centerId}/${id}`);
  }

  app.post(
    '/appointments/:centerId/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a booked appointment and close its request',
        params: appointmentParams,
        body: cancelBody,
        response: { 200: cancelledSchema, ...problemResponses(400, 404, 409, 413, 415) },
      },
    },
    async (request) => {
      const { centerId, id } = request.params;
      await requireAppointment(centerId, id);
      const by = request.body?.by;
      const result = await serve(
        () => service.cancel(id, { audit: auditFor(request), by }),
        'body',
      );
      return {
        outcome: 'cancelled' as const,
        requestId: result.requestId,
        ...toJudged(result),
        appointment: toAppointment(result.appointment),
      };
    },
  );

  app.post(
    '/appointments/:centerId/:id/reschedule',
    {
      schema: {
        tags,
        summary: 'Move a booked appointment: its own clinician first, inside the deadline',
        description:
          'When nothing fits, or the new slot was taken meanwhile, a 409 with the next ' +
          'options; the appointment is then kept as it was.',
        params: appointmentParams,
        body: rescheduleBody,
        response: {
          200: rescheduledSchema,
          409: bookingConflictSchema,
          ...problemResponses(400, 404, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const { centerId, id } = request.params;
      await requireAppointment(centerId, id);
      const notBefore = request.body?.notBefore;
      const result = await serve(
        () =>
          service.reschedule(id, {
            audit: auditFor(request),
            notBefore: notBefore === undefined ? undefined : Date.parse(notBefore),
          }),
        'body',
      );
      if (result.kind === 'conflict') return sendConflict(reply, result);
      if (result.kind === 'unchanged') {
        // Nothing fits: the move is refused and the appointment stays (no options to offer).
        return sendConflict(reply, { ...pickJudged(result), reason: result.reason, options: [] });
      }
      return reply.code(200).send({
        outcome: 'rescheduled',
        requestId: result.requestId,
        ...toJudged(result),
        previous: toAppointment(result.previous),
        appointment: toAppointment(result.appointment),
      });
    },
  );
};

/**
 * A booking route's validation failure: the header's problem names it as clients write
 * it (`Idempotency-Key`), not as Node lower-cases it; the other parts' problems go to
 * the error handler as usual.
 */
function rethrowValidation(invalid: FastifyRequest['validationError']): void {
  if (!invalid) return;
  if (invalid.validationContext === 'headers') {
    throw fieldProblem(
      'invalid-request',
      'header',
      IDEMPOTENCY_HEADER,
      'expected 1 to 200 visible ASCII characters',
    );
  }
  throw invalid;
}

/** A booking's answer: 201 booked, 202 waitlisted, 409 conflict (a replay says so). */
function sendBookResult(reply: FastifyReply, result: BookResult): FastifyReply {
  if (result.kind === 'conflict') return sendConflict(reply, result);
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  if (result.kind === 'waitlisted') {
    return reply.code(202).send({
      outcome: 'waitlisted',
      requestId: result.requestId,
      ...toJudged(result),
      reason: result.reason,
    });
  }
  const { appointment } = result;
  return reply
    .code(201)
    .header('location', appointmentLocation(appointment.centerId, appointment.id))
    .send({
      outcome: 'booked',
      requestId: result.requestId,
      ...toJudged(result),
      appointment: toAppointment(appointment),
    });
}

/** Why the pick failed; what to do next depends on whether anything else fits. */
const CONFLICT_DETAIL: Record<ConflictResult['reason'], string> = {
  'slot-taken': 'the slot was taken',
  'daily-visit-cap': "the clinician's day is full",
  'caseload-cap': "the clinician's caseload is full",
  'clinician-inactive': 'the clinician no longer takes bookings',
};
/** A reschedule that found nothing: the appointment stays where it is. */
const KEPT_DETAIL: Record<WaitlistReason, string> = {
  'no-fitting-clinician': 'no clinician fits the request; the appointment is kept',
  'no-capacity-in-horizon': 'nothing fits within the horizon; the appointment is kept',
};

function conflictDetail(
  reason: ConflictResult['reason'] | WaitlistReason,
  options: number,
): string {
  if (reason in KEPT_DETAIL) return KEPT_DETAIL[reason as WaitlistReason];
  const why = CONFLICT_DETAIL[reason as ConflictResult['reason']];
  // With no option left, a client that picks again cannot succeed: say what can.
  return options > 0
    ? `${why}; pick one of nextOptions`
    : `${why}; nothing else fits now: book without "slot" to put the request on the waitlist`;
}

function sendConflict(
  reply: FastifyReply,
  result: Pick<ConflictResult, 'standard' | 'deadline' | 'evaluation' | 'options'> & {
    readonly reason: ConflictResult['reason'] | WaitlistReason;
  },
): FastifyReply {
  const reason = result.reason;
  const problem = new Problem('conflict', conflictDetail(reason, result.options.length));
  return reply
    .code(409)
    .type(PROBLEM_CONTENT_TYPE)
    .send({
      ...problem.toBody(),
      reason,
      ...toJudged(result),
      nextOptions: result.options.map(toOption),
    });
}

function pickJudged<T extends Pick<ConflictResult, 'standard' | 'deadline' | 'evaluation'>>(r: T) {
  return { standard: r.standard, deadline: r.deadline, evaluation: r.evaluation };
}
