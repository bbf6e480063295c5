/**
 * What the access overview's routes share: the window of Monday-based weeks they look
 * back over, their `weeks` parameter, and each request in it judged once against its
 * deadline. One definition, so the weekly chart, the compliance by center and
 * discipline, and the wait-time distribution can never disagree about a request.
 *
 * A request is judged by its first live appointment: the earliest one not cancelled
 * (booked, attended, or missed by the member — a no-show still ended the wait the plan
 * answers for). It is
 * - `met`: that appointment starts by the deadline (an extension's, when the treating
 *   provider recorded one: HSC § 1367.03(a)(5)(H));
 * - `referred`: not met, and sent out of network (HSC § 1374.72);
 * - `missed`: neither, and the deadline has passed (a late appointment included);
 * - `pending`: neither, and the deadline is still ahead.
 * Cancelled requests are not counted. `judged` = met + referred + missed: the requests
 * whose outcome is known, and compliance is met ÷ judged.
 *
 * Each request's first live appointment is kept in `request_outcomes` by triggers
 * (migration 0009): on the full demo (180,000 requests) joining requests to their
 * appointments at read time took ~0.4 s a call on PGlite, a per-request EXISTS 2.3 s.
 */
import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import {
  addDays,
  instantFromEpochMs,
  isoWeekdayOf,
  type LocalDate,
  localDateOfDay,
  localDayOf,
  startOfLocalDay,
} from '../../engine/time.ts';

/** The demo's and the California plan's zone; weeks start on its Mondays. */
export const ACCESS_TIME_ZONE = 'America/Los_Angeles';

/** How many weeks back the overview looks by default, this week included. */
export const DEFAULT_WEEKS = 13;

/** The `weeks` query parameter every overview route takes: the window's length. */
export const weeksParam = z.coerce.number().int().min(1).max(53).default(DEFAULT_WEEKS).meta({
  description: 'requests whose clock started this many weeks back, this week included (1 to 53)',
});

/** The weeks an overview figure covers, oldest first; the last one holds `asOf`. */
export interface WeekWindow {
  readonly asOf: Date;
  /** Each week's Monday in the plan's zone. */
  readonly mondays: readonly LocalDate[];
  /** Each Monday's midnight as an instant (DST moves it by an hour twice a year). */
  readonly starts: readonly Date[];
  /** The instant the current week ends (next Monday's midnight). */
  readonly end: Date;
}

export function weekWindow(asOf: Date, weeks: number): WeekWindow {
  const today = localDayOf(instantFromEpochMs(asOf.getTime()), ACCESS_TIME_ZONE);
  const thisMonday = addDays(today, 1 - isoWeekdayOf(today));
  const days = Array.from({ length: weeks }, (_, i) => addDays(thisMonday, 7 * (i + 1 - weeks)));
  const midnight = (day: (typeof days)[number]) => new Date(startOfLocalDay(day, ACCESS_TIME_ZONE));
  return {
    asOf,
    mondays: days.map(localDateOfDay),
    starts: days.map(midnight),
    end: midnight(addDays(thisMonday, 7)),
  };
}

/**
 * The CTE `judged`: one row per request whose clock started in the window (`week`
 * 1…weeks, `standard`, `center_id`, `status`, `due`, `clock_start`, `first_at`, and with
 * `discipline` also the request's own `discipline` and `served_discipline`, its first
 * live appointment's clinician's), of one medical center with `center`. Use as sql`WITH ${judgedRequests(…)} SELECT … FROM
 * judged`.
 *
 * It reads `request_outcomes` (migration 0009), where triggers keep each request's first
 * live appointment current on every write: no join at read time.
 *
 * The window's bounds are values, not expressions: the planner then knows how many
 * rows they hold, and no request's clock is converted to local time (width_bucket over
 * the Mondays' instants finds its week; the conversion was most of a scan on PGlite).
 */
export function judgedRequests(
  window: WeekWindow,
  {
    discipline = false,
    center,
  }: { readonly discipline?: boolean; readonly center?: string | undefined } = {},
): RawBuilder<unknown> {
  const first = window.starts[0] ?? window.end;
  const starts = `{${window.starts.map((start) => start.toISOString()).join(',')}}`;
  return sql`
    judged AS (
      SELECT width_bucket(o.clock_start, ${starts}::timestamptz[]) AS week,
             o.standard, o.center_id, o.status, o.clock_start,
             ${discipline ? sql`o.discipline, o.served_discipline,` : sql``}
             o.due, o.first_at
      FROM request_outcomes o
      WHERE o.status <> 'cancelled'
        AND o.clock_start >= ${first}::timestamptz AND o.clock_start < ${window.end}::timestamptz
        ${center === undefined ? sql`` : sql`AND o.center_id = ${center}`}
    )`;
}

/** `met`, `referred`, `missed`, `pending` and `requests` over `judged` rows, as integers. */
export function outcomeCounts(asOf: Date): RawBuilder<unknown> {
  const inTime = sql`coalesce(first_at <= due, false)`;
  return sql`
    count(*)::int AS requests,
    count(*) FILTER (WHERE ${inTime})::int AS met,
    count(*) FILTER (WHERE NOT ${inTime} AND status = 'referred')::int AS referred,
    count(*) FILTER (WHERE NOT ${inTime} AND status <> 'referred'
                     AND due < ${asOf}::timestamptz)::int AS missed,
    count(*) FILTER (WHERE NOT ${inTime} AND status <> 'referred'
                     AND due >= ${asOf}::timestamptz)::int AS pending`;
}

/** The Monday (YYYY-MM-DD) a `week` number of `judged` stands for. */
export function mondayOf(window: WeekWindow, week: number): LocalDate {
  const monday = window.mondays[week - 1];
  if (monday === undefined) throw new Error(`week ${week} is outside the window`);
  return monday;
}
