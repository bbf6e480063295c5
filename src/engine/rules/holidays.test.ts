/**
 * The California calendar's observed holidays, written out by hand from a printed
 * calendar (not computed by the code under test). A holiday on a Saturday is observed
 * the Friday before, one on a Sunday the Monday after.
 */
import { describe, expect, it } from 'vitest';
import { dayNumberOf } from '../time.ts';
import { calendarNamed } from './calendar.ts';

const california = calendarNamed('california');

function observed(year: number): [string, string][] {
  return california.holidaysIn(year).map((h) => [h.date, h.name]);
}

describe('California holidays', () => {
  it('2026: Independence Day (a Saturday) is observed on Friday 3 July', () => {
    expect(observed(2026)).toEqual([
      ['2026-01-01', "New Year's Day"],
      ['2026-01-19', 'Martin Luther King Jr. Day'],
      ['2026-02-16', "Presidents' Day"],
      ['2026-03-31', 'Cesar Chavez Day'],
      ['2026-05-25', 'Memorial Day'],
      ['2026-07-03', 'Independence Day'],
      ['2026-09-07', 'Labor Day'],
      ['2026-11-11', 'Veterans Day'],
      ['2026-11-26', 'Thanksgiving Day'],
      ['2026-11-27', 'Day after Thanksgiving'],
      ['2026-12-25', 'Christmas Day'],
    ]);
  });

  it('2027: Independence Day (a Sunday) moves to Monday; Christmas and New Year 2028 (Saturdays) to the Fridays before', () => {
    expect(observed(2027)).toEqual([
      ['2027-01-01', "New Year's Day"],
      ['2027-01-18', 'Martin Luther King Jr. Day'],
      ['2027-02-15', "Presidents' Day"],
      ['2027-03-31', 'Cesar Chavez Day'],
      ['2027-05-31', 'Memorial Day'],
      ['2027-07-05', 'Independence Day'],
      ['2027-09-06', 'Labor Day'],
      ['2027-11-11', 'Veterans Day'],
      ['2027-11-25', 'Thanksgiving Day'],
      ['2027-11-26', 'Day after Thanksgiving'],
      ['2027-12-24', 'Christmas Day'],
      // 1 January 2028 is a Saturday: observed in the previous year.
      ['2027-12-31', "New Year's Day"],
    ]);
  });

  it.each([
    ['Christmas 2022 (Sunday) is observed on Monday 26 December', 2022, 12, 26, 'Christmas Day'],
    [
      "New Year's Day 2022 (Saturday) is observed on Friday 31 December 2021",
      2021,
      12,
      31,
      "New Year's Day",
    ],
    [
      'Independence Day 2026 (Saturday) is observed on Friday 3 July',
      2026,
      7,
      3,
      'Independence Day',
    ],
    ['Christmas 2027 (Saturday) is observed on Friday 24 December', 2027, 12, 24, 'Christmas Day'],
    [
      'Veterans Day 2023 (Saturday) is observed on Friday 10 November',
      2023,
      11,
      10,
      'Veterans Day',
    ],
    [
      'Cesar Chavez Day 2024 (Sunday) is observed on Monday 1 April',
      2024,
      4,
      1,
      'Cesar Chavez Day',
    ],
  ])('%s', (_, year, month, day, name) => {
    const date = dayNumberOf(year, month, day);
    expect(california.holidayOn(date)?.name).toBe(name);
    expect(california.isBusinessDay(date)).toBe(false);
  });

  it.each([
    ['Saturday 4 July 2026 itself (a weekend, not a second holiday)', 2026, 7, 4],
    ['Saturday 1 January 2022', 2022, 1, 1],
    ['Sunday 25 December 2022', 2022, 12, 25],
  ])('%s is a weekend day, not an observed holiday', (_, year, month, day) => {
    const date = dayNumberOf(year, month, day);
    expect(california.holidayOn(date)).toBeUndefined();
    expect(california.isWeekend(date)).toBe(true);
  });

  it('2022 has no New Year holiday in January, because it was observed in 2021', () => {
    expect(observed(2022).filter(([, name]) => name === "New Year's Day")).toEqual([]);
  });

  it('refuses years no plan will ask about, rather than computing nonsense', () => {
    expect(() => california.holidaysIn(1800)).toThrowError(
      expect.objectContaining({ code: 'CALENDAR_RANGE' }),
    );
  });
});
