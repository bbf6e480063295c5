/**
 * The workforce of a scenario over its whole run, drawn up front from the seed: the
 * clinicians at the start, who leaves and when (turnover), who replaces them and who is
 * hired, each clinician's weeks of leave, and the external network with its surges. The
 * result is one booking-engine network (hires are clinicians whose schedule starts on
 * their first day; leave is time off) plus the departures, which the simulation announces
 * to the engine with notice so their patients are re-booked.
 */
import type { ClinicianInput, NetworkInput } from '../booking/model.ts';
import { buildTemplate } from '../booking/template-builder.ts';
import { Random } from '../random.ts';
import type { CalendarDefinition } from '../rules/calendar.ts';
import { CALIFORNIA } from '../rules/calendar.ts';
import { SOCAL_CENTER_WEIGHTS, SOCAL_CENTERS } from '../synthetic/southern-california.ts';
import {
  addDays,
  type DayNumber,
  dayNumberOfDate,
  instantAtLocal,
  isoWeekdayOf,
  type LocalDate,
  localDateOfDay,
} from '../time.ts';
import type { Scenario } from './scenario.ts';

export const TIME_ZONE = 'America/Los_Angeles';
/** Days of slots opened after the last simulated day, so late bookings still find room. */
export const LOOKAHEAD_DAYS = 120;
/** Days of notice a leaver gives: their later appointments are re-booked then. */
export const RESIGNATION_NOTICE_DAYS = 30;

const NO_HOLIDAYS: CalendarDefinition = { name: 'none', timeZone: TIME_ZONE, holidays: [] };

/** A clinician's employment, by simulated day (0 = the scenario's start). */
export interface Employment {
  readonly clinician: number;
  /** First day of work (negative: before the start). */
  readonly firstDay: number;
  /** First day no longer employed, or Infinity. */
  readonly leaveDay: number;
  readonly template: 'full-time' | 'part-time';
  /** Days on leave, as [from, to) simulated-day intervals. */
  readonly leave: readonly (readonly [number, number])[];
}

export interface WorkforcePlan {
  readonly network: NetworkInput;
  readonly employment: readonly Employment[];
  /** Simulated days covered by the network's horizon (run plus lookahead). */
  readonly horizonDays: number;
  readonly centers: readonly string[];
  readonly centerWeights: readonly number[];
}

interface Person {
  discipline: string;
  center: string;
  languages: string[];
  modalities: ('in-person' | 'video')[];
  partTime: boolean;
}

/** Days from the start to a date. */
export function dayOffset(start: DayNumber, date: string): number {
  return dayNumberOfDate(date as LocalDate) - start;
}

export function planWorkforce(scenario: Scenario, seed: number): WorkforcePlan {
  const random = new Random(seed ^ 0x5eed_0001);
  const net = scenario.network;
  const start = dayNumberOfDate(scenario.start as LocalDate);
  const runDays = scenario.warmupDays + scenario.days;
  const horizonDays = runDays + LOOKAHEAD_DAYS;
  const dateOf = (day: number): string => localDateOfDay(addDays(start, day));

  const centerIds = net.centers ?? SOCAL_CENTERS.map((c) => c.id);
  const centers = centerIds.map((id) => SOCAL_CENTERS.find((c) => c.id === id)!);
  const centerWeights = centerIds.map(
    (id) => SOCAL_CENTER_WEIGHTS[SOCAL_CENTERS.findIndex((c) => c.id === id)]!,
  );
  const disciplineIds = Object.keys(net.disciplines);
  const disciplineWeights = disciplineIds.map((d) => net.disciplines[d]!);
  const t = net.template;
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const cap = net.dailyVisitCap === undefined ? {} : { dailyVisitCap: net.dailyVisitCap };
  const shape = {
    dayStart: minutes(t.dayStart),
    dayEnd: minutes(t.dayEnd),
    lunchStart: minutes(t.lunchStart),
    lunchMinutes: t.lunchMinutes,
    intakesPerDay: t.intakesPerDay,
    intakeMinutes: t.intakeMinutes,
    followupMinutes: t.followupMinutes,
    ...cap,
  };
  const templates = [
    buildTemplate({
      id: 'full-time',
      weekdays: t.weekdays,
      adminHoursPerWeek: net.adminHoursPerWeek,
      ...shape,
    }),
    buildTemplate({
      id: 'part-time',
      weekdays: t.weekdays.slice(0, 3),
      adminHoursPerWeek: net.adminHoursPerWeek * 0.6,
      ...shape,
    }),
  ];

  const newPerson = (discipline?: string, center?: string): Person => {
    const languages = ['en'];
    for (const [language, share] of Object.entries(net.languages)) {
      if (language !== 'en' && random.chance(share)) languages.push(language);
    }
    const m = random.next();
    return {
      discipline: discipline ?? random.weighted(disciplineIds, disciplineWeights),
      center: center ?? random.weighted(centerIds, centerWeights),
      languages,
      modalities: m < 0.7 ? ['in-person', 'video'] : m < 0.9 ? ['in-person'] : ['video'],
      partTime: random.chance(net.partTimeShare),
    };
  };

  const people: Person[] = [];
  const employment: Employment[] = [];
  const dailyLeaveHazard = scenario.workforce.turnoverPerYear / 365;
  // Each clinician's leaving day: exponential with the turnover rate; replacements (if
  // any) start after the delay and may leave in turn.
  const hire = (person: Person, firstDay: number): void => {
    if (firstDay >= horizonDays) return;
    const c = people.length;
    people.push(person);
    const tenure =
      dailyLeaveHazard > 0
        ? -Math.log(1 - random.next()) / dailyLeaveHazard
        : Number.POSITIVE_INFINITY;
    const leaveDay = Math.max(firstDay, 0) + Math.ceil(tenure);
    const leaving = leaveDay < runDays ? leaveDay : Number.POSITIVE_INFINITY;
    employment.push({
      clinician: c,
      firstDay,
      leaveDay: leaving,
      template: person.partTime ? 'part-time' : 'full-time',
      leave: leaveWeeks(Math.max(firstDay, 0), Math.min(leaving, horizonDays)),
    });
    if (leaving !== Number.POSITIVE_INFINITY && scenario.workforce.replaceLeavers) {
      hire(
        newPerson(person.discipline, person.center),
        leaving + scenario.workforce.replacementDelayDays,
      );
    }
  };
  // Weeks of leave, Monday to Sunday, at random: the yearly allowance pro rata.
  const leaveWeeks = (from: number, to: number): [number, number][] => {
    const weeks = (scenario.workforce.timeOffWeeksPerYear * (to - from)) / 365;
    let n = Math.floor(weeks) + (random.chance(weeks - Math.floor(weeks)) ? 1 : 0);
    const out: [number, number][] = [];
    const firstMonday = from + ((8 - isoWeekdayOf(addDays(start, from))) % 7);
    const mondays = Math.floor((to - 7 - firstMonday) / 7) + 1;
    if (mondays <= 0) return out;
    n = Math.min(n, mondays);
    const chosen = new Set<number>();
    while (chosen.size < n) chosen.add(random.int(mondays));
    for (const k of [...chosen].sort((a, b) => a - b)) {
      const monday = firstMonday + 7 * k;
      out.push([monday, monday + 7]);
    }
    return out;
  };

  for (let i = 0; i < net.clinicians; i++) hire(newPerson(), -1);
  for (const h of scenario.workforce.hiring) {
    const day = dayOffset(start, h.date);
    for (let i = 0; i < h.clinicians; i++) hire(newPerson(h.discipline, h.center), day);
  }

  // Local midnights by simulated day, each worked out once: leave weeks of thousands of
  // clinicians start and end on the same few hundred days, and each time-zone
  // conversion costs more than the rest of a clinician's record.
  const midnights = new Map<number, number>();
  const midnightOf = (day: number): number => {
    let t = midnights.get(day);
    if (t === undefined) {
      t = instantAtLocal(addDays(start, day), 0, TIME_ZONE);
      midnights.set(day, t);
    }
    return t;
  };
  const clinicians: ClinicianInput[] = employment.map((e) => {
    const p = people[e.clinician]!;
    return {
      id: `clin-${String(e.clinician + 1).padStart(5, '0')}`,
      discipline: p.discipline,
      center: p.center,
      languages: p.languages,
      modalities: p.modalities,
      ...(net.caseloadCap === undefined ? {} : { caseloadCap: net.caseloadCap }),
      schedule: [{ template: e.template, from: dateOf(Math.max(e.firstDay, 0)) }],
      timeOff: e.leave.map(([from, to]) => ({
        from: midnightOf(from),
        to: midnightOf(to),
        reason: 'leave',
      })),
    };
  });

  const ext = scenario.external;
  const providerCount = ext.providers ?? Math.max(2, Math.round(net.clinicians / 80));
  const externalProviders: NonNullable<NetworkInput['externalProviders']> = [];
  const addProvider = (
    i: number,
    weeklyCapacity: number,
    window: { from?: string; to?: string },
  ) => {
    const center = random.weighted(centerIds, centerWeights);
    const physician = disciplineIds.filter((d) => d === 'psychiatrist');
    const others = disciplineIds.filter((d) => d !== 'psychiatrist');
    externalProviders.push({
      id: `ext-${String(i + 1).padStart(4, '0')}`,
      disciplines:
        i % 5 === 4 && physician.length > 0
          ? physician
          : others.length > 0
            ? others
            : disciplineIds,
      languages: random.chance(0.5) ? ['en', 'es'] : ['en'],
      modalities: ['in-person', 'video'],
      centers: [center],
      weeklyCapacity,
      leadDays: ext.leadTimeDays,
      ...window,
    });
  };
  for (let i = 0; i < providerCount; i++) addProvider(i, ext.weeklyCapacity, {});
  for (const surge of ext.surges) {
    for (let k = 0; k < surge.providers; k++) {
      addProvider(externalProviders.length, surge.weeklyCapacity, {
        from: surge.start,
        to: surge.end,
      });
    }
  }

  return {
    network: {
      calendar: scenario.calendar === 'none' ? NO_HOLIDAYS : CALIFORNIA,
      horizon: { from: dateOf(0), to: dateOf(horizonDays - 1) },
      centers: centers.map((c) => ({ ...c })),
      disciplines: disciplineIds.map((id) => ({ id, physician: id === 'psychiatrist' })),
      templates,
      clinicians,
      externalProviders,
    },
    employment,
    horizonDays,
    centers: centerIds,
    centerWeights,
  };
}
