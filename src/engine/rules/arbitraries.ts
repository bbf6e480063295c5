/**
 * fast-check generators shared by the rules' property tests: instants within the years
 * a calendar answers for, and calendars supplied as data (any weekend that leaves a
 * working day, any closure dates, a few time zones with and without DST).
 */
import fc from 'fast-check';
import { type DayNumber, dayNumberOf, type Instant, localDateOfDay } from '../time.ts';
import { BusinessCalendar, CALIFORNIA } from './calendar.ts';

const FROM = Date.UTC(2000, 0, 1);
const TO = Date.UTC(2100, 0, 1);

export const instant: fc.Arbitrary<Instant> = fc
  .integer({ min: FROM, max: TO })
  .map((ms) => ms as Instant);

export const day: fc.Arbitrary<DayNumber> = fc
  .integer({ min: dayNumberOf(2000, 1, 1), max: dayNumberOf(2099, 12, 31) })
  .map((d) => d as DayNumber);

const ZONES = ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'UTC'];

export const calendar: fc.Arbitrary<BusinessCalendar> = fc.oneof(
  fc.constant(new BusinessCalendar(CALIFORNIA)),
  fc
    .record({
      timeZone: fc.constantFrom(...ZONES),
      weekendDays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { maxLength: 6 }),
      closures: fc.array(day, { maxLength: 40 }),
      withStateHolidays: fc.boolean(),
    })
    .map(
      ({ timeZone, weekendDays, closures, withStateHolidays }) =>
        new BusinessCalendar({
          name: 'generated',
          timeZone,
          weekendDays,
          holidays: [
            ...(withStateHolidays ? CALIFORNIA.holidays : []),
            ...closures.map((d) => ({ name: 'closure', date: localDateOfDay(d) })),
          ],
        }),
    ),
);
