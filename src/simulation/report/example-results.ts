/**
 * Hand-made simulation results for the report's tests and for looking at a rendered
 * report: a year of a network with a baseline, a scenario with less clinic time and a
 * four-week strike in March. The numbers are plausible in shape, not simulated.
 */

import type {
  DailyRow,
  SimulationResult,
  StandardFigures,
} from '../../engine/simulation/result.ts';
import { WAIT_BINS_PER_DAY, WAIT_MAX_DAYS } from '../../engine/simulation/result.ts';
import { histogramTotal, waitFiguresFromHistogram } from '../../engine/simulation/statistics.ts';
import { addDays, dayNumberOfDate, localDateOfDay, parseLocalDate } from '../../engine/time.ts';

export interface ExampleScenario {
  readonly name: string;
  /** Visits a weekday fewer than the baseline's 940. */
  readonly fewerVisitsPerDay: number;
  /** Mean wait in days longer than the baseline's (scaled down for short deadlines). */
  readonly longerWaitDays: number;
  readonly adminHoursPerWeek: number;
  /** Days (from the start) of a strike, if any. */
  readonly strike?: readonly [number, number];
}

/** A small deterministic generator (a linear congruential one is enough for fixtures). */
function generator(seed: number): () => number {
  let state = (seed * 2654435761) >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
}

const STANDARDS = [
  { id: 'urgent-no-prior-auth', deadline: 2, meanWait: 1.2 },
  { id: 'nonurgent-nonphysician-mh', deadline: 14, meanWait: 9 },
] as const;

export function exampleResult(
  scenario: ExampleScenario,
  seed: number,
  days = 365,
  start = '2026-01-01',
): SimulationResult {
  const random = generator(seed);
  const first = dayNumberOfDate(parseLocalDate(start));
  const inStrike = (day: number): boolean =>
    scenario.strike !== undefined && day >= scenario.strike[0] && day < scenario.strike[1];
  const daily: DailyRow[] = [];
  let backlog = 5000;
  for (let day = 0; day < days; day++) {
    const weekday = (((first + day + 3) % 7) + 7) % 7; // 0 = Monday
    const open = weekday < 5;
    const arrivals = Math.round((open ? 900 : 150) * (0.9 + 0.2 * random()));
    const capacity = open ? (inStrike(day) ? 450 : 940 - scenario.fewerVisitsPerDay) : 0;
    const visits = Math.min(backlog + arrivals, Math.round(capacity * (0.95 + 0.05 * random())));
    backlog = Math.max(0, backlog + arrivals - visits);
    daily.push({
      date: localDateOfDay(addDays(first, day)),
      arrivals,
      visits,
      externalVisits: open ? Math.round(20 * random()) : 0,
      noShows: Math.round(visits * 0.07),
      cancellations: Math.round(visits * 0.04),
      referralsOut: Math.round(5 * random()),
      backlog,
      waitlist: Math.round(backlog * 0.1),
      compliance: open ? Math.max(0, Math.min(1, 0.93 - backlog / 40_000 - 0.03 * random())) : null,
      cliniciansAtWork: inStrike(day) ? 1300 : 2400,
      cliniciansOnStrike: inStrike(day) ? 1100 : 0,
    });
  }

  const bins = WAIT_MAX_DAYS * WAIT_BINS_PER_DAY;
  const standards: Record<string, StandardFigures> = {};
  const waitHistogram: Record<string, Uint32Array> = {};
  for (const standard of STANDARDS) {
    const histogram = new Uint32Array(bins + 1);
    const mean = standard.meanWait + scenario.longerWaitDays * (standard.deadline / 14);
    let sum = 0;
    let met = 0;
    for (let i = 0; i < 4000; i++) {
      // A gamma(2) wait: the sum of two exponentials.
      const wait = (-Math.log(random()) - Math.log(random())) * (mean / 2);
      sum += wait;
      if (wait <= standard.deadline) met++;
      histogram[Math.min(bins, Math.floor(wait * WAIT_BINS_PER_DAY))]!++;
    }
    const count = histogramTotal(histogram);
    standards[standard.id] = {
      count,
      met,
      compliance: met / count,
      waitDays: waitFiguresFromHistogram(histogram, sum / count),
    };
    waitHistogram[standard.id] = histogram;
  }

  const backlogs = daily.map((row) => row.backlog);
  const visits = daily.reduce((total, row) => total + row.visits, 0);
  return {
    scenario: scenario.name,
    seed,
    summary: {
      days,
      requests: daily.reduce((total, row) => total + row.arrivals, 0),
      visits,
      externalVisits: daily.reduce((total, row) => total + row.externalVisits, 0),
      noShows: daily.reduce((total, row) => total + row.noShows, 0),
      cancellations: daily.reduce((total, row) => total + row.cancellations, 0),
      referralsOut: daily.reduce((total, row) => total + row.referralsOut, 0),
      unplaced: daily[daily.length - 1]?.waitlist ?? 0,
      rebooked: scenario.strike ? 20_000 + Math.round(1000 * random()) : 0,
      standards,
      // The report shows figures by standard only: one group by type is enough here.
      requestTypes: { followup: standards[STANDARDS[0]!.id]! },
      backlog: {
        mean: backlogs.reduce((a, b) => a + b, 0) / Math.max(1, backlogs.length),
        max: Math.max(...backlogs),
        end: backlogs[backlogs.length - 1] ?? 0,
      },
      utilisation: 0.82 + 0.02 * random(),
      sessionHours: 2400 * 30 * 52,
      adminHours: 2400 * scenario.adminHoursPerWeek * 52,
      wageCost: 2400 * 40 * 52 * 72,
      externalCost: 180 * daily.reduce((total, row) => total + row.externalVisits, 0),
      cliniciansEnd: 2400 - Math.round(100 * random()),
    },
    daily,
    waitHistogram,
    seconds: 1.5,
  };
}

export const EXAMPLE_SCENARIOS: readonly ExampleScenario[] = [
  { name: 'baseline', fewerVisitsPerDay: 0, longerWaitDays: 0, adminHoursPerWeek: 4 },
  {
    name: 'employer offer (6 h/week)',
    fewerVisitsPerDay: 20,
    longerWaitDays: 1,
    adminHoursPerWeek: 6,
  },
  {
    name: 'strike 4 weeks, 80%',
    fewerVisitsPerDay: 0,
    longerWaitDays: 2,
    adminHoursPerWeek: 4,
    strike: [60, 88],
  },
];

/** The example scenarios, each run on seeds 1..replications. */
export function exampleRuns(
  replications: number,
  days = 365,
): { name: string; replications: SimulationResult[] }[] {
  return EXAMPLE_SCENARIOS.map((scenario) => ({
    name: scenario.name,
    replications: Array.from({ length: replications }, (_, k) =>
      exampleResult(scenario, k + 1, days),
    ),
  }));
}
