/**
 * Human wording of engine values for text output (JSON output uses the values as is).
 */
import type { ClockStart } from '../engine/rules/standards.ts';
import { formatInstant, type Instant, isoWeekdayOf, localDayOf } from '../engine/time.ts';

const CLOCK_STARTS: Readonly<Record<ClockStart, string>> = {
  request: 'the request',
  'prior-appointment': 'the prior appointment',
  call: 'the call',
};

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function describeClockStart(clockStart: ClockStart): string {
  return CLOCK_STARTS[clockStart];
}

/**
 * Local wall-clock time with weekday and offset, e.g. "Thu 2026-12-10 23:59:59.999 -08:00";
 * zero seconds and milliseconds are left out ("Tue 2026-11-24 10:00 -08:00").
 */
export function describeLocalTime(instant: Instant, timeZone: string): string {
  const iso = formatInstant(instant, timeZone); // YYYY-MM-DDTHH:MM:SS.mmm±HH:MM
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 23).replace(/(:00)?\.000$/, '');
  const offset = iso.slice(23);
  const weekday = WEEKDAYS[isoWeekdayOf(localDayOf(instant, timeZone)) - 1];
  return `${weekday} ${date} ${time} ${offset}`;
}
