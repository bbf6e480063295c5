/**
 * Time values that cannot be mixed up. An `Instant` is a point on the timeline
 * (milliseconds since the Unix epoch, UTC); a `LocalDate` is a calendar day in a
 * clinic's time zone; a `DayNumber` is the same day as a count of days since
 * 1970-01-01, for fast arithmetic. Each is built only through the functions below.
 */
import { Temporal } from 'temporal-polyfill';
import { TimelyError } from './errors.ts';

declare const instantBrand: unique symbol;
declare const localDateBrand: unique symbol;
declare const dayNumberBrand: unique symbol;

export type Instant = number & { readonly [instantBrand]: 'Instant' };
export type LocalDate = string & { readonly [localDateBrand]: 'LocalDate' };
export type DayNumber = number & { readonly [dayNumberBrand]: 'DayNumber' };

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

export function instantFromEpochMs(ms: number): Instant {
  if (!Number.isFinite(ms)) throw new TimelyError('FIELD_INVALID', `not a finite time: ${ms}`);
  return Math.trunc(ms) as Instant;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD`, rejecting impossible days such as 2026-02-30. */
export function parseLocalDate(text: string, path = 'date'): LocalDate {
  const m = LOCAL_DATE.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) return text as LocalDate;
  }
  throw new TimelyError('FIELD_INVALID', `${path}: expected a date as YYYY-MM-DD, got "${text}"`, {
    path,
  });
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function dayNumberOf(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return (era * 146097 + doe - 719468) as DayNumber;
}

/** The inverse of `dayNumberOf`. */
export function civilOf(dayNumber: DayNumber): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function dayNumberOfDate(date: LocalDate): DayNumber {
  return dayNumberOf(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

export function localDateOfDay(dayNumber: DayNumber): LocalDate {
  const { year, month, day } = civilOf(dayNumber);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as LocalDate;
}

export function addDays(day: DayNumber, n: number): DayNumber {
  return (day + n) as DayNumber;
}

/** ISO weekday, Monday = 1 … Sunday = 7 (1970-01-01 was a Thursday). */
export function isoWeekdayOf(day: DayNumber): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** The local calendar day on which an instant falls in a time zone. */
export function localDayOf(instant: Instant, timeZone: string): DayNumber {
  const zdt = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone);
  return dayNumberOf(zdt.year, zdt.month, zdt.day);
}

/** The first instant of a local day (midnight, or the first valid time after a DST gap). */
export function startOfLocalDay(day: DayNumber, timeZone: string): Instant {
  const { year, month, day: d } = civilOf(day);
  const zdt = Temporal.PlainDate.from({ year, month, day: d }).toZonedDateTime({ timeZone });
  return zdt.epochMilliseconds as Instant;
}

/** The instant of a local wall-clock time; ambiguous or skipped times resolve as RFC 5545 does ('compatible'). */
export function instantAtLocal(day: DayNumber, minuteOfDay: number, timeZone: string): Instant {
  const { year, month, day: d } = civilOf(day);
  const zdt = Temporal.ZonedDateTime.from(
    { timeZone, year, month, day: d, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 },
    { disambiguation: 'compatible' },
  );
  return zdt.epochMilliseconds as Instant;
}

/** ISO 8601 with the zone's offset at that instant, e.g. 2026-12-09T23:59:59.999-08:00. */
export function formatInstant(instant: Instant, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(instant)
    .toZonedDateTimeISO(timeZone)
    .toString({ timeZoneName: 'never', fractionalSecondDigits: 3 });
}

/**
 * Parses an ISO 8601 date-time. With an offset or `Z` it names an instant; without
 * one it is read as wall-clock time in `timeZone` (a bare date means its midnight).
 */
export function parseInstant(text: string, timeZone: string, path = 'at'): Instant {
  const trimmed = text.trim();
  try {
    // RFC 3339 § 5.6 lets a space or a lower-case `t` separate date and time; an offset
    // after either must name the instant, not be dropped by PlainDateTime.from.
    const hasTime = /\d[Tt ]\d/.test(trimmed);
    if (hasTime && /([zZ]|[+-]\d{2}(:?\d{2})?)(\[.*\])?$/.test(trimmed)) {
      return Temporal.Instant.from(trimmed).epochMilliseconds as Instant;
    }
    const plain = Temporal.PlainDateTime.from(trimmed);
    return plain.toZonedDateTime(timeZone, { disambiguation: 'compatible' })
      .epochMilliseconds as Instant;
  } catch {
    throw new TimelyError(
      'FIELD_INVALID',
      `${path}: expected an ISO 8601 date-time such as 2026-11-24T09:30:00-08:00, got "${text}"`,
      { path },
    );
  }
}

/** Fails when a time zone name is not one the runtime knows. */
export function assertTimeZone(timeZone: string, path = 'timeZone'): void {
  try {
    Temporal.Now.instant().toZonedDateTimeISO(timeZone);
  } catch {
    throw new TimelyError('FIELD_INVALID', `${path}: unknown time zone "${timeZone}"`, { path });
  }
}
