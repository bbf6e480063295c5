/**
 * `GET /access/requests-by-week`: how the network's requests fared, per week and per
 * standard, over the last N weeks — the first figures of the web app's access overview.
 *
 * Counts only, never a member: an aggregate the compliance, regulator and planning roles
 * may read (src/auth/policy.ts). A request counts in the week its clock started
 * (Monday-based weeks in the plan's time zone) and is, as of now:
 * - `met`: an appointment booked for it (attended, missed by the member or still ahead;
 *   not cancelled) starts by its deadline — an extension's, when the treating provider
 *   recorded one (HSC § 1367.03(a)(5)(H));
 * - `referred`: sent out of network (HSC § 1374.72) without an in-time appointment;
 * - `missed`: neither, and the deadline has passed (a late appointment included);
 * - `pending`: neither, and the deadline is still ahead.
 * Cancelled requests are not counted.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { RouteOptions } from '../app.ts';
import { problemResponses } from '../problem.ts';

/** The demo's and the California plan's zone; weeks start on its Mondays. */
export const ACCESS_TIME_ZONE = 'America/Los_Angeles';

const weekRowSchema = z.object({
  weekStart: z.string().meta({ description: 'the Monday the week starts on (YYYY-MM-DD)' }),
  standard: z.string(),
  requests: z.number().int(),
  met: z.number().int(),
  missed: z.number().int(),
  referred: z.number().int(),
  pending: z.number().int(),
});

const responseSchema = z
  .object({
    timeZone: z.string(),
    asOf: z.string(),
    weeks: z.array(weekRowSchema),
  })
  .meta({ id: 'RequestsByWeek' });

const querySchema = z.strictObject({
  weeks: z.coerce
    .number()
    .int()
    .min(1)
    .max(53)
    .default(13)
    .meta({ description: 'how many weeks back, this week included (1 to 53)' }),
});

interface WeekRow {
  week_start: string;
  standard: string;
  requests: number;
  met: number;
  missed: number;
  referred: number;
  pending: number;
}

export const accessRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/access/requests-by-week',
    {
      schema: {
        tags: ['access'],
        summary: 'Requests per week and standard: met, missed, referred, pending (counts only)',
        querystring: querySchema,
        response: { 200: responseSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const asOf = new Date();
      const { rows } = await sql<WeekRow>`
        WITH bounds AS (
          SELECT (date_trunc('week', (${asOf}::timestamptz AT TIME ZONE ${ACCESS_TIME_ZONE}))
                  - make_interval(weeks => ${request.query.weeks - 1})) AS first_week
        ),
        judged AS (
          SELECT
            date_trunc('week', r.clock_start AT TIME ZONE ${ACCESS_TIME_ZONE})::date AS week_start,
            r.standard,
            r.status,
            coalesce(r.extension_deadline, r.deadline) AS due,
            EXISTS (
              SELECT 1 FROM appointments a
              WHERE a.patient_center_id = r.center_id AND a.request_id = r.id
                AND a.status <> 'cancelled'
                AND a.starts_at <= coalesce(r.extension_deadline, r.deadline)
            ) AS in_time
          FROM requests r, bounds
          WHERE r.status <> 'cancelled'
            AND r.clock_start >= (bounds.first_week AT TIME ZONE ${ACCESS_TIME_ZONE})
        )
        SELECT
          to_char(week_start, 'YYYY-MM-DD') AS week_start,
          standard,
          count(*)::int AS requests,
          count(*) FILTER (WHERE in_time)::int AS met,
          count(*) FILTER (WHERE NOT in_time AND status = 'referred')::int AS referred,
          count(*) FILTER (WHERE NOT in_time AND status <> 'referred'
                           AND due < ${asOf}::timestamptz)::int AS missed,
          count(*) FILTER (WHERE NOT in_time AND status <> 'referred'
                           AND due >= ${asOf}::timestamptz)::int AS pending
        FROM judged
        GROUP BY week_start, standard
        ORDER BY week_start, standard
      `.execute(db);
      return {
        timeZone: ACCESS_TIME_ZONE,
        asOf: asOf.toISOString(),
        weeks: rows.map((row) => ({
          weekStart: row.week_start,
          standard: row.standard,
          requests: row.requests,
          met: row.met,
          missed: row.missed,
          referred: row.referred,
          pending: row.pending,
        })),
      };
    },
  );
};
