/**
 * Business-day calendars: which days count, how business days are added and counted,
 * and how a calendar supplied as data (a plan's own closures, another weekend) is
 * validated and used.
 */
import { describe, expect, it } from 'vitest';
import { TimelyError } from '../errors.ts';
import { type DayNumber, dayNumberOf, localDateOfDay } from '../time.ts';
import {
  BusinessCalendar,
  CALIFORNIA,
  type CalendarDefinition,
  calendarNamed,
} from './calendar.ts';

const california = calendarNamed();

function day(text: string): DayNumber {
  const [y, m, d] = text.split('-').map(Number);
  return dayNumberOf(y!, m!, d!);
}

describe('which days are business days (California)', () => {
  it.each([
    ['2026-11-23', 'Monday', true],
    ['2026-11-25', 'Wednesday before Thanksgiving', true],
    ['2026-11-26', 'Thanksgiving', false],
    ['2026-11-27', 'the day after Thanksgiving', false],
    ['2026-11-28', 'Saturday', false],
    ['2026-11-29', 'Sunday', false],
    ['2026-11-30', 'Monday after Thanksgiving', true],
    ['2026-07-03', 'Independence Day observed', false],
    ['2026-03-08', 'the Sunday clocks spring forward', false],
    ['2026-03-09', 'the Monday after', true],
  ])('%s (%s): %s', (date, _, expected) => {
    expect(california.isBusinessDay(day(date))).toBe(expected);
  });
});

describe('addBusinessDays', () => {
  it.each([
    // [from, n, expected] — the start day never counts, whatever its kind.
    ['2026-11-24', 1, '2026-11-25'],
    ['2026-11-24', 2, '2026-11-30'], // skips Thanksgiving, the day after, and the weekend
    ['2026-11-24', 10, '2026-12-10'],
    ['2026-11-28', 1, '2026-11-30'], // from a Saturday
    ['2026-11-26', 1, '2026-11-30'], // from a holiday
    ['2026-12-24', 3, '2026-12-30'], // over Christmas (Friday)
    ['2027-12-22', 3, '2027-12-28'], // over Christmas observed Friday 24 December
    ['2027-12-29', 2, '2028-01-03'], // over New Year observed Friday 31 December
    ['2026-11-24', 0, '2026-11-24'],
  ])('%s + %i business days = %s', (from, n, expected) => {
    expect(localDateOfDay(california.addBusinessDays(day(from), n))).toBe(expected);
  });

  it('refuses negative or fractional counts', () => {
    expect(() => california.addBusinessDays(day('2026-11-24'), -1)).toThrow(TimelyError);
    expect(() => california.addBusinessDays(day('2026-11-24'), 1.5)).toThrow(TimelyError);
  });
});

describe('businessDaysBetween counts the days in (from, to]', () => {
  it.each([
    ['2026-11-24', '2026-11-24', 0],
    ['2026-11-24', '2026-11-25', 1],
    ['2026-11-24', '2026-11-29', 1], // Thanksgiving, the day after and the weekend add nothing
    ['2026-11-24', '2026-12-10', 10],
    ['2026-12-10', '2026-11-24', -10],
    ['2026-11-28', '2026-11-30', 1],
  ])('%s → %s: %i', (from, to, expected) => {
    expect(california.businessDaysBetween(day(from), day(to))).toBe(expected);
  });

  it('is 0, not -0, backwards over days without business days', () => {
    // Sunday 29 November back to Thursday 26 (Thanksgiving): no business day in between.
    expect(Object.is(california.businessDaysBetween(day('2026-11-29'), day('2026-11-26')), 0)).toBe(
      true,
    );
  });
});

describe('a calendar supplied as data', () => {
  it('adds a plan’s own closure dates to the state holidays', () => {
    const plan = new BusinessCalendar({
      ...CALIFORNIA,
      name: 'plan-with-winter-closure',
      holidays: [
        ...CALIFORNIA.holidays,
        { name: 'Christmas Eve closure', date: '2026-12-24' },
        { name: 'New Year’s Eve closure', date: '2026-12-31' },
      ],
    });
    expect(plan.isBusinessDay(day('2026-12-24'))).toBe(false);
    expect(california.isBusinessDay(day('2026-12-24'))).toBe(true);
    // 2026-12-23 + 3: Dec 28, 29, 30 in the plan (24, 25, 31 closed); Dec 24, 28, 29 in the state's.
    expect(localDateOfDay(plan.addBusinessDays(day('2026-12-23'), 3))).toBe('2026-12-30');
    expect(localDateOfDay(california.addBusinessDays(day('2026-12-23'), 3))).toBe('2026-12-29');
    expect(plan.holidaysIn(2026).map((h) => h.date)).toContain('2026-12-31');
  });

  it('uses its own weekend (Friday and Saturday here)', () => {
    const fridaySaturday = new BusinessCalendar({
      name: 'fri-sat',
      timeZone: 'America/Los_Angeles',
      weekendDays: [5, 6],
      holidays: [],
    });
    expect(fridaySaturday.isBusinessDay(day('2026-11-27'))).toBe(false); // Friday
    expect(fridaySaturday.isBusinessDay(day('2026-11-29'))).toBe(true); // Sunday
    // Thursday 2026-11-26 + 1 = Sunday 29 November.
    expect(localDateOfDay(fridaySaturday.addBusinessDays(day('2026-11-26'), 1))).toBe('2026-11-29');
  });

  it('applies holiday rules with observe "as-is" on the weekend day itself', () => {
    const asIs = new BusinessCalendar({
      name: 'as-is',
      holidays: [{ name: 'Independence Day', month: 7, day: 4, observe: 'as-is' }],
    });
    expect(asIs.holidayOn(day('2026-07-04'))?.name).toBe('Independence Day');
    expect(asIs.isBusinessDay(day('2026-07-03'))).toBe(true);
  });

  it('defaults to Los Angeles time and a Saturday–Sunday weekend', () => {
    const minimal = new BusinessCalendar({ name: 'minimal', holidays: [] });
    expect(minimal.timeZone).toBe('America/Los_Angeles');
    expect(minimal.isWeekend(day('2026-11-28'))).toBe(true);
    expect(minimal.isBusinessDay(day('2026-11-26'))).toBe(true); // no Thanksgiving here
  });
});

describe('an invalid calendar definition is rejected, naming the field', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['an empty name', { name: '', holidays: [] }, 'name', /^calendar field name: /],
    ['no holidays list', { name: 'x' }, 'holidays', /^calendar field holidays: /],
    ['a weekday 8', { name: 'x', weekendDays: [8], holidays: [] }, 'weekendDays.0', /<=7/],
    [
      'every day a weekend',
      { name: 'x', weekendDays: [1, 2, 3, 4, 5, 6, 7], holidays: [] },
      'weekendDays',
      /no working day left/,
    ],
    [
      'an impossible closure date',
      { name: 'x', holidays: [{ name: 'Leap', date: '2026-02-29' }] },
      'holidays.0.date',
      /^calendar field holidays\.0\.date: expected YYYY-MM-DD, got "2026-02-29"/,
    ],
    [
      'a month 13',
      { name: 'x', holidays: [{ name: 'Y', month: 13, day: 1 }] },
      'holidays.0.month',
      /<=12/,
    ],
    [
      'a misspelt field',
      { name: 'x', weekend: [5, 6], holidays: [] },
      'weekend',
      /^calendar field weekend: unknown field$/,
    ],
    ['not an object at all', 'california', '', /^calendar: /],
  ])('%s', (_, definition, path, message) => {
    const attempt = () => new BusinessCalendar(definition as CalendarDefinition);
    expect(attempt).toThrowError(expect.objectContaining({ code: 'CALENDAR_INVALID', path }));
    expect(attempt).toThrowError(message);
  });

  it('rejects an unknown time zone', () => {
    expect(
      () => new BusinessCalendar({ name: 'x', timeZone: 'Mars/Olympus', holidays: [] }),
    ).toThrowError(
      expect.objectContaining({
        path: 'timeZone',
        message: 'timeZone: unknown time zone "Mars/Olympus"',
      }),
    );
  });

  it('rejects an unknown built-in name, listing the known ones', () => {
    expect(() => calendarNamed('texas')).toThrowError(
      /unknown calendar "texas" \(built in: california\)/,
    );
  });
});
