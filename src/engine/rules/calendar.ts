/**
 * Business-day calendars: Monday–Friday (or the calendar's own working days) less
 * the observed holidays, in the plan's time zone. A calendar is data (see
 * `calendarDefinition`), so a plan or another state can supply its own.
 */
import { z } from 'zod';
import { TimelyError } from '../errors.ts';
import { firstProblem } from '../field-problem.ts';
import {
  addDays,
  assertTimeZone,
  civilOf,
  type DayNumber,
  isoWeekdayOf,
  type LocalDate,
} from '../time.ts';
import { holidayRule, type ObservedHoliday, observedHolidaysIn } from './holidays.ts';

export const calendarDefinition = z
  .object({
    name: z.string().min(1).describe('name used to pick the calendar, e.g. "california"'),
    timeZone: z
      .string()
      .default('America/Los_Angeles')
      .describe('IANA time zone in which days begin and end'),
    weekendDays: z
      .array(z.number().int().min(1).max(7))
      .default([6, 7])
      .describe('ISO weekdays that are never business days (Saturday = 6, Sunday = 7)'),
    holidays: z.array(holidayRule).describe('holiday rules or explicit closure dates'),
  })
  .strict();

export type CalendarDefinition = z.input<typeof calendarDefinition>;

/** The default calendar: the California state holidays named in the foundation issue. */
export const CALIFORNIA: CalendarDefinition = {
  name: 'california',
  timeZone: 'America/Los_Angeles',
  holidays: [
    { name: "New Year's Day", month: 1, day: 1 },
    { name: 'Martin Luther King Jr. Day', month: 1, weekday: 1, nth: 3 },
    { name: "Presidents' Day", month: 2, weekday: 1, nth: 3 },
    { name: 'Cesar Chavez Day', month: 3, day: 31 },
    { name: 'Memorial Day', month: 5, weekday: 1, nth: -1 },
    { name: 'Independence Day', month: 7, day: 4 },
    { name: 'Labor Day', month: 9, weekday: 1, nth: 1 },
    { name: 'Veterans Day', month: 11, day: 11 },
    { name: 'Thanksgiving Day', month: 11, weekday: 4, nth: 4 },
    { name: 'Day after Thanksgiving', month: 11, weekday: 4, nth: 4, offsetDays: 1 },
    { name: 'Christmas Day', month: 12, day: 25 },
  ],
};

/** A calendar is only asked about years in this range; outside it, something is wrong. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

export class BusinessCalendar {
  readonly name: string;
  readonly timeZone: string;
  private readonly weekend: ReadonlySet<number>;
  private readonly rules: z.output<typeof calendarDefinition>['holidays'];
  private readonly holidaysByYear = new Map<number, Map<number, ObservedHoliday>>();

  constructor(definition: CalendarDefinition) {
    const parsed = calendarDefinition.safeParse(definition);
    if (!parsed.success) {
      // firstProblem names the field even for unknown keys and failed holiday-rule unions,
      // which zod reports at the enclosing object as "Invalid input".
      const { path, message } = firstProblem(parsed.error);
      throw new TimelyError(
        'CALENDAR_INVALID',
        path ? `calendar field ${path}: ${message}` : `calendar: ${message}`,
        { path },
      );
    }
    assertTimeZone(parsed.data.timeZone, 'timeZone');
    this.name = parsed.data.name;
    this.timeZone = parsed.data.timeZone;
    this.weekend = new Set(parsed.data.weekendDays);
    if (this.weekend.size >= 7) {
      throw new TimelyError('CALENDAR_INVALID', 'calendar field weekendDays: no working day left', {
        path: 'weekendDays',
      });
    }
    this.rules = parsed.data.holidays;
  }

  private holidayMap(year: number): Map<number, ObservedHoliday> {
    let map = this.holidaysByYear.get(year);
    if (!map) {
      if (year < MIN_YEAR || year > MAX_YEAR) {
        throw new TimelyError('CALENDAR_RANGE', `year ${year} is outside ${MIN_YEAR}–${MAX_YEAR}`);
      }
      map = new Map();
      for (const holiday of observedHolidaysIn(this.rules, year)) {
        if (!map.has(holiday.day)) map.set(holiday.day, holiday);
      }
      this.holidaysByYear.set(year, map);
    }
    return map;
  }

  /** The observed holidays of a year, in date order. */
  holidaysIn(year: number): ObservedHoliday[] {
    return [...this.holidayMap(year).values()];
  }

  holidayOn(day: DayNumber): ObservedHoliday | undefined {
    return this.holidayMap(civilOf(day).year).get(day);
  }

  isWeekend(day: DayNumber): boolean {
    return this.weekend.has(isoWeekdayOf(day));
  }

  isBusinessDay(day: DayNumber): boolean {
    return !this.isWeekend(day) && this.holidayOn(day) === undefined;
  }

  /** The nth business day after `day`; `day` itself never counts, whatever its kind. */
  addBusinessDays(day: DayNumber, n: number): DayNumber {
    if (!Number.isInteger(n) || n < 0) {
      throw new TimelyError('FIELD_INVALID', `business days must be a whole number ≥ 0, got ${n}`);
    }
    let current = day;
    let left = n;
    while (left > 0) {
      current = addDays(current, 1);
      if (this.isBusinessDay(current)) left--;
    }
    return current;
  }

  /** How many business days lie in (from, to]: 0 on the same day, negative if `to` is earlier. */
  businessDaysBetween(from: DayNumber, to: DayNumber): number {
    // `|| 0`: negating a zero count would give -0, which Object.is and toBe tell from 0.
    if (to < from) return -this.businessDaysBetween(to, from) || 0;
    let count = 0;
    for (let d = from + 1; d <= to; d++) if (this.isBusinessDay(d as DayNumber)) count++;
    return count;
  }
}

const builtIn = new Map<string, CalendarDefinition>([[CALIFORNIA.name, CALIFORNIA]]);

export function builtInCalendarNames(): string[] {
  return [...builtIn.keys()];
}

/** A built-in calendar by name (`california` is the default). */
export function calendarNamed(name = 'california'): BusinessCalendar {
  const definition = builtIn.get(name);
  if (!definition) {
    throw new TimelyError(
      'CALENDAR_INVALID',
      `unknown calendar "${name}" (built in: ${builtInCalendarNames().join(', ')})`,
      { path: 'calendar' },
    );
  }
  return new BusinessCalendar(definition);
}

export type { LocalDate };
