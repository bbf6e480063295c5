/**
 * What a scenario file says: the network, the demand, the workforce and its changes,
 * work stoppages, the external network and costs. The schema documents every field
 * (`describe`) and gives every default, so a scenario can be a few lines that `extends`
 * a baseline. Loading files and resolving `extends` is the loader's job (`src/simulation`);
 * this module is pure.
 */
import { z } from 'zod';
import {
  CLINICIAN_LANGUAGES,
  DISCIPLINE_MIX,
  MEMBER_LANGUAGES,
} from '../synthetic/southern-california.ts';
import { parseLocalDate } from '../time.ts';

const isoDate = z
  .string()
  .refine((text) => {
    try {
      parseLocalDate(text);
      return true;
    } catch {
      return false;
    }
  }, 'expected a date as YYYY-MM-DD')
  // The refinement is invisible to JSON Schema; the format lets the generated docs say "date".
  .meta({ format: 'date' })
  .describe('a calendar date, YYYY-MM-DD');
const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time as HH:MM')
  .describe('local wall-clock time, HH:MM');
const share = z.number().min(0).max(1);
const rate = z.number().nonnegative();
const count = z.number().int().nonnegative();

export const INTAKE_TYPES = ['urgent-intake', 'routine-intake', 'psychiatry'] as const;
export type IntakeType = (typeof INTAKE_TYPES)[number];

const templateSchema = z
  .object({
    weekdays: z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .default([1, 2, 3, 4, 5])
      .describe('ISO weekdays worked by full-time clinicians (Monday = 1)'),
    dayStart: clockTime.default('08:00').describe('start of the working day'),
    dayEnd: clockTime.default('18:00').describe('end of the working day'),
    lunchStart: clockTime.default('12:30').describe('start of the lunch break'),
    lunchMinutes: z
      .number()
      .int()
      .min(0)
      .max(180)
      .default(30)
      .describe('length of the lunch break in minutes (0: none)'),
    intakesPerDay: count.default(2).describe('intake sessions a day (the rest are follow-ups)'),
    intakeMinutes: z
      .number()
      .int()
      .min(15)
      .max(240)
      .default(60)
      .describe('length of an intake session in minutes'),
    followupMinutes: z
      .number()
      .int()
      .min(15)
      .max(240)
      .default(45)
      .describe('length of a follow-up session in minutes'),
  })
  .strict();

const networkSchema = z
  .object({
    clinicians: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(2400)
      .describe('headcount at the start'),
    centers: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Southern California medical centers to include (ids); all 14 when absent'),
    disciplines: z
      .record(z.string().min(1), rate)
      .default(
        Object.fromEntries(DISCIPLINE_MIX.ids.map((id, i) => [id, DISCIPLINE_MIX.weights[i]!])),
      )
      .describe('relative share of each discipline among clinicians'),
    languages: z
      .record(z.string().min(2), share)
      .default(Object.fromEntries(CLINICIAN_LANGUAGES))
      .describe('share of clinicians speaking each language besides English'),
    partTimeShare: share.default(0.1).describe('share of clinicians working three days a week'),
    template: templateSchema
      .prefault({})
      .describe('the weekly session template of a full-time clinician'),
    adminHoursPerWeek: z
      .number()
      .min(0)
      .max(40)
      .default(6)
      .describe('protected planning and preparation hours a week (part-time: pro rata)'),
    dailyVisitCap: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('visits a clinician may see in a day'),
    caseloadCap: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('active patients a clinician may carry'),
  })
  .strict();

const courseSchema = z
  .object({
    meanVisits: z
      .number()
      .min(1)
      .describe('visits in a course of treatment, intake included (geometric, this mean)'),
    intervalDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .describe('days from one visit to the earliest day of the next'),
  })
  .strict();

const demandSchema = z
  .object({
    arrivalsPerDay: z
      .object({
        'urgent-intake': rate.default(150).describe('urgent intake requests a day'),
        'routine-intake': rate.default(2000).describe('routine intake requests a day'),
        psychiatry: rate.default(250).describe('psychiatry intake requests a day'),
      })
      .strict()
      .prefault({})
      .describe('new requests a day by type, before the weekday pattern and seasonality'),
    weekdayPattern: z
      .array(rate)
      .length(7)
      .default([1.15, 1.1, 1.05, 1.05, 0.95, 0.1, 0.05])
      .describe('multiplier of arrivals by weekday, Monday first'),
    seasonality: z
      .object({
        amplitude: share.default(0.08).describe('relative swing of arrivals over the year'),
        peakDay: z
          .number()
          .int()
          .min(1)
          .max(366)
          .default(20)
          .describe('day of the year arrivals peak'),
      })
      .strict()
      .prefault({})
      .describe('yearly swing of arrivals: a cosine with this amplitude, highest on peakDay'),
    course: z
      .object({
        'urgent-intake': courseSchema.prefault({ meanVisits: 8, intervalDays: 7 }),
        // Seven visits keep the default network (2,400 clinicians, 2 intakes and ~8
        // follow-ups a day) just inside its follow-up capacity: at eight its follow-ups
        // outgrow it and compliance falls through the year.
        'routine-intake': courseSchema.prefault({ meanVisits: 7, intervalDays: 10 }),
        psychiatry: courseSchema.prefault({ meanVisits: 5, intervalDays: 28 }),
      })
      .strict()
      .prefault({})
      .describe(
        'course of treatment that follows each kind of intake; a kind written here needs both meanVisits and intervalDays',
      ),
    arrivalWindow: z
      .object({
        from: clockTime.default('08:00').describe('first minute requests arrive'),
        to: clockTime.default('18:00').describe('end of the arrival window'),
      })
      .strict()
      .prefault({})
      .describe(
        'local hours in which requests arrive, spread evenly; when from equals to, all arrive at that minute',
      ),
    noShowRate: share.default(0.08).describe('share of booked visits the patient misses'),
    cancellationRate: share
      .default(0.05)
      .describe('share of booked visits the patient cancels on the day (the slot is offered on)'),
    languages: z
      .record(z.string().min(2), rate)
      .default(
        Object.fromEntries(MEMBER_LANGUAGES.ids.map((id, i) => [id, MEMBER_LANGUAGES.weights[i]!])),
      )
      .describe('relative share of members preferring each language'),
    modalities: z
      .object({
        any: rate.default(0.5).describe('members who accept in-person or video visits'),
        'in-person': rate.default(0.35).describe('members who want in-person visits only'),
        video: rate.default(0.15).describe('members who want video visits only'),
      })
      .strict()
      .prefault({})
      .describe('relative share of members accepting any modality, only in person, only video'),
    maxTravelKm: z
      .number()
      .min(0)
      .default(40)
      .describe('how far members travel for in-person care'),
  })
  .strict();

const hireSchema = z
  .object({
    date: isoDate.describe('first working day'),
    clinicians: z.number().int().min(1).describe('clinicians starting that day'),
    discipline: z
      .string()
      .min(1)
      .optional()
      .describe('all hires of this discipline (else the mix)'),
    center: z.string().min(1).optional().describe('all hires at this center (else spread)'),
  })
  .strict();

const workforceSchema = z
  .object({
    turnoverPerYear: share.default(0.1).describe('share of clinicians who leave in a year'),
    replaceLeavers: z.boolean().default(true).describe('whether each leaver is replaced'),
    replacementDelayDays: count
      .default(60)
      .describe('days from a departure to the replacement starting'),
    hiring: z.array(hireSchema).default([]).describe('planned hires beyond replacements'),
    timeOffWeeksPerYear: z
      .number()
      .min(0)
      .max(20)
      .default(4)
      .describe('weeks of leave a clinician takes a year'),
  })
  .strict();

const stoppageSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .default('stoppage')
      .describe('what the stoppage is called in reports and re-booking reasons'),
    start: isoDate.describe('first day of the stoppage'),
    end: isoDate.describe('last day of the stoppage'),
    disciplines: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('disciplines called out (all when absent)'),
    centers: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('centers called out (all when absent)'),
    participation: share.default(1).describe('share of the called-out clinicians who walk out'),
    noticeDays: count.default(10).describe('days of notice: appointments are re-booked then'),
  })
  .strict()
  .refine((s) => s.end >= s.start, {
    message: 'expected a date on or after start',
    path: ['end'],
  });

const surgeSchema = z
  .object({
    start: isoDate.describe('first day of the extra capacity'),
    end: isoDate.describe('last day of the extra capacity'),
    providers: z.number().int().min(1).describe('extra external providers contracted'),
    weeklyCapacity: z.number().int().min(1).default(40).describe('visits a week each'),
  })
  .strict()
  .refine((s) => s.end >= s.start, {
    message: 'expected a date on or after start',
    path: ['end'],
  });

const externalSchema = z
  .object({
    providers: count.optional().describe('external providers (default: one per 80 clinicians)'),
    weeklyCapacity: count.default(40).describe('visits a week each provider takes from the plan'),
    leadTimeDays: count
      .default(5)
      .describe('days before an external provider can see a referred member'),
    surges: z
      .array(surgeSchema)
      .default([])
      .describe('extra external capacity contracted for a period'),
  })
  .strict();

const costsSchema = z
  .object({
    hourlyWage: rate.default(75).describe('cost of a paid clinician hour, USD'),
    externalVisitCost: rate.default(220).describe('cost of one external visit, USD'),
  })
  .strict();

export const scenarioSchema = z
  .object({
    name: z.string().min(1).describe('what the scenario is called in reports'),
    description: z.string().default('').describe('what the scenario changes, and why'),
    extends: z
      .string()
      .min(1)
      .optional()
      .describe('a scenario file this one starts from (relative path)'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(1)
      .describe('the random seed of the first replication'),
    start: isoDate
      .default('2026-01-05')
      .describe('first simulated day (of the warm-up, when there is one)'),
    days: z
      .number()
      .int()
      .min(1)
      .max(36_600)
      .default(365)
      .describe('simulated days counted in the figures, after the warm-up'),
    warmupDays: count
      .default(0)
      .describe(
        'days simulated before the counted days and left out of the figures (to start from a steady state)',
      ),
    calendar: z
      .enum(['california', 'none'])
      .default('california')
      .describe('business-day calendar: California state holidays, or none (every weekday counts)'),
    network: networkSchema
      .prefault({})
      .describe('the medical centers, the clinicians and their week'),
    demand: demandSchema.prefault({}).describe('who asks for care, when, and for how long'),
    workforce: workforceSchema
      .prefault({})
      .describe('how the workforce changes: departures, hires, leave'),
    stoppages: z.array(stoppageSchema).default([]).describe('work stoppages'),
    external: externalSchema
      .prefault({})
      .describe(
        'the external network members are referred to when the plan cannot see them in time',
      ),
    costs: costsSchema.prefault({}).describe('what clinician hours and external visits cost'),
  })
  .strict();

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
