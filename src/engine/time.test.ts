import { describe, expect, it } from 'vitest';
import { TimelyError } from './errors.ts';
import {
  dayNumberOf,
  formatInstant,
  isoWeekdayOf,
  localDateOfDay,
  localDayOf,
  parseInstant,
  parseLocalDate,
} from './time.ts';

const LA = 'America/Los_Angeles';

/** Round-trips text through parseInstant and back to ISO 8601 in Los Angeles time. */
function inLosAngeles(text: string): string {
  return formatInstant(parseInstant(text, LA), LA);
}

describe('parseInstant', () => {
  it.each([
    ['an offset names the instant', '2026-11-24T10:00:00-08:00', '2026-11-24T10:00:00.000-08:00'],
    ['Z is UTC', '2026-11-24T18:00:00Z', '2026-11-24T10:00:00.000-08:00'],
    ['another offset', '2026-11-24T10:00:00+01:00', '2026-11-24T01:00:00.000-08:00'],
    ['no offset means clinic wall-clock time', '2026-11-24T10:00', '2026-11-24T10:00:00.000-08:00'],
    ['a bare date means its midnight', '2026-11-24', '2026-11-24T00:00:00.000-08:00'],
    ['summer time is -07:00', '2026-07-01T09:00', '2026-07-01T09:00:00.000-07:00'],
    // RFC 3339 § 5.6 allows a space (or a lower-case t) between date and time; the
    // offset must still count, not be silently dropped.
    [
      'a space separator keeps the offset',
      '2026-11-24 10:00:00+01:00',
      '2026-11-24T01:00:00.000-08:00',
    ],
    ['a space separator with Z', '2026-11-24 18:00:00Z', '2026-11-24T10:00:00.000-08:00'],
    ['lower-case t and z', '2026-11-24t18:00:00z', '2026-11-24T10:00:00.000-08:00'],
    [
      'a space separator without offset is local',
      '2026-11-24 10:00',
      '2026-11-24T10:00:00.000-08:00',
    ],
    // 02:30 on 8 March 2026 does not exist in Los Angeles; RFC 5545 moves it forward.
    ['a time skipped by DST moves forward', '2026-03-08T02:30', '2026-03-08T03:30:00.000-07:00'],
    // 01:30 on 1 November 2026 happens twice; the earlier (daylight) one is taken.
    ['a repeated time takes the first', '2026-11-01T01:30', '2026-11-01T01:30:00.000-07:00'],
  ])('%s: %s', (_, text, expected) => {
    expect(inLosAngeles(text)).toBe(expected);
  });

  it.each(['garbage', '', '2026-11-24T25:00', '2026-02-30T10:00', '24/11/2026 10:00'])(
    'rejects "%s" naming the field',
    (text) => {
      expect(() => parseInstant(text, LA, '--at')).toThrowError(
        expect.objectContaining({ code: 'FIELD_INVALID', path: '--at' }),
      );
      expect(() => parseInstant(text, LA, '--at')).toThrowError(/^--at: expected an ISO 8601/);
    },
  );
});

describe('local days', () => {
  it('knows the weekday of a date (1 January 2026 was a Thursday)', () => {
    expect(isoWeekdayOf(dayNumberOf(2026, 1, 1))).toBe(4);
    expect(isoWeekdayOf(dayNumberOf(1970, 1, 1))).toBe(4);
    expect(isoWeekdayOf(dayNumberOf(2000, 2, 29))).toBe(2);
  });

  it('places an instant on the day of the clinic, not of UTC', () => {
    const lateEvening = parseInstant('2026-11-24T23:30:00-08:00', LA);
    expect(localDateOfDay(localDayOf(lateEvening, LA))).toBe('2026-11-24');
    expect(localDateOfDay(localDayOf(lateEvening, 'UTC'))).toBe('2026-11-25');
  });

  it('rejects impossible dates', () => {
    expect(parseLocalDate('2028-02-29')).toBe('2028-02-29');
    expect(() => parseLocalDate('2026-02-29')).toThrow(TimelyError);
    expect(() => parseLocalDate('2026-13-01', 'holidays.0.date')).toThrowError(
      /^holidays\.0\.date: expected a date as YYYY-MM-DD/,
    );
  });
});
