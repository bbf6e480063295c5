/**
 * The hotline routes' zod schemas: what a case looks like over the API, and what intake,
 * a change, a note and a match accept. They validate requests (a bad field is a 400
 * naming it), check responses and become the OpenAPI document, like every route's.
 *
 * Messages name what to do ("required when someone calls on the member's behalf"), not
 * the schema's vocabulary: the hotline's intake form shows them next to the field.
 */
import { z } from 'zod';
import {
  ALL_RESOLUTION_CODES,
  CALLER_RELATIONS,
  CASE_CATEGORIES,
  CASE_STATUSES,
  URGENCIES,
} from '../../hotline/case-codes.ts';
import { idSchema, instantSchema, localDateSchema } from '../fields.ts';

/** An enum whose message lists the choices, and says "required" when the field is missing. */
function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) =>
      issue.input === undefined
        ? `required: one of ${values.join(', ')}`
        : `expected one of ${values.join(', ')}`,
  });
}

const text = (max: number, what: string) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? `required: ${what}` : 'expected text'),
    })
    .trim()
    .min(1, `required: ${what}`)
    .max(max, `at most ${max} characters`);

export const memberRefSchema = z.strictObject({
  centerId: idSchema.meta({ description: "the member's home medical center" }),
  id: idSchema,
});

const appointmentRefSchema = z.strictObject({
  centerId: idSchema.meta({ description: "the appointment's center (its clinician's)" }),
  id: idSchema,
});

const linkFields = {
  requestIds: z
    .array(idSchema)
    .max(20)
    .optional()
    .meta({ description: "requests of the member's (their home center's) the case is about" }),
  appointments: z
    .array(appointmentRefSchema)
    .max(20)
    .optional()
    .meta({ description: "appointments of the member's the case is about" }),
};

const callerSchema = z
  .strictObject({
    relation: choice(CALLER_RELATIONS).default('self'),
    name: text(200, "the caller's name").optional(),
  })
  .superRefine((caller, context) => {
    if (caller.relation !== 'self' && caller.name === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['name'],
        message: "required when someone calls on the member's behalf",
      });
    }
    if (caller.relation === 'self' && caller.name !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['name'],
        message: 'leave it out when the member calls (relation "self")',
      });
    }
  });

const centerNamed = 'required: the medical center the caller names';

const unknownMemberSchema = z.strictObject({
  centerId: z
    .string({ error: centerNamed })
    .min(1, centerNamed)
    .pipe(idSchema)
    .meta({ description: 'the medical center the caller names (required)' }),
  memberNumber: z.string().trim().min(1).max(40).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  birthDate: localDateSchema.optional(),
});

export const intakeSchema = z
  .strictObject({
    caller: callerSchema.default({ relation: 'self' }),
    member: memberRefSchema
      .optional()
      .meta({ description: 'the member, as the member lookup found them' }),
    unknownMember: unknownMemberSchema.optional().meta({
      description:
        'instead of `member` when the member is not found: what the caller gave, and the center they named; the case is flagged for matching',
    }),
    category: choice(CASE_CATEGORIES),
    account: text(4000, "the caller's account"),
    urgency: choice(URGENCIES).meta({
      description: '`urgent` when the caller reports a serious threat to health (72 h clock)',
    }),
    receivedAt: instantSchema
      .optional()
      .meta({ description: 'when the call came in; now when omitted, never in the future' }),
    ...linkFields,
    assignedTo: idSchema.optional().meta({ description: 'a hotline or admin account id' }),
  })
  .superRefine((body, context) => {
    const issue = (path: (string | number)[], message: string) =>
      context.addIssue({ code: 'custom', path, message });
    if (body.member === undefined && body.unknownMember === undefined) {
      issue(
        ['member'],
        'required: the member from the lookup, or unknownMember with what the caller gave',
      );
    }
    if (body.member !== undefined && body.unknownMember !== undefined) {
      issue(['unknownMember'], 'give either member or unknownMember, not both');
    }
    const unknown = body.unknownMember;
    if (unknown !== undefined && unknown.memberNumber === undefined && unknown.name === undefined) {
      issue(
        ['unknownMember', 'memberNumber'],
        'give the member number or the name the caller gave',
      );
    }
    if (unknown !== undefined && (body.requestIds?.length || body.appointments?.length)) {
      issue(
        [body.requestIds?.length ? 'requestIds' : 'appointments'],
        'a case for an unknown member names no records until it is matched',
      );
    }
  });

export const changeSchema = z.strictObject({
  status: choice(['investigating', 'resolved', 'closed'] as const)
    .optional()
    .meta({ description: 'open → investigating → resolved | closed; reopen with …/reopen' }),
  resolutionCode: choice(ALL_RESOLUTION_CODES as [string, ...string[]])
    .optional()
    .meta({ description: 'required with status resolved or closed' }),
  assignedTo: idSchema
    .nullable()
    .optional()
    .meta({ description: 'a hotline or admin account id; null to unassign' }),
});

export const noteSchema = z.strictObject({ text: text(4000, 'the note') });

export const reopenSchema = z
  .strictObject({
    note: text(4000, 'the note').optional().meta({ description: 'why, kept as a note' }),
  })
  .optional();

export const matchSchema = z.strictObject({ member: memberRefSchema, ...linkFields });

export const caseParams = z.strictObject({ centerId: idSchema, id: idSchema });

const clockSchema = z.object({
  dueAt: instantSchema.meta({
    description: 'received + 72 hours (urgent) or + 30 calendar days (standard)',
  }),
  state: z.enum(['running', 'breached', 'met', 'missed']),
  msLeft: z
    .number()
    .nullable()
    .meta({ description: 'ms until due at asOf, negative when overdue; null once settled' }),
  breached: z.boolean().meta({ description: 'past due and not settled, or settled late' }),
});

const person = z.object({ id: z.string(), name: z.string() });

export const caseSchema = z
  .object({
    centerId: idSchema.meta({
      description: "the member's home center, or the center the caller named",
    }),
    id: idSchema,
    member: z
      .object({ centerId: idSchema, id: idSchema, memberNumber: z.string(), name: z.string() })
      .nullable(),
    needsMatching: z.boolean().meta({ description: 'recorded for a member not found yet' }),
    memberGiven: z
      .object({
        memberNumber: z.string().nullable(),
        name: z.string().nullable(),
        birthDate: z.string().nullable(),
      })
      .nullable()
      .meta({ description: 'what the caller gave, for a case recorded without the member' }),
    caller: z.object({ relation: z.enum(CALLER_RELATIONS), name: z.string().nullable() }),
    category: z.enum(CASE_CATEGORIES),
    account: z.string(),
    urgency: z.enum(URGENCIES),
    status: z.enum(CASE_STATUSES),
    resolutionCode: z.string().nullable(),
    receivedAt: instantSchema,
    resolvedAt: instantSchema.nullable().meta({ description: 'when resolved or closed' }),
    clock: clockSchema,
    assignedTo: person.nullable(),
  })
  .meta({ id: 'HotlineCase' });

const noteOutSchema = z.object({
  id: z.string(),
  author: person,
  writtenAt: instantSchema,
  text: z.string(),
});

export const noteResponseSchema = noteOutSchema.meta({ id: 'HotlineCaseNote' });

const historySchema = z.object({
  at: instantSchema,
  kind: z.enum(['recorded', 'status', 'reopened', 'assigned', 'matched']),
  actor: person.nullable(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  resolutionCode: z.string().nullable(),
  assignedTo: person.nullable(),
});

export const caseDetailSchema = caseSchema
  .extend({
    asOf: instantSchema.meta({ description: 'the instant the clock was read at' }),
    notes: z.array(noteOutSchema),
    history: z.array(historySchema),
    memberRequests: z.array(
      z.object({
        centerId: idSchema,
        id: idSchema,
        type: z.string(),
        standard: z.string(),
        status: z.string(),
        clockStart: instantSchema,
        deadline: instantSchema.meta({ description: 'the deadline in force' }),
        linked: z.boolean().meta({ description: 'named by the case' }),
      }),
    ),
    memberAppointments: z.array(
      z.object({
        centerId: idSchema,
        id: idSchema,
        clinician: person,
        startsAt: instantSchema,
        status: z.string(),
        requestId: z.string().nullable(),
        linked: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'HotlineCaseDetail' });
