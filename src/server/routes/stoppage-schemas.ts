/**
 * The disruption plan's request and response shapes over HTTP (docs/disruption.md):
 * instants as ISO 8601 text, as everywhere in the API; the service's records
 * (src/disruption/model.ts) converted at the edge.
 */
import { z } from 'zod';
import type {
  ExecutionProgress,
  ImpactReport,
  NotificationRow,
  PlanEntry,
  PlanSummary,
  Stoppage,
} from '../../disruption/model.ts';
import { PLAN_RESULTS, STOPPAGE_KINDS, STOPPAGE_STATUSES } from '../../disruption/model.ts';
import { idSchema, instantSchema, nameSchema } from '../fields.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export const stoppageParams = z.strictObject({ id: idSchema });

const scopeSchema = z
  .strictObject({
    clinicianIds: z.array(idSchema).min(1).max(5000).optional(),
    disciplines: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
    centerIds: z.array(idSchema).min(1).max(200).optional(),
    unionMember: z.boolean().optional(),
  })
  .meta({
    description:
      'clinicianIds (an explicit list; the filters are then ignored), or filters that all hold',
  });

export const declareBody = z.strictObject({
  name: nameSchema,
  kind: z.enum(STOPPAGE_KINDS).optional(),
  startsAt: instantSchema,
  endsAt: instantSchema,
  scope: scopeSchema,
  participation: z.number().gt(0).max(1).optional().meta({
    description: 'share of the clinicians in scope expected to stop work (default 1)',
  }),
  noticeAt: instantSchema.optional(),
});

export const participationBody = z.strictObject({
  clinicians: z
    .array(z.strictObject({ centerId: idSchema, id: idSchema, participating: z.boolean() }))
    .min(1)
    .max(5000),
});

export const endBody = z
  .strictObject({
    at: instantSchema.optional(),
    moveBack: z.boolean().optional(),
  })
  .nullish();

const countsSchema = z.object({
  affected: z.number().int(),
  kept: z.number().int(),
  movedSameClinician: z.number().int(),
  movedOtherClinician: z.number().int(),
  referredOut: z.number().int(),
  unplaceable: z.number().int(),
  metBefore: z.number().int(),
  metAfter: z.number().int(),
  notMet: z.number().int(),
});
const standardTotalsSchema = countsSchema.extend({ standard: z.string() });

export const stoppageSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(STOPPAGE_KINDS),
    status: z.enum(STOPPAGE_STATUSES),
    startsAt: instantSchema,
    endsAt: instantSchema,
    scope: z.object({
      clinicianIds: z.array(z.string()).optional(),
      disciplines: z.array(z.string()).optional(),
      centerIds: z.array(z.string()).optional(),
      unionMember: z.boolean().optional(),
    }),
    participation: z.number(),
    noticeAt: instantSchema.nullable(),
    clinicians: z.object({ inScope: z.number().int(), participating: z.number().int() }),
    declaredAt: instantSchema,
    previewedAt: instantSchema.nullable(),
    executedAt: instantSchema.nullable(),
    endedAt: instantSchema.nullable(),
    plan: z.object({
      entries: z.number().int().meta({ description: 'affected appointments in the plan' }),
      kept: z.number().int(),
      applied: z.number().int(),
    }),
  })
  .meta({ id: 'Stoppage' });

export function toStoppage(s: Stoppage): z.infer<typeof stoppageSchema> {
  return {
    ...s,
    scope: {
      ...(s.scope.clinicianIds ? { clinicianIds: [...s.scope.clinicianIds] } : {}),
      ...(s.scope.disciplines ? { disciplines: [...s.scope.disciplines] } : {}),
      ...(s.scope.centerIds ? { centerIds: [...s.scope.centerIds] } : {}),
      ...(s.scope.unionMember === undefined ? {} : { unionMember: s.scope.unionMember }),
    },
    startsAt: iso(s.startsAt),
    endsAt: iso(s.endsAt),
    noticeAt: isoOrNull(s.noticeAt),
    declaredAt: iso(s.declaredAt),
    previewedAt: isoOrNull(s.previewedAt),
    executedAt: isoOrNull(s.executedAt),
    endedAt: isoOrNull(s.endedAt),
  };
}

export const clinicianListSchema = z.object({
  items: z.array(
    z.object({
      centerId: z.string(),
      id: z.string(),
      name: z.string(),
      discipline: z.string(),
      participating: z.boolean(),
    }),
  ),
});

export const summarySchema = z
  .object({
    stoppageId: z.string(),
    computedAt: instantSchema,
    totals: countsSchema,
    byStandard: z.array(standardTotalsSchema),
    ms: z.number(),
  })
  .meta({ id: 'StoppagePlanSummary' });

export function toSummary(s: PlanSummary): z.infer<typeof summarySchema> {
  return {
    ...s,
    totals: { ...s.totals },
    byStandard: s.byStandard.map((t) => ({ ...t })),
    computedAt: iso(s.computedAt),
  };
}

/** The `nextCursor` of the previous page: the last entry's place in the plan. */
const cursorParam = z
  .string()
  .regex(/^\d{1,9}$/, 'expected the nextCursor of the previous page')
  .transform(Number)
  .optional()
  .meta({ description: 'the nextCursor of the previous page' });

/** A page's `nextCursor`: the seq of its last entry, or null on the last page. */
export const cursorOf = (next: number | null): string | null =>
  next === null ? null : String(next);

export const planQuery = z.strictObject({
  result: z.enum(PLAN_RESULTS).optional(),
  standard: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: cursorParam,
});

const planEntrySchema = z.object({
  seq: z.number().int(),
  appointment: z.object({
    centerId: z.string(),
    id: z.string(),
    clinicianId: z.string(),
    start: instantSchema,
    end: instantSchema,
  }),
  patient: z.object({ centerId: z.string(), id: z.string() }),
  request: z.object({
    centerId: z.string(),
    id: z.string().nullable(),
    type: z.string(),
    standard: z.string(),
    deadline: instantSchema,
  }),
  result: z.enum(PLAN_RESULTS),
  next: z
    .object({
      clinicianId: z.string().nullable(),
      centerId: z.string().nullable(),
      provider: z.string().nullable(),
      start: instantSchema,
      end: instantSchema,
    })
    .nullable(),
  metBefore: z.boolean(),
  metAfter: z.boolean(),
  appliedAt: instantSchema.nullable(),
});

export const planPageSchema = z
  .object({ items: z.array(planEntrySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'StoppagePlanPage' });

export function toPlanEntry(e: PlanEntry): z.infer<typeof planEntrySchema> {
  return {
    ...e,
    appointment: { ...e.appointment, start: iso(e.appointment.start), end: iso(e.appointment.end) },
    patient: { ...e.patient },
    request: { ...e.request, deadline: iso(e.request.deadline) },
    next: e.next === null ? null : { ...e.next, start: iso(e.next.start), end: iso(e.next.end) },
    appliedAt: isoOrNull(e.appliedAt),
  };
}

export const progressSchema = z
  .object({
    stoppageId: z.string(),
    status: z.enum(STOPPAGE_STATUSES),
    entries: z.number().int(),
    applied: z.number().int(),
    replanned: z.number().int(),
    ms: z.number(),
    running: z.boolean().meta({ description: 'an execution is running in this server now' }),
  })
  .meta({ id: 'StoppageExecution' });

export function toProgress(p: ExecutionProgress, running: boolean): z.infer<typeof progressSchema> {
  return { ...p, running };
}

export const reportQuery = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
  visitCost: z.coerce.number().min(0).max(100_000).optional(),
});

const impactRowSchema = z.object({
  day: z.string(),
  standard: z.string(),
  affected: z.number().int(),
  kept: z.number().int(),
  moved: z.number().int(),
  referredOut: z.number().int(),
  unplaceable: z.number().int(),
  metBefore: z.number().int(),
  metAfter: z.number().int(),
  meanWaitDaysBefore: z.number().nullable(),
  meanWaitDaysAfter: z.number().nullable(),
});

const predictionSchema = z.object({
  scenario: z.string(),
  attachedAt: instantSchema,
  referralsOut: z.number(),
  unplaced: z.number(),
  standards: z.record(
    z.string(),
    z.object({ count: z.number(), compliance: z.number().nullable() }),
  ),
});

export const reportSchema = z
  .object({
    stoppage: stoppageSchema,
    rows: z.array(impactRowSchema),
    byStandard: z.array(standardTotalsSchema),
    referrals: z.object({ count: z.number().int(), visitCost: z.number(), cost: z.number() }),
    movedBack: z.number().int().meta({
      description: 'follow-ups moved back to their own clinician when the stoppage ended',
    }),
    prediction: predictionSchema.nullable(),
  })
  .meta({ id: 'StoppageImpactReport' });

export function toReport(r: ImpactReport): z.infer<typeof reportSchema> {
  return {
    stoppage: toStoppage(r.stoppage),
    rows: r.rows.map((row) => ({ ...row })),
    byStandard: r.byStandard.map((t) => ({ ...t })),
    referrals: { ...r.referrals },
    movedBack: r.movedBack,
    prediction:
      r.prediction === null
        ? null
        : {
            ...r.prediction,
            attachedAt: iso(r.prediction.attachedAt),
            standards: { ...r.prediction.standards },
          },
  };
}

export const predictionQuery = z.strictObject({
  scenario: z.string().min(1).max(200).optional(),
});
export { predictionSchema };

export const notificationQuery = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: cursorParam,
});

const notificationSchema = z.object({
  seq: z.number().int(),
  patientCenterId: z.string(),
  patientId: z.string(),
  memberNumber: z.string(),
  patientName: z.string(),
  result: z.enum(PLAN_RESULTS),
  oldClinicianId: z.string(),
  oldStart: instantSchema,
  newClinicianId: z.string().nullable(),
  newProvider: z.string().nullable(),
  newStart: instantSchema.nullable(),
  appliedAt: instantSchema,
});

export const notificationPageSchema = z
  .object({ items: z.array(notificationSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'StoppageNotifications' });

export function toNotification(n: NotificationRow): z.infer<typeof notificationSchema> {
  return {
    ...n,
    oldStart: iso(n.oldStart),
    newStart: isoOrNull(n.newStart),
    appliedAt: iso(n.appliedAt),
  };
}
