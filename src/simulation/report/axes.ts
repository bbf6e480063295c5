/**
 * Axis ticks: round numbers for values, month starts (or Mondays) for dates.
 */
import {
  addDays,
  civilOf,
  type DayNumber,
  dayNumberOf,
  dayNumberOfDate,
  isoWeekdayOf,
  parseLocalDate,
} from '../../engine/time.ts';

/**
 * About `target` evenly spaced round ticks (steps of 1, 2, 2.5 or 5 × 10^k) covering
 * [min, max]. The first tick is ≤ min and the last ≥ max, so they also make the domain.
 */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max)))
    throw new RangeError('ticks need finite bounds');
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    const pad = min === 0 ? 1 : Math.abs(min) / 2;
    [min, max] = [min - (min === 0 ? 0 : pad), max + pad];
  }
  // The smallest round step giving at most target + 1 intervals.
  const rough = (max - min) / (target + 1);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + (step / power === 2.5 ? 1 : 0));
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toFixed(decimals)));
  return ticks;
}

export interface DateTick {
  readonly day: DayNumber;
  readonly label: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Day number of an ISO date of a daily row. */
export function dayOfDate(date: string): DayNumber {
  return dayNumberOfDate(parseLocalDate(date));
}

/**
 * Ticks on the first of each month from `firstDate` to `lastDate` (ISO dates) — every 2nd, 3rd, 6th or 12th month
 * when there would be more than 12 — labelled "Jan 2027" at a year's first tick and "Feb"
 * after. A span with fewer than three month starts gets weekly ticks on Mondays ("Mar 2",
 * with the year on the first and on a year's first Monday).
 */
export function dateTicks(firstDate: string, lastDate: string): DateTick[] {
  const first = dayOfDate(firstDate);
  const last = dayOfDate(lastDate);
  const monthStarts: { day: DayNumber; year: number; month: number }[] = [];
  const start = civilOf(first);
  let year = start.year;
  let month = start.month;
  for (;;) {
    const day = dayNumberOf(year, month, 1);
    if (day > last) break;
    if (day >= first) monthStarts.push({ day, year, month });
    month = month === 12 ? 1 : month + 1;
    if (month === 1) year++;
  }
  if (monthStarts.length < 3) {
    const ticks: DateTick[] = [];
    let day = addDays(first, (8 - isoWeekdayOf(first)) % 7);
    while (day <= last) {
      const { year: y, month: m, day: d } = civilOf(day);
      const withYear = ticks.length === 0 || (m === 1 && d <= 7);
      ticks.push({ day, label: `${MONTHS[m - 1]} ${d}${withYear ? ` ${y}` : ''}` });
      day = addDays(day, 7);
    }
    return ticks;
  }
  const every = [1, 2, 3, 6, 12].find((k) => Math.ceil(monthStarts.length / k) <= 12) ?? 12;
  // Keep quarter and half-year ticks on calendar quarters: January, April, July, October.
  const kept = monthStarts.filter((m) => (m.month - 1) % every === 0);
  const chosen = kept.length >= 2 ? kept : monthStarts.filter((_, i) => i % every === 0);
  let lastYear: number | null = null;
  return chosen.map((m) => {
    const label = m.year === lastYear ? MONTHS[m.month - 1]! : `${MONTHS[m.month - 1]} ${m.year}`;
    lastYear = m.year;
    return { day: m.day, label };
  });
}
