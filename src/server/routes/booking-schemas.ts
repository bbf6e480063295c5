/**
 * The booking endpoints' zod schemas and the mapping between the HTTP shape and the
 * booking service's. Over HTTP every time is an ISO 8601 instant (an offset or `Z` is
 * required, so a bare wall-clock time cannot be misread in another zone); the service
 * and the engine count epoch milliseconds. Nothing here reads or writes the database.
 */
import { z } from 'zod';
import type {
  BookedAppointment,
  BookingRequest,
  OptionsResult,
} from '../../booking/booking-service.ts';
import type { SlotOption } from '../../booking/options.ts';
import { REQUEST_TYPES } from '../../engine/booking/model.ts';
import type { BookingEvaluation } from '../../engine/booking/outcomes.ts';
import { californiaStandards } from '../../engine/rules/standards.ts';
import { idSchema, languageSchema } from '../fields.ts';
import { problemSchema } from '../problem.ts';

/** An instant with an explicit offset; `Date.parse` of it is exact to the millisecond. */
export const instantInput = z.iso.datetime({
  offset: true,
  error: 'expected an ISO 8601 date-time with an offset, e.g. 2026-11-24T10:00:00-08:00',
});
const instantOutput = z.iso.datetime().meta({ description: 'ISO 8601 instant, UTC' });

const standardIds = californiaStandards.ids() as [string, ...string[]];

/**
 * The request's fields, shared by the availability query and the booking body.
 * `clockStart` is required rather than defaulting to the server's clock: a default
 * would make every retry a different request, and an idempotent retry a 422.
 */
const requestFields = {
  type: z.enum(REQUEST_TYPES),
  standard: z.enum(standardIds).meta({ description: 'the waiting-time standard that applies' }),
  patientId: idSchema,
  clockStart: instantInput.meta({
    description: 'when the clock starts: the request, or for a follow-up the prior appointment',
  }),
  notBefore: instantInput.optional().meta({ description: 'earliest acceptable start' }),
  language: languageSchema.optional(),
  modality: z.enum(['in-person', 'video', 'any']).optional(),
  center: idSchema.optional().meta({ description: "the patient's medical center" }),
  priorClinician: idSchema.optional().meta({ description: "the patient's own clinician" }),
};

const MAX_TRAVEL_KM = 1000;

export const availabilityQuery = z.strictObject({
  ...requestFields,
  maxTravelKm: z.coerce.number().min(0).max(MAX_TRAVEL_KM).optional(),
});

const slotChoice = z.strictObject({
  clinicianId: idSchema,
  start: instantInput,
});

export const bookBody = z.strictObject({
  ...requestFields,
  maxTravelKm: z.number().min(0).max(MAX_TRAVEL_KM).optional(),
  slot: slotChoice
    .optional()
    .meta({ description: "one of the request's options; the engine's choice when absent" }),
});

/** Booking a stored request: only the choice of slot (optional: a missing body is null). */
export const storedBookBody = z
  .strictObject({
    slot: slotChoice
      .optional()
      .meta({ description: "one of the request's options; the engine's choice when absent" }),
  })
  .nullish();

/** Optional: Fastify hands a missing body to the validator as null. */
export const rescheduleBody = z
  .strictObject({
    notBefore: instantInput.optional().meta({ description: 'the new start is not earlier' }),
  })
  .nullish();

/** Idempotency-Key (IETF draft): visible ASCII, as a header value must be. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const bookHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, 'expected 1 to 200 visible ASCII characters')
    .optional()
    .meta({ description: 'a retry with the same key and body returns the first result' }),
});

export const appointmentParams = z.strictObject({ centerId: idSchema, id: idSchema });

export const evaluationSchema = z
  .object({
    standard: z.string(),
    clockStart: instantOutput,
    deadline: instantOutput,
    standardDeadline: instantOutput.meta({
      description: "the standard's own deadline (differs from deadline under an extension)",
    }),
    met: z.boolean().nullable(),
    waitHours: z.number().nullable(),
    waitBusinessDays: z.number().nullable(),
    status: z.enum(['met', 'missed', 'open']),
  })
  .meta({ id: 'BookingEvaluation' });

export const optionSchema = z
  .object({
    clinicianId: z.string(),
    centerId: z.string(),
    start: instantOutput,
    end: instantOutput,
    modality: z.enum(['in-person', 'video']),
    kind: z.enum(['intake', 'followup']),
    evaluation: evaluationSchema,
  })
  .meta({ id: 'BookingOption' });

export const bookedAppointmentSchema = z
  .object({
    centerId: z.string(),
    id: z.string(),
    clinicianId: z.string(),
    patientCenterId: z.string(),
    patientId: z.string(),
    requestId: z.string().nullable(),
    start: instantOutput,
    end: instantOutput,
    modality: z.enum(['in-person', 'video']),
    kind: z.enum(['intake', 'followup']),
    status: z.enum(['booked', 'completed', 'cancelled', 'no-show']),
    replacesId: z.string().nullable(),
  })
  .meta({ id: 'BookedAppointment' });

const judged = {
  standard: z.string(),
  deadline: instantOutput,
  evaluation: evaluationSchema,
};
const waitlistReason = z.enum(['no-fitting-clinician', 'no-capacity-in-horizon']);

export const availabilitySchema = z
  .object({
    ...judged,
    options: z.array(optionSchema),
    waitlistReason: waitlistReason.nullable(),
  })
  .meta({ id: 'Availability' });

export const bookedSchema = z
  .object({
    outcome: z.literal('booked'),
    requestId: z.string(),
    ...judged,
    appointment: bookedAppointmentSchema,
  })
  .meta({ id: 'Booked' });

export const waitlistedSchema = z
  .object({
    outcome: z.literal('waitlisted'),
    requestId: z.string(),
    ...judged,
    reason: waitlistReason,
  })
  .meta({ id: 'Waitlisted' });

export const cancelledSchema = z
  .object({
    outcome: z.literal('cancelled'),
    requestId: z.string(),
    ...judged,
    appointment: bookedAppointmentSchema,
  })
  .meta({ id: 'Cancelled' });

export const rescheduledSchema = z
  .object({
    outcome: z.literal('rescheduled'),
    requestId: z.string(),
    ...judged,
    previous: bookedAppointmentSchema,
    appointment: bookedAppointmentSchema,
  })
  .meta({ id: 'Rescheduled' });

/** A 409: the problem, plus what the client needs to try again (RFC 9457 §3.2 extensions). */
export const bookingConflictSchema = problemSchema
  .extend({
    reason: z.enum([
      'slot-taken',
      'daily-visit-cap',
      'caseload-cap',
      'clinician-inactive',
      'no-fitting-clinician',
      'no-capacity-in-horizon',
    ]),
    ...judged,
    nextOptions: z.array(optionSchema),
  })
  .meta({ id: 'BookingConflict', description: 'RFC 9457 problem details with the next options' });

type RequestQuery = z.output<typeof availabilityQuery>;

/** The service's request for the HTTP one (fields left out stay out: the idempotency hash). */
export function toBookingRequest(fields: RequestQuery): BookingRequest {
  const request: Record<string, unknown> = {
    patientId: fields.patientId,
    type: fields.type,
    standard: fields.standard,
    clockStart: Date.parse(fields.clockStart),
  };
  if (fields.notBefore !== undefined) request.notBefore = Date.parse(fields.notBefore);
  if (fields.language !== undefined) request.language = fields.language;
  if (fields.modality !== undefined) request.modality = fields.modality;
  if (fields.center !== undefined) request.center = fields.center;
  if (fields.maxTravelKm !== undefined) request.maxTravelKm = fields.maxTravelKm;
  if (fields.priorClinician !== undefined) request.priorClinician = fields.priorClinician;
  return request as BookingRequest;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function toEvaluation(e: BookingEvaluation): z.output<typeof evaluationSchema> {
  return {
    standard: e.standard,
    clockStart: iso(e.clockStart),
    deadline: iso(e.deadline),
    standardDeadline: iso(e.standardDeadline),
    met: e.met,
    waitHours: e.waitHours,
    waitBusinessDays: e.waitBusinessDays,
    status: e.status,
  };
}

export function toOption(o: SlotOption): z.output<typeof optionSchema> {
  return {
    clinicianId: o.clinicianId,
    centerId: o.centerId,
    start: iso(o.start),
    end: iso(o.end),
    modality: o.modality,
    kind: o.kind,
    evaluation: toEvaluation(o.evaluation),
  };
}

export function toAppointment(a: BookedAppointment): z.output<typeof bookedAppointmentSchema> {
  return {
    centerId: a.centerId,
    id: a.id,
    clinicianId: a.clinicianId,
    patientCenterId: a.patientCenterId,
    patientId: a.patientId,
    requestId: a.requestId,
    start: iso(a.start),
    end: iso(a.end),
    modality: a.modality,
    kind: a.kind,
    status: a.status,
    replacesId: a.replacesId,
  };
}

/** Standard, deadline and evaluation, as every booking response carries them. */
export function toJudged(result: {
  readonly standard: string;
  readonly deadline: number;
  readonly evaluation: BookingEvaluation;
}) {
  return {
    standard: result.standard,
    deadline: iso(result.deadline),
    evaluation: toEvaluation(result.evaluation),
  };
}

export function toAvailability(result: OptionsResult): z.output<typeof availabilitySchema> {
  return {
    ...toJudged(result),
    options: result.options.map(toOption),
    waitlistReason: result.waitlistReason,
  };
}

export function appointmentLocation(centerId: string, id: string): string {
  return `/appointments/${encodeURIComponent(centerId)}/${encodeURIComponent(id)}`;
}
