/**
 * A precomputed view of a business calendar over a range of days, so that the hot
 * paths of booking (which day an instant falls on, when a slot starts, a request's
 * deadline, a wait in business days) are array look-ups instead of time-zone
 * arithmetic. Everything here agrees with `rules/deadline.ts` (a test checks it);
 * outside the indexed range it defers to the rules engine.
 */
import type { BusinessCalendar } from '../rules/calendar.ts';
import { deadlineFor } from '../rules/deadline.ts';
import type { StandardLimit } from '../rules/standards.ts';
import {
  addDays,
  type DayNumber,
  type Instant,
  instantAtLocal,
  localDayOf,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  startOfLocalDay,
} from '../time.ts';

export class DayIndex {
  /** Day number of index 0. */
  readonly firstDay: DayNumber;
  readonly length: number;
  /** dayStart[i] is the first instant of day i (length + 1 entries). */
  readonly dayStart: Float64Array;
  readonly business: Uint8Array;
  /** Business days in [firstDay, firstDay + i]. */
  readonly businessOrdinal: Int32Array;
  /** The index of the k-th business day (0-based) of the range. */
  private readonly businessDays: Int32Array;
  /** UTC offset (local − UTC, ms) in force all day, or NaN on a day with a DST change. */
  private readonly steadyOffset: Float64Array;

  constructor(
    readonly calendar: BusinessCalendar,
    from: DayNumber,
    to: DayNumber,
  ) {
    const zone = calendar.timeZone;
    this.firstDay = from;
    this.length = to - from + 1;
    this.dayStart = new Float64Array(this.length + 1);
    this.business = new Uint8Array(this.length);
    this.businessOrdinal = new Int32Array(this.length);
    this.steadyOffset = new Float64Array(this.length);
    const days: number[] = [];
    let ordinal = 0;
    for (let i = 0; i <= this.length; i++) {
      this.dayStart[i] = startOfLocalDay(addDays(from, i), zone);
    }
    for (let i = 0; i < this.length; i++) {
      const day = addDays(from, i);
      if (calendar.isBusinessDay(day)) {
        this.business[i] = 1;
        ordinal++;
        days.push(i);
      }
      this.businessOrdinal[i] = ordinal;
      const wallMidnightAsUtc = day * MS_PER_DAY;
      const offsetAtStart = wallMidnightAsUtc - this.dayStart[i]!;
      const nextWallMidnightAsUtc = (day + 1) * MS_PER_DAY;
      const offsetAtEnd = nextWallMidnightAsUtc - this.dayStart[i + 1]!;
      this.steadyOffset[i] = offsetAtStart === offsetAtEnd ? offsetAtStart : Number.NaN;
    }
    this.businessDays = Int32Array.from(days);
  }

  /** Index of the day an instant falls on, or -1 outside the range. */
  dayOf(t: number): number {
    const start = this.dayStart;
    if (t < start[0]! || t >= start[this.length]!) return -1;
    let i = Math.floor((t - start[0]!) / MS_PER_DAY);
    if (i >= this.length) i = this.length - 1;
    while (i > 0 && t < start[i]!) i--;
    while (i < this.length - 1 && t >= start[i + 1]!) i++;
    return i;
  }

  dayNumberAt(index: number): DayNumber {
    return addDays(this.firstDay, index);
  }

  /** The instant of a local wall-clock minute on day `index`. */
  instantAt(index: number, minuteOfDay: number): Instant {
    const offset = this.steadyOffset[index]!;
    if (!Number.isNaN(offset)) {
      return ((this.firstDay + index) * MS_PER_DAY +
        minuteOfDay * MS_PER_MINUTE -
        offset) as Instant;
    }
    return instantAtLocal(addDays(this.firstDay, index), minuteOfDay, this.calendar.timeZone);
  }

  /** The deadline of a clock start under a limit; same answer as `deadlineFor`. */
  deadline(limit: StandardLimit, clockStart: Instant): Instant {
    if (limit.unit === 'hours') return (clockStart + limit.amount * MS_PER_HOUR) as Instant;
    if (limit.unit === 'minutes') return (clockStart + limit.amount * MS_PER_MINUTE) as Instant;
    const day = this.dayOf(clockStart);
    if (day >= 0) {
      const k = this.businessOrdinal[day]! + limit.amount - 1;
      if (k < this.businessDays.length) {
        return (this.dayStart[this.businessDays[k]! + 1]! - 1) as Instant;
      }
    }
    return deadlineFor(limit, clockStart, this.calendar);
  }

  /** Business days from the day of `from` to the day of `to` (the first day never counts). */
  businessDaysBetween(from: Instant, to: Instant): number {
    const a = this.dayOf(from);
    const b = this.dayOf(to);
    if (a >= 0 && b >= 0) return this.businessOrdinal[b]! - this.businessOrdinal[a]!;
    const zone = this.calendar.timeZone;
    return this.calendar.businessDaysBetween(localDayOf(from, zone), localDayOf(to, zone));
  }
}
