/**
 * The rules a record must pass to be imported, in the REST API's field names. Where the
 * API creates the record, its own create schema is reused (src/server/routes), so an
 * import accepts exactly what `POST` accepts. Time off, stoppages, requests and
 * appointments have no create route taking a stored row; their schemas here are built
 * from the API's field schemas (src/server/fields.ts, booking-schemas.ts) and mirror the
 * migrations' checks, so a bad value is named by field rather than by constraint.
 */
import { z } from 'zod';
import { APPOINTMENT_STATUSES, MODALITIES, REQUEST_STATUSES, SESSION_KINDS } from '../db/schema.ts';
import { TimelyError } from '../engine/errors.ts';
import { calendarNamed } from '../engine/rules/calendar.ts';
import { deadlineFor } from '../engine/rules/deadline.ts';
import { californiaStandards } from '../engine/rules/standards.ts';
import { instantFromEpochMs } from '../engine/time.ts';
import { codeSchema, idSchema, languageSchema, nameSchema } from '../server/fields.ts';
import { availabilityQuery, bookBody, instantInput } from '../server/routes/booking-schemas.ts';
import { createSchema as centerCreate } from '../server/routes/centers.ts';
import { createSchema as clinicianCreate } from '../server/routes/clinicians.ts';
import { createSchema as patientCreate } from '../server/routes/patients.ts';
import {
  adminBlockIn,
  sessionIn,
  createSchema as templateCreate,
} from '../server/routes/templates.ts';

export { centerCreate, clinicianCreate, patientCreate, templateCreate };

/** Every stored record may bring its creation time; a round trip keeps it. */
export const createdAtField = instantInput.optional();

/** One session of a template, on its own row (`template-sessions.csv`). */
export const sessionRecord = z.strictObject({
  centerId: idSchema,
  templateId: idSchema,
  ...sessionIn.shape,
});

/** One protected admin block of a template, on its own row (`admin-blocks.csv`). */
export const adminBlockRecord = z.strictObject({
  centerId: idSchema,
  templateId: idSchema,
  ...adminBlockIn.shape,
});

/** Half-open [start, end): the end must come after the start (migrations' CHECKs). */
function endAfterStart(
  record: { start: string; end?: string | null | undefined },
  context: z.RefinementCtx,
): void {
  if (record.end != null && Date.parse(record.end) <= Date.parse(record.start)) {
    context.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
  }
}

export const stoppageRecord = z
  .strictObject({
    id: idSchema.optional(),
    centerId: idSchema.nullable().optional().meta({ description: 'null = network-wide' }),
    name: nameSchema,
    disciplines: z.array(codeSchema).min(1).max(20).nullable().optional(),
    noticeAt: instantInput.nullable().optional(),
    start: instantInput,
    end: instantInput.nullable().optional(),
  })
  .superRefine(endAfterStart);

export const timeOffRecord = z
  .strictObject({
    centerId: idSchema,
    id: idSchema.optional(),
    clinicianId: idSchema,
    start: instantInput,
    end: instantInput,
    reason: z.string().trim().min(1).max(200).default('time off'),
    stoppageId: idSchema.nullable().optional(),
  })
  .superRefine(endAfterStart);

const request = availabilityQuery.shape;

export const requestRecord = z
  .strictObject({
    centerId: idSchema.meta({ description: "the patient's home center" }),
    id: idSchema.optional(),
    patientId: request.patientId,
    type: request.type,
    standard: request.standard,
    discipline: codeSchema.nullable().optional(),
    clockStart: request.clockStart,
    deadline: instantInput.optional().meta({ description: 'computed from the standard if absent' }),
    notBefore: instantInput.nullable().optional(),
    language: languageSchema.default('en'),
    modality: z.enum([...MODALITIES, 'any']).default('any'),
    priorClinician: idSchema.nullable().optional(),
    maxTravelKm: bookBody.shape.maxTravelKm.nullable(),
    status: z.enum(REQUEST_STATUSES).default('open'),
    extensionDeadline: instantInput.nullable().optional(),
    extensionReason: z.string().trim().min(1).max(2000).nullable().optional(),
    extensionRecordedBy: nameSchema.nullable().optional(),
    extensionRecordedAt: instantInput.nullable().optional(),
  })
  .superRefine((record, context) => {
    if (
      record.deadline !== undefined &&
      Date.parse(record.deadline) < Date.parse(record.clockStart)
    ) {
      context.addIssue({
        code: 'custom',
        path: ['deadline'],
        message: 'must not be before clockStart',
      });
    }
    // 28 CCR § 1300.67.2.2(c)(5)(G): an extension is recorded whole or not at all.
    const parts = [
      'extensionDeadline',
      'extensionReason',
      'extensionRecordedBy',
      'extensionRecordedAt',
    ] as const;
    const given = parts.filter((part) => record[part] != null);
    if (given.length > 0 && given.length < parts.length) {
      for (const part of parts.filter((p) => record[p] == null)) {
        context.addIssue({
          code: 'custom',
          path: [part],
          message: 'an extension needs its deadline, reason, recordedBy and recordedAt',
        });
      }
    }
  })
  .transform((record, context) => {
    if (record.deadline !== undefined) return { ...record, deadline: record.deadline };
    try {
      const standard = californiaStandards.get(record.standard);
      const start = instantFromEpochMs(Date.parse(record.clockStart));
      const deadline = deadlineFor(standard.limit, start, calendarNamed());
      return { ...record, deadline: new Date(deadline).toISOString() };
    } catch (error) {
      if (!(error instanceof TimelyError)) throw error;
      context.addIssue({ code: 'custom', path: ['clockStart'], message: error.message });
      return z.NEVER;
    }
  });

export const appointmentRecord = z
  .strictObject({
    centerId: idSchema.meta({ description: "the clinician's center" }),
    id: idSchema.optional(),
    clinicianId: idSchema,
    patientCenterId: idSchema.optional().meta({ description: 'default: centerId' }),
    patientId: idSchema,
    requestId: idSchema.nullable().optional(),
    start: instantInput,
    end: instantInput,
    modality: z.enum(MODALITIES),
    kind: z.enum(SESSION_KINDS),
    status: z.enum(APPOINTMENT_STATUSES).default('booked'),
    cancelledAt: instantInput.nullable().optional(),
    replacesId: idSchema.nullable().optional(),
  })
  .superRefine(endAfterStart);
