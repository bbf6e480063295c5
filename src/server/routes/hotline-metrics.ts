/**
 * `GET /hotline/metrics?weeks=N[&center=…]`: the hotline in counts, naming no one —
 * what the compliance overview's card and the regulator read.
 *
 * - `openByAge`: cases open or investigating now, by time since the call
 *   (src/hotline/age-bands.ts) and urgency, with how many of them are past due.
 * - `weekly`: the cases received in each week of the window (Monday-based, in the
 *   plan's zone, as the access overview's weeks) and how they stand against their clock:
 *   resolved or closed by the due instant (`inTime`), after it (`late`), still open past
 *   it (`overdue`), still open within it (`running`). `shareInTime` = inTime ÷ (inTime +
 *   late + overdue): the cases whose outcome against the clock is known; null while
 *   none is. A reopened case counts by where it stands now.
 * - `categories`: cases received per week and category (weeks with none left out).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { AGE_BANDS } from '../../hotline/age-bands.ts';
import { CASE_CATEGORIES } from '../../hotline/case-codes.ts';
import type { RouteOptions } from '../app.ts';
import { idSchema } from '../fields.ts';
import { problemResponses } from '../problem.ts';
import { ACCESS_TIME_ZONE, mondayOf, weekWindow } from './access-window.ts';

const querySchema = z.strictObject({
  weeks: z.coerce
    .number()
    .int()
    .min(1)
    .max(53)
    .default(13)
    .meta({ description: 'cases received this many weeks back, this week included (1 to 53)' }),
  center: idSchema.optional().meta({ description: "one medical center's cases" }),
});

const count = z.number().int().min(0);

const responseSchema = z
  .object({
    timeZone: z.string(),
    asOf: z.string(),
    weeks: z.array(z.string()).meta({ description: 'the Mondays of the window, oldest first' }),
    openByAge: z.array(
      z.object({
        band: z.string(),
        label: z.string(),
        urgent: count,
        standard: count,
        overdue: count.meta({ description: 'of them, past their due instant' }),
      }),
    ),
    weekly: z.array(
      z.object({
        weekStart: z.string(),
        received: count,
        inTime: count,
        late: count,
        overdue: count,
        running: count,
        shareInTime: z.number().min(0).max(1).nullable(),
      }),
    ),
    categories: z.array(
      z.object({ weekStart: z.string(), category: z.enum(CASE_CATEGORIES), cases: count }),
    ),
  })
  .meta({ id: 'HotlineMetrics' });

interface AgeRow {
  band: number;
  urgency: 'urgent' | 'standard';
  cases: number;
  overdue: number;
}

interface WeekRow {
  week: number;
  received: number;
  in_time: number;
  late: number;
  overdue: number;
  running: number;
}

interface CategoryRow {
  week: number;
  category: (typeof CASE_CATEGORIES)[number];
  cases: number;
}

export const hotlineMetricRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/hotline/metrics',
    {
      schema: {
        tags: ['hotline'],
        summary: 'Hotline cases in counts: open by age, resolved in time and categories per week',
        querystring: querySchema,
        response: { 200: responseSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const asOf = new Date();
      const { weeks, center } = request.query;
      const window = weekWindow(asOf, weeks);
      const inCenter = center === undefined ? sql`` : sql`AND center_id = ${center}`;
      // width_bucket over the bands' lower bounds: 1 for the first band, 0 below it (a
      // call logged a moment ahead), which counts as the first band too.
      const bounds = `{${AGE_BANDS.map((band) => band.fromMs).join(',')}}`;
      const ages = await sql<AgeRow>`
        SELECT greatest(1, width_bucket(
                 (extract(epoch FROM (${asOf}::timestamptz - received_at)) * 1000)::float8,
                 ${bounds}::float8[])) AS band,
               urgency, count(*)::int AS cases,
               count(*) FILTER (WHERE due_at < ${asOf}::timestamptz)::int AS overdue
        FROM complaints
        WHERE NOT settled ${inCenter}
        GROUP BY 1, 2`.execute(db);

      const starts = `{${window.starts.map((start) => start.toISOString()).join(',')}}`;
      const received = sql`
        SELECT width_bucket(received_at, ${starts}::timestamptz[]) AS week, *
        FROM complaints
        WHERE received_at >= ${window.starts[0] ?? window.end}::timestamptz
          AND received_at < ${window.end}::timestamptz ${inCenter}`;
      const perWeek = await sql<WeekRow>`
        SELECT week, count(*)::int AS received,
               count(*) FILTER (WHERE settled AND resolved_at <= due_at)::int AS in_time,
               count(*) FILTER (WHERE settled AND resolved_at > due_at)::int AS late,
               count(*) FILTER (WHERE NOT settled AND due_at < ${asOf}::timestamptz)::int AS overdue,
               count(*) FILTER (WHERE NOT settled AND due_at >= ${asOf}::timestamptz)::int AS running
        FROM (${received}) r
        GROUP BY week`.execute(db);
      const perCategory = await sql<CategoryRow>`
        SELECT week, category, count(*)::int AS cases
        FROM (${received}) r
        GROUP BY week, category
        ORDER BY week, category`.execute(db);

      const weekRows = new Map(perWeek.rows.map((row) => [row.week, row]));
      return {
        timeZone: ACCESS_TIME_ZONE,
        asOf: asOf.toISOString(),
        weeks: [...window.mondays],
        openByAge: AGE_BANDS.map((band, index) => {
          const rows = ages.rows.filter((row) => row.band === index + 1);
          const of = (urgency: AgeRow['urgency']) =>
            rows.find((row) => row.urgency === urgency)?.cases ?? 0;
          return {
            band: band.id,
            label: band.label,
            urgent: of('urgent'),
            standard: of('standard'),
            overdue: rows.reduce((sum, row) => sum + row.overdue, 0),
          };
        }),
        weekly: window.mondays.map((monday, index) => {
          const row = weekRows.get(index + 1);
          const inTime = row?.in_time ?? 0;
          const decided = inTime + (row?.late ?? 0) + (row?.overdue ?? 0);
          return {
            weekStart: monday,
            received: row?.received ?? 0,
            inTime,
            late: row?.late ?? 0,
            overdue: row?.overdue ?? 0,
            running: row?.running ?? 0,
            shareInTime: decided === 0 ? null : inTime / decided,
          };
        }),
        categories: perCategory.rows.map((row) => ({
          weekStart: mondayOf(window, row.week),
          category: row.category,
          cases: row.cases,
        })),
      };
    },
  );
};
