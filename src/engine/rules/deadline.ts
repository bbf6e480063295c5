/**
 * The deadline of a request under a standard.
 *
 * - Elapsed-time limits (minutes, hours) run on the real clock: weekends, holidays and
 *   DST changes included, so 48 hours is exactly 48 × 3,600,000 ms after the clock starts.
 * - A limit of N business days ends at the end of the Nth business day after the local
 *   day on which the clock starts — that day never counts, whatever its kind — i.e. at
 *   23:59:59.999 local time.
 */
import {
  addDays,
  type DayNumber,
  type Instant,
  localDayOf,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  startOfLocalDay,
} from '../time.ts';
import type { BusinessCalendar } from './calendar.ts';
import type { StandardLimit } from './standards.ts';

/** The last millisecond of a local day. */
export function endOfLocalDay(day: DayNumber, timeZone: string): Instant {
  return (startOfLocalDay(addDays(day, 1), timeZone) - 1) as Instant;
}

export function deadlineFor(
  limit: StandardLimit,
  clockStart: Instant,
  calendar: BusinessCalendar,
): Instant {
  switch (limit.unit) {
    case 'minutes':
      return (clockStart + limit.amount * MS_PER_MINUTE) as Instant;
    case 'hours':
      return (clockStart + limit.amount * MS_PER_HOUR) as Instant;
    case 'business-days': {
      const startDay = localDayOf(clockStart, calendar.timeZone);
      return endOfLocalDay(calendar.addBusinessDays(startDay, limit.amount), calendar.timeZone);
    }
  }
}
