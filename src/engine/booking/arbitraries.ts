/**
 * fast-check generators for the booking engine's property tests: small but varied
 * networks (1–3 medical centers, 1–12 clinicians of several disciplines, languages and
 * modalities; templates with intake and follow-up sessions, admin blocks and visit caps;
 * caseload caps, time off, effective-dated template changes; horizons of 5–25 days over
 * Thanksgiving, Christmas, New Year and a DST change; 0–2 external providers with a
 * small weekly capacity), requests of all four types, and unavailability.
 *
 * Every generated network is valid and consistent: the engine must accept it. Test
 * support only; nothing in the engine imports this file.
 */
import fc from 'fast-check';
import { CALIFORNIA } from '../rules/calendar.ts';
import {
  addDays,
  type DayNumber,
  dayNumberOfDate,
  instantAtLocal,
  type LocalDate,
  localDateOfDay,
  MS_PER_DAY,
  MS_PER_MINUTE,
  parseLocalDate,
  startOfLocalDay,
} from '../time.ts';
import type {
  ClinicianInput,
  Modality,
  NetworkInput,
  RequestInput,
  RequestType,
  TemplateInput,
} from './model.ts';
import { buildTemplate } from './template-builder.ts';

export const ZONE = 'America/Los_Angeles';

/** A generated network with the facts the request generator needs. */
export interface GeneratedNetwork {
  readonly network: NetworkInput;
  /** First day of the horizon, and its length in days. */
  readonly first: DayNumber;
  readonly days: number;
}

export interface GeneratedCase extends GeneratedNetwork {
  readonly requests: RequestInput[];
}

/** Horizon starts: ordinary weeks, Thanksgiving, Christmas and New Year, the autumn DST change. */
const HORIZON_STARTS = [
  '2026-10-26',
  '2026-11-16',
  '2026-11-23',
  '2026-12-17',
  '2026-12-21',
  '2026-12-28',
  '2027-03-03',
].map((d) => dayNumberOfDate(parseLocalDate(d)));

/** Sites a few km to ~55 km apart, so travel radii of 0–60 km matter. */
const SITES = [
  { lat: 34.05, lon: -118.25 },
  { lat: 34.1, lon: -118.3 },
  { lat: 34.25, lon: -118.45 },
  { lat: 33.7, lon: -117.85 },
];

export const DISCIPLINES = ['psychologist', 'lcsw', 'lmft', 'psychiatrist'] as const;
export const CLINICIAN_LANGUAGES = ['en', 'es', 'zh', 'vi'] as const;
/** `hy` is spoken by no generated clinician: such requests have no fitting clinician. */
export const REQUEST_LANGUAGES = ['en', 'es', 'zh', 'vi', 'hy'] as const;

export const STANDARD_OF: Record<RequestType, readonly string[]> = {
  'urgent-intake': ['urgent-no-prior-auth', 'urgent-prior-auth'],
  'routine-intake': ['nonurgent-nonphysician-mh'],
  followup: ['followup-nonphysician-mh'],
  psychiatry: ['nonurgent-psychiatry'],
};

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function dateOf(day: number): LocalDate {
  return localDateOfDay(day as DayNumber);
}

type DayItem =
  | { readonly type: 'intake' | 'followup'; readonly minutes: number }
  | { readonly type: 'admin' | 'gap'; readonly minutes: number };

const dayItem: fc.Arbitrary<DayItem> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ type: 'intake' as const, minutes: 60 }) },
  {
    weight: 5,
    arbitrary: fc.constantFrom(45, 50).map((minutes) => ({ type: 'followup' as const, minutes })),
  },
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: 2, max: 8 })
      .map((k) => ({ type: 'admin' as const, minutes: k * 15 })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(10, 15, 30).map((minutes) => ({ type: 'gap' as const, minutes })),
  },
);

const dayPlan = fc.record({
  start: fc.integer({ min: 28, max: 40 }).map((q) => q * 15),
  items: fc.array(dayItem, { minLength: 1, maxLength: 9 }),
});

/** A template laid out item by item, so sessions never overlap each other or admin blocks. */
const laidOutTemplate = (id: string): fc.Arbitrary<TemplateInput> =>
  fc
    .record({
      weekdays: fc.oneof(
        { weight: 3, arbitrary: fc.subarray([1, 2, 3, 4, 5], { minLength: 2 }) },
        { weight: 1, arbitrary: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }) },
      ),
      plans: fc.array(dayPlan, { minLength: 7, maxLength: 7 }),
      cap: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
    })
    .map(({ weekdays, plans, cap }) => {
      const sessions: TemplateInput['sessions'] = [];
      const adminBlocks: NonNullable<TemplateInput['adminBlocks']> = [];
      for (const weekday of weekdays) {
        const plan = plans[weekday - 1]!;
        let t = plan.start;
        for (const item of plan.items) {
          if (t + item.minutes > 23 * 60) break;
          if (item.type === 'intake' || item.type === 'followup') {
            sessions.push({ weekday, start: clock(t), minutes: item.minutes, kind: item.type });
          } else if (item.type === 'admin') {
            adminBlocks.push({ weekday, start: clock(t), minutes: item.minutes });
          }
          t += item.minutes;
        }
      }
      // Every template needs a session: an early intake before any day plan starts.
      if (sessions.length === 0) {
        sessions.push({ weekday: weekdays[0]!, start: '06:00', minutes: 60, kind: 'intake' });
      }
      return { id, sessions, adminBlocks, ...(cap === undefined ? {} : { dailyVisitCap: cap }) };
    });

/** A template from the planner's template builder (Friday-afternoon admin time). */
const builtTemplate = (id: string): fc.Arbitrary<TemplateInput> =>
  fc
    .record({
      weekdays: fc.subarray([1, 2, 3, 4, 5], { minLength: 1 }),
      intakesPerDay: fc.integer({ min: 0, max: 3 }),
      followupMinutes: fc.constantFrom(45, 50),
      adminHoursPerWeek: fc.integer({ min: 0, max: 6 }),
      dailyVisitCap: fc.option(fc.integer({ min: 2, max: 10 }), { nil: undefined }),
    })
    .map((shape) =>
      buildTemplate({
        id,
        weekdays: shape.weekdays,
        intakesPerDay: shape.intakesPerDay,
        followupMinutes: shape.followupMinutes,
        adminHoursPerWeek: shape.adminHoursPerWeek,
        ...(shape.dailyVisitCap === undefined ? {} : { dailyVisitCap: shape.dailyVisitCap }),
      }),
    );

const template = (id: string): fc.Arbitrary<TemplateInput> =>
  fc.oneof(
    { weight: 3, arbitrary: laidOutTemplate(id) },
    { weight: 1, arbitrary: builtTemplate(id) },
  );

const modalities: fc.Arbitrary<Modality[]> = fc.constantFrom<Modality[]>(
  ['in-person', 'video'],
  ['in-person', 'video'],
  ['in-person'],
  ['video'],
);

function clinicianArbitrary(
  i: number,
  centers: readonly string[],
  templates: readonly string[],
  first: DayNumber,
  days: number,
): fc.Arbitrary<ClinicianInput> {
  const templateId = fc.constantFrom(...templates);
  const dayWithin = fc.integer({ min: 0, max: days - 1 });
  const schedule = fc.oneof(
    // One template all along.
    { weight: 4, arbitrary: templateId.map((t) => [{ template: t, from: dateOf(first - 7) }]) },
    // An effective-dated change in the middle of the horizon.
    {
      weight: 2,
      arbitrary: fc.tuple(templateId, templateId, dayWithin).map(([a, b, k]) => [
        { template: a, from: dateOf(first - 14), to: dateOf(first + k) },
        { template: b, from: dateOf(first + k + 1) },
      ]),
    },
    // Joins, or leaves, in the middle of the horizon.
    {
      weight: 1,
      arbitrary: fc
        .tuple(templateId, dayWithin)
        .map(([t, k]) => [{ template: t, from: dateOf(first + k) }]),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(templateId, dayWithin)
        .map(([t, k]) => [{ template: t, from: dateOf(first - 30), to: dateOf(first + k) }]),
    },
  );
  const timeOff = fc.array(
    fc
      .record({
        day: fc.integer({ min: -1, max: days }),
        minute: fc.integer({ min: 0, max: 95 }).map((q) => q * 15),
        minutes: fc.oneof(
          fc.integer({ min: 2, max: 16 }).map((q) => q * 30),
          fc.integer({ min: 1, max: 4 }).map((k) => k * 24 * 60),
        ),
        reason: fc.constantFrom('vacation', 'sick', 'training'),
      })
      .map(({ day, minute, minutes, reason }) => {
        const from = instantAtLocal(addDays(first, day), minute, ZONE);
        return { from, to: from + minutes * MS_PER_MINUTE, reason };
      }),
    { maxLength: 2 },
  );
  return fc
    .record({
      discipline: fc.constantFrom(...DISCIPLINES, 'lcsw', 'lmft', 'psychologist'),
      center: fc.constantFrom(...centers),
      languages: fc.oneof(
        { weight: 2, arbitrary: fc.constant<string[]>(['en']) },
        { weight: 2, arbitrary: fc.subarray(['es', 'zh', 'vi']).map((more) => ['en', ...more]) },
        { weight: 1, arbitrary: fc.subarray([...CLINICIAN_LANGUAGES], { minLength: 1 }) },
      ),
      modalities,
      active: fc.oneof(
        { weight: 12, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
      caseloadCap: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined, freq: 3 }),
      activePatients: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
      schedule,
      timeOff,
    })
    .map((c) => ({
      id: `clin-${i}`,
      discipline: c.discipline,
      center: c.center,
      languages: c.languages,
      modalities: c.modalities,
      ...(c.active ? {} : { active: false }),
      ...(c.caseloadCap === undefined ? {} : { caseloadCap: c.caseloadCap }),
      ...(c.activePatients === undefined ? {} : { activePatients: c.activePatients }),
      schedule: c.schedule,
      ...(c.timeOff.length === 0 ? {} : { timeOff: c.timeOff }),
    }));
}

function externalArbitrary(i: number, centers: readonly string[]) {
  return fc
    .record({
      disciplines: fc.subarray([...DISCIPLINES], { minLength: 1 }),
      languages: fc.subarray(['en', 'es', 'zh'], { minLength: 1 }),
      modalities,
      centers: fc.subarray([...centers]),
      weeklyCapacity: fc.integer({ min: 0, max: 3 }),
      leadDays: fc.integer({ min: 0, max: 5 }),
      visitMinutes: fc.constantFrom(45, 60),
    })
    .map((p) => ({ id: `ext-${i}`, ...p }));
}

export interface NetworkOptions {
  readonly maxClinicians?: number;
  readonly maxExternal?: number;
}

export function networkArbitrary(options: NetworkOptions = {}): fc.Arbitrary<GeneratedNetwork> {
  const maxClinicians = options.maxClinicians ?? 12;
  const maxExternal = options.maxExternal ?? 2;
  return fc
    .record({
      start: fc.constantFrom(...HORIZON_STARTS),
      shift: fc.integer({ min: 0, max: 6 }),
      days: fc.integer({ min: 5, max: 25 }),
      centerSites: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 1, maxLength: 3 }),
      templates: fc.integer({ min: 1, max: 3 }),
      clinicians: fc.integer({ min: 1, max: maxClinicians }),
      external: fc.integer({ min: 0, max: maxExternal }),
      closure: fc.option(fc.integer({ min: 0, max: 24 }), { nil: undefined, freq: 4 }),
    })
    .chain((shape) => {
      const first = addDays(shape.start, shape.shift);
      const centers = shape.centerSites.map((s, k) => ({ id: `ctr-${k}`, ...SITES[s]! }));
      const centerIds = centers.map((c) => c.id);
      const templateIds = Array.from({ length: shape.templates }, (_, k) => `tpl-${k}`);
      return fc
        .record({
          templates: fc.tuple(...templateIds.map(template)),
          clinicians: fc.tuple(
            ...Array.from({ length: shape.clinicians }, (_, i) =>
              clinicianArbitrary(i, centerIds, templateIds, first, shape.days),
            ),
          ),
          externalProviders: fc.tuple(
            ...Array.from({ length: shape.external }, (_, i) => externalArbitrary(i, centerIds)),
          ),
        })
        .map(({ templates, clinicians, externalProviders }) => {
          const network: NetworkInput = {
            horizon: { from: dateOf(first), to: dateOf(first + shape.days - 1) },
            centers,
            templates,
            clinicians,
            externalProviders,
          };
          if (shape.closure !== undefined && shape.closure < shape.days) {
            // A clinic closure given as calendar data, on top of the state holidays.
            network.calendar = {
              ...CALIFORNIA,
              name: 'california-with-closure',
              holidays: [
                ...CALIFORNIA.holidays,
                { name: 'Clinic closure', date: dateOf(first + shape.closure) },
              ],
            };
          }
          return { network, first, days: shape.days };
        });
    });
}

export interface RequestOptions {
  readonly maxRequests?: number;
  /** Whether some requests carry an extension recorded by the treating provider (default yes). */
  readonly extensions?: boolean;
  /** Whether several requests may belong to one patient (default yes). */
  readonly sharedPatients?: boolean;
}

/** Requests for a generated network: all four types, varied preferences, unique clock starts. */
export function requestsArbitrary(
  generated: GeneratedNetwork,
  options: RequestOptions = {},
): fc.Arbitrary<RequestInput[]> {
  const { network, first, days } = generated;
  const clinicianIds = network.clinicians.map((c) => c.id);
  const centerIds = network.centers.map((c) => c.id);
  const horizonStart = startOfLocalDay(first, ZONE);
  const one = fc.record({
    type: fc.constantFrom<RequestType>(
      'urgent-intake',
      'routine-intake',
      'routine-intake',
      'followup',
      'followup',
      'psychiatry',
    ),
    standardPick: fc.nat(),
    clockMinute: fc.integer({ min: -3 * 24 * 60, max: days * 24 * 60 }),
    notBeforeMinutes: fc.option(fc.integer({ min: 0, max: 10 * 24 * 60 }), { nil: undefined }),
    language: fc.option(
      fc.oneof(
        { weight: 6, arbitrary: fc.constant('en') },
        { weight: 3, arbitrary: fc.constant('es') },
        { weight: 2, arbitrary: fc.constantFrom(...REQUEST_LANGUAGES) },
      ),
      { nil: undefined, freq: 4 },
    ),
    modality: fc.option(fc.constantFrom('any' as const, 'in-person' as const, 'video' as const), {
      nil: undefined,
    }),
    center: fc.option(fc.constantFrom(...centerIds), { nil: undefined, freq: 6 }),
    maxTravelKm: fc.option(fc.constantFrom(0, 5, 10, 30, 60), { nil: undefined }),
    prior: fc.option(fc.constantFrom(...clinicianIds), { nil: undefined, freq: 6 }),
    priorOnOther: fc.integer({ min: 0, max: 9 }),
    extensionDays: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined, freq: 12 }),
    patient: fc.integer({ min: 0, max: 40 }),
  });
  return fc.array(one, { maxLength: options.maxRequests ?? 80, size: 'max' }).map((list) =>
    list.map((g, i) => {
      const standards = STANDARD_OF[g.type];
      // A millisecond per request keeps clock starts distinct, so batch order only breaks no tie.
      const clockStart = horizonStart + g.clockMinute * MS_PER_MINUTE + i;
      const request: RequestInput = {
        id: `req-${i}`,
        patientId: options.sharedPatients === false ? `pat-of-${i}` : `pat-${g.patient}`,
        type: g.type,
        standard: standards[g.standardPick % standards.length]!,
        clockStart,
      };
      if (g.notBeforeMinutes !== undefined) {
        request.notBefore = clockStart + g.notBeforeMinutes * MS_PER_MINUTE;
      }
      if (g.language !== undefined) request.language = g.language;
      if (g.modality !== undefined) request.modality = g.modality;
      if (g.center !== undefined || g.modality === 'in-person') {
        request.center = g.center ?? centerIds[0]!;
      }
      if (g.maxTravelKm !== undefined) request.maxTravelKm = g.maxTravelKm;
      // Mostly follow-ups name a prior clinician; now and then another request does too.
      if (g.prior !== undefined && (g.type === 'followup' || g.priorOnOther === 0)) {
        request.priorClinician = g.prior;
      }
      if (g.extensionDays !== undefined && options.extensions !== false) {
        request.extension = {
          deadline: clockStart + g.extensionDays * MS_PER_DAY,
          reason: 'longer wait noted as not harmful',
          recordedBy: clinicianIds[0]!,
          recordedAt: clockStart,
        };
      }
      return request;
    }),
  );
}

export function caseArbitrary(
  options: NetworkOptions & RequestOptions = {},
): fc.Arbitrary<GeneratedCase> {
  return networkArbitrary(options).chain((generated) =>
    requestsArbitrary(generated, options).map((requests) => ({ ...generated, requests })),
  );
}

export interface UnavailabilityCase {
  readonly unavailability: { clinicianId: string; from: number; to: number; reason: string }[];
  readonly now: number;
}

/** 1–3 stretches of unavailability (an hour to several days) and the moment re-booking runs. */
export function unavailabilityArbitrary(
  generated: GeneratedNetwork,
): fc.Arbitrary<UnavailabilityCase> {
  const { network, first, days } = generated;
  const horizonStart = startOfLocalDay(first, ZONE);
  const item = fc
    .record({
      clinician: fc.constantFrom(...network.clinicians.map((c) => c.id)),
      startMinute: fc.integer({ min: -24 * 60, max: days * 24 * 60 }).map((m) => m - (m % 15)),
      minutes: fc.oneof(
        fc.integer({ min: 1, max: 12 }).map((h) => h * 60),
        fc.integer({ min: 1, max: 10 }).map((d) => d * 24 * 60),
      ),
      reason: fc.constantFrom('strike', 'sick', 'departure'),
    })
    .map(({ clinician, startMinute, minutes, reason }) => {
      const from = horizonStart + startMinute * MS_PER_MINUTE;
      return { clinicianId: clinician, from, to: from + minutes * MS_PER_MINUTE, reason };
    });
  return fc.record({
    unavailability: fc.array(item, { minLength: 1, maxLength: 3 }),
    now: fc
      .integer({ min: -2 * 24 * 60, max: Math.floor(days / 2) * 24 * 60 })
      .map((m) => horizonStart + m * MS_PER_MINUTE),
  });
}
