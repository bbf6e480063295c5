/**
 * Demand of a scenario: how many new patients ask for care each day (Poisson, by type,
 * shaped by weekday and season), who they are (language, modality, home center), and how
 * long their course of treatment runs.
 */
import type { Random } from '../random.ts';
import { type DayNumber, isoWeekdayOf } from '../time.ts';
import { INTAKE_TYPES, type IntakeType, type Scenario } from './scenario.ts';

export const MODALITY_CHOICES = ['any', 'in-person', 'video'] as const;

/** Expected arrivals of an intake type on a day. */
export function expectedArrivals(scenario: Scenario, type: IntakeType, day: DayNumber): number {
  const d = scenario.demand;
  const weekday = d.weekdayPattern[isoWeekdayOf(day) - 1]!;
  // Day of the year (1 = 1 January) from the day number, for the seasonal swing.
  const { amplitude, peakDay } = d.seasonality;
  const dayOfYear = dayOfYearOf(day);
  const season = 1 + amplitude * Math.cos((2 * Math.PI * (dayOfYear - peakDay)) / 365.25);
  return d.arrivalsPerDay[type] * weekday * season;
}

function dayOfYearOf(day: DayNumber): number {
  // Day numbers count days since 1970-01-01 (a Thursday); the year's first day follows.
  const date = new Date(day * 86_400_000);
  const jan1 = Date.UTC(date.getUTCFullYear(), 0, 1) / 86_400_000;
  return day - jan1 + 1;
}

/** Visits in a course of treatment: 1 + geometric, with the scenario's mean. */
export function courseVisits(random: Random, meanVisits: number): number {
  if (meanVisits <= 1) return 1;
  const p = 1 / meanVisits;
  return 1 + Math.floor(Math.log(1 - random.next()) / Math.log(1 - p));
}

/** Picks the intake types of a day's arrivals, in a fixed order (deterministic). */
export function arrivalsOfDay(
  scenario: Scenario,
  random: Random,
  day: DayNumber,
): { type: IntakeType; count: number }[] {
  return INTAKE_TYPES.map((type) => ({
    type,
    count: random.poisson(expectedArrivals(scenario, type, day)),
  }));
}
