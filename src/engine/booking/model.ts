/**
 * The booking engine's input model: the network (clinicians, weekly templates, time
 * off, external providers) and the requests to place. Plain data, validated by these
 * schemas at the engine's entry points; times are epoch milliseconds (`Instant`) or
 * clinic-local dates (`YYYY-MM-DD`), never `Date` objects.
 */
import { z } from 'zod';
import { calendarDefinition } from '../rules/calendar.ts';
import { parseLocalDate } from '../time.ts';

const id = z.string().min(1).max(128);
const localDate = z.string().transform((text, ctx) => {
  try {
    return parseLocalDate(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: `expected a date as YYYY-MM-DD, got "${text}"` });
    return z.NEVER;
  }
});
const instant = z.number().int().describe('milliseconds since 1970-01-01T00:00:00Z');
const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time as HH:MM')
  .describe('local wall-clock time, HH:MM');
const weekday = z.number().int().min(1).max(7).describe('ISO weekday: Monday = 1 … Sunday = 7');

export const MODALITIES = ['in-person', 'video'] as const;
export type Modality = (typeof MODALITIES)[number];
export const SLOT_KINDS = ['intake', 'followup'] as const;
export type SlotKind = (typeof SLOT_KINDS)[number];
export const REQUEST_TYPES = ['urgent-intake', 'routine-intake', 'followup', 'psychiatry'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const disciplineSchema = z
  .object({
    id,
    physician: z.boolean().default(false).describe('psychiatrists are physicians'),
  })
  .strict();

export const DEFAULT_DISCIPLINES: z.output<typeof disciplineSchema>[] = [
  { id: 'psychologist', physician: false },
  { id: 'lcsw', physician: false },
  { id: 'lmft', physician: false },
  { id: 'psychiatrist', physician: true },
];

export const medicalCenterSchema = z
  .object({
    id,
    name: z.string().default(''),
    lat: z.number().min(-90).max(90).describe('latitude, for travel distance'),
    lon: z.number().min(-180).max(180).describe('longitude, for travel distance'),
  })
  .strict();

export const sessionSchema = z
  .object({
    weekday,
    start: clockTime,
    minutes: z.number().int().min(5).max(240),
    kind: z
      .enum(SLOT_KINDS)
      .describe('intake sessions take new patients; follow-up sessions continue care'),
  })
  .strict();

export const adminBlockSchema = z
  .object({
    weekday,
    start: clockTime,
    minutes: z.number().int().min(5).max(720),
    label: z.string().default('planning & preparation'),
  })
  .strict();

export const templateSchema = z
  .object({
    id,
    sessions: z.array(sessionSchema).min(1),
    adminBlocks: z.array(adminBlockSchema).default([]),
    dailyVisitCap: z.number().int().positive().optional().describe('most visits in one day'),
  })
  .strict();

export const templateAssignmentSchema = z
  .object({
    template: id.describe('id of a template in network.templates'),
    from: localDate.describe('first day the template applies'),
    to: localDate.optional().describe('last day it applies (open-ended when absent)'),
  })
  .strict();

export const intervalSchema = z
  .object({ from: instant, to: instant, reason: z.string().default('time off') })
  .strict();

export const clinicianSchema = z
  .object({
    id,
    discipline: id,
    center: id.describe('home medical center'),
    languages: z.array(z.string().min(2).max(16)).min(1),
    modalities: z.array(z.enum(MODALITIES)).min(1),
    active: z.boolean().default(true),
    caseloadCap: z.number().int().positive().optional().describe('most active patients'),
    activePatients: z.number().int().nonnegative().default(0),
    schedule: z.array(templateAssignmentSchema).min(1),
    timeOff: z.array(intervalSchema).default([]),
  })
  .strict();

export const externalProviderSchema = z
  .object({
    id,
    disciplines: z.array(id).min(1),
    languages: z.array(z.string().min(2).max(16)).min(1),
    modalities: z.array(z.enum(MODALITIES)).min(1),
    centers: z
      .array(id)
      .default([])
      .describe('medical centers it serves in person (video serves everyone)'),
    weeklyCapacity: z.number().int().nonnegative(),
    leadDays: z.number().int().nonnegative().describe('calendar days before its first visit'),
    visitMinutes: z.number().int().positive().default(60),
    from: localDate.optional().describe('first day of its contract (open when absent)'),
    to: localDate.optional().describe('last day of its contract (open when absent)'),
  })
  .strict();

export const networkSchema = z
  .object({
    calendar: calendarDefinition
      .optional()
      .describe('business-day calendar (california by default)'),
    horizon: z
      .object({ from: localDate, to: localDate })
      .strict()
      .describe('days to open slots on'),
    disciplines: z.array(disciplineSchema).default(DEFAULT_DISCIPLINES),
    centers: z.array(medicalCenterSchema).min(1),
    templates: z.array(templateSchema).min(1),
    clinicians: z.array(clinicianSchema),
    externalProviders: z.array(externalProviderSchema).default([]),
  })
  .strict();

export type NetworkInput = z.input<typeof networkSchema>;
export type Network = z.output<typeof networkSchema>;
export type ClinicianInput = z.input<typeof clinicianSchema>;
export type TemplateInput = z.input<typeof templateSchema>;

export const DEFAULT_MAX_TRAVEL_KM = 25;

export const requestSchema = z
  .object({
    id,
    patientId: id,
    type: z.enum(REQUEST_TYPES),
    standard: id.describe('id of the standard in the rules table'),
    clockStart: instant.describe('the request (or, for follow-ups, the prior appointment)'),
    notBefore: instant.optional().describe('earliest acceptable start, e.g. a follow-up cadence'),
    language: z.string().min(2).max(16).default('en'),
    modality: z.enum(['in-person', 'video', 'any']).default('any'),
    center: id.optional().describe('home medical center; required for in-person care'),
    maxTravelKm: z.number().nonnegative().default(DEFAULT_MAX_TRAVEL_KM),
    priorClinician: id.optional().describe("the patient's own clinician (follow-ups)"),
    extension: z
      .object({
        deadline: instant,
        reason: z.string().trim().min(1, 'an extension needs the reason noted in the record'),
        recordedBy: id.describe('the treating provider who noted it'),
        recordedAt: instant,
      })
      .strict()
      .optional()
      .describe('a longer wait the treating provider noted will not harm the patient'),
  })
  .strict();

export type RequestInput = z.input<typeof requestSchema>;
export type Request = z.output<typeof requestSchema>;
export const requestsSchema = z.array(requestSchema);
