/**
 * Holiday rules as data, and the dates they produce. A rule is a fixed day of the
 * year, the nth (or last) weekday of a month, or one explicit date. Fixed and
 * weekday rules that land on a weekend are observed on the Friday before
 * (Saturday) or the Monday after (Sunday), unless the rule says `observe: "as-is"`.
 */
import { z } from 'zod';
import {
  addDays,
  civilOf,
  type DayNumber,
  dayNumberOf,
  dayNumberOfDate,
  daysInMonth,
  isoWeekdayOf,
  type LocalDate,
  parseLocalDate,
} from '../time.ts';

const observe = z
  .enum(['weekend-shift', 'as-is'])
  .default('weekend-shift')
  .describe(
    'weekend-shift: Saturday is observed the Friday before, Sunday the Monday after; as-is: no shift',
  );

export const fixedHolidayRule = z
  .object({
    name: z.string().min(1),
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
    observe,
  })
  .strict();

export const weekdayHolidayRule = z
  .object({
    name: z.string().min(1),
    month: z.number().int().min(1).max(12),
    weekday: z.number().int().min(1).max(7).describe('ISO weekday: Monday = 1 … Sunday = 7'),
    nth: z
      .union([z.literal(-1), z.number().int().min(1).max(5)])
      .describe('1 = first … 5 = fifth; -1 = last'),
    offsetDays: z
      .number()
      .int()
      .min(-7)
      .max(7)
      .default(0)
      .describe('days added after finding the weekday (the day after Thanksgiving is +1)'),
    observe,
  })
  .strict();

export const datedHoliday = z
  .object({
    name: z.string().min(1),
    date: z.string().transform((text, ctx) => {
      try {
        return parseLocalDate(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: `expected YYYY-MM-DD, got "${text}"` });
        return z.NEVER;
      }
    }),
  })
  .strict();

export const holidayRule = z.union([weekdayHolidayRule, fixedHolidayRule, datedHoliday]);
export type HolidayRule = z.input<typeof holidayRule>;
type ParsedHolidayRule = z.output<typeof holidayRule>;

export interface ObservedHoliday {
  readonly name: string;
  /** The day the holiday is observed (the day the clinic is closed). */
  readonly date: LocalDate;
  readonly day: DayNumber;
}

function nthWeekday(year: number, month: number, weekday: number, nth: number): DayNumber | null {
  if (nth === -1) {
    const last = dayNumberOf(year, month, daysInMonth(year, month));
    return addDays(last, -((isoWeekdayOf(last) - weekday + 7) % 7));
  }
  const first = dayNumberOf(year, month, 1);
  const firstMatch = addDays(first, (weekday - isoWeekdayOf(first) + 7) % 7);
  const found = addDays(firstMatch, 7 * (nth - 1));
  return civilOf(found).month === month ? found : null;
}

function shiftOffWeekend(day: DayNumber): DayNumber {
  const weekday = isoWeekdayOf(day);
  if (weekday === 6) return addDays(day, -1);
  if (weekday === 7) return addDays(day, 1);
  return day;
}

/** The actual (unshifted) day a rule falls on in a year, or null if it has none that year. */
function ruleDay(rule: ParsedHolidayRule, year: number): DayNumber | null {
  if ('date' in rule) {
    const day = dayNumberOfDate(rule.date);
    return civilOf(day).year === year ? day : null;
  }
  if ('weekday' in rule) {
    const found = nthWeekday(year, rule.month, rule.weekday, rule.nth);
    return found === null ? null : addDays(found, rule.offsetDays);
  }
  if (rule.day > daysInMonth(year, rule.month)) return null;
  return dayNumberOf(year, rule.month, rule.day);
}

function observedDay(rule: ParsedHolidayRule, year: number): DayNumber | null {
  const day = ruleDay(rule, year);
  if (day === null) return null;
  if ('date' in rule || rule.observe === 'as-is') return day;
  return shiftOffWeekend(day);
}

/**
 * The holidays observed within a calendar year. A holiday of a neighbouring year can
 * be observed in this one (New Year's Day on a Saturday is observed on 31 December).
 */
export function observedHolidaysIn(
  rules: readonly ParsedHolidayRule[],
  year: number,
): ObservedHoliday[] {
  const found: ObservedHoliday[] = [];
  for (const y of [year - 1, year, year + 1]) {
    for (const rule of rules) {
      const day = observedDay(rule, y);
      if (day !== null && civilOf(day).year === year) {
        const { month, day: d } = civilOf(day);
        const date =
          `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}` as LocalDate;
        found.push({ name: rule.name, date, day });
      }
    }
  }
  return found.sort((a, b) => a.day - b.day || a.name.localeCompare(b.name));
}
