/**
 * `GET /access/compliance?by=center|discipline`: per standard, per week of the window
 * (this week last) and per medical center or discipline, how many requests met their
 * deadline out of those judged — the access overview's compliance tiles and charts.
 *
 * Counts only, never a member (src/auth/policy.ts: AGGREGATES). Requests are judged as
 * `access-window.ts` says; `compliance` = met ÷ judged (met + referred + missed), null
 * while none is judged. A referral out of network fulfils the plan's duty (HSC §
 * 1374.72) but is not an in-network appointment in time, so it counts against the
 * share, as in the regulator's timely-access reports.
 *
 * - Medical center: the request's, the patient's home center that answers for the
 *   member's access (an appointment may be with a clinician of another center, by video).
 * - Discipline: the discipline of the clinician the request is booked with (its first
 *   live appointment), else the request's own `discipline` column (the discipline asked
 *   for), else "unassigned". The clinician who served is the fact a capacity question
 *   needs (which discipline's sessions ran short); a request still unbooked has only the
 *   discipline it asked for; and "unassigned" keeps every request in the totals, so
 *   the discipline view adds up to the same network figures as the center view.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { RouteOptions } from '../app.ts';
import { problemResponses } from '../problem.ts';
import {
  ACCESS_TIME_ZONE,
  judgedRequests,
  mondayOf,
  outcomeCounts,
  weeksParam,
  weekWindow,
} from './access-window.ts';

/** The group of requests that have no discipline from a clinician or their own column. */
export const UNASSIGNED = 'unassigned';

const querySchema = z.strictObject({
  by: z
    .enum(['center', 'discipline'])
    .default('center')
    .meta({ description: 'group by the medical center or by the discipline' }),
  weeks: weeksParam,
});

const count = z.number().int().min(0);

const rowSchema = z.object({
  weekStart: z.string().meta({ description: 'the Monday the week starts on (YYYY-MM-DD)' }),
  standard: z.string(),
  group: z.string().meta({ description: 'a medical center id, or a discipline' }),
  requests: count,
  met: count,
  referred: count,
  missed: count,
  pending: count,
  judged: count.meta({ description: 'met + referred + missed' }),
  compliance: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .meta({ description: 'met ÷ judged; null while none is judged' }),
});

const responseSchema = z
  .object({
    timeZone: z.string(),
    asOf: z.string(),
    by: z.enum(['center', 'discipline']),
    weeks: z.array(z.string()).meta({ description: 'the Mondays of the window, oldest first' }),
    groups: z
      .array(z.object({ id: z.string(), name: z.string() }))
      .meta({ description: 'the groups that have requests, by name' }),
    rows: z.array(rowSchema),
  })
  .meta({ id: 'ComplianceByGroup' });

interface GroupRow {
  week: number;
  standard: string;
  group_id: string;
  group_name: string;
  requests: number;
  met: number;
  referred: number;
  missed: number;
  pending: number;
}

export const accessComplianceRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/access/compliance',
    {
      schema: {
        tags: ['access'],
        summary: 'Compliance per standard and week, by medical center or discipline (counts only)',
        querystring: querySchema,
        response: { 200: responseSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const asOf = new Date();
      const { by, weeks } = request.query;
      const window = weekWindow(asOf, weeks);
      const group =
        by === 'center'
          ? sql`center_id`
          : sql`coalesce(served_discipline, discipline, ${UNASSIGNED})`;
      const { rows } = await sql<GroupRow>`
          WITH ${judgedRequests(window, { discipline: by === 'discipline' })},
          counted AS (
            SELECT week, standard, ${group} AS group_id, ${outcomeCounts(asOf)}
            FROM judged
            GROUP BY 1, 2, 3
          )
          SELECT counted.*, ${by === 'center' ? sql`coalesce(m.name, counted.group_id)` : sql`counted.group_id`} AS group_name
          FROM counted
          ${by === 'center' ? sql`LEFT JOIN medical_centers m ON m.id = counted.group_id` : sql``}
          ORDER BY week, standard, group_name, group_id
        `.execute(db);
      const groups = new Map<string, string>();
      for (const row of rows) groups.set(row.group_id, row.group_name);
      return {
        timeZone: ACCESS_TIME_ZONE,
        asOf: asOf.toISOString(),
        by,
        weeks: [...window.mondays],
        groups: [...groups]
          .map(([id, name]) => ({ id, name }))
          .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id, 'en')),
        rows: rows.map((row) => {
          const judged = row.met + row.referred + row.missed;
          return {
            weekStart: mondayOf(window, row.week),
            standard: row.standard,
            group: row.group_id,
            requests: row.requests,
            met: row.met,
            referred: row.referred,
            missed: row.missed,
            pending: row.pending,
            judged,
            compliance: judged === 0 ? null : row.met / judged,
          };
        }),
      };
    },
  );
};
