/**
 * `GET /access/wait-times`: how long members waited from the clock's start to their
 * first live appointment, per standard, over the window's requests — as histogram
 * buckets with the 50th, 90th and 99th percentiles. Counts only, never a member.
 *
 * Each standard's wait is measured in the unit its limit counts (src/engine/rules/
 * standards.ts), so a bar can be read against the limit:
 * - business days for the non-urgent standards (10 or 15 business days): the business
 *   days after the day the clock started, up to and including the appointment's day, in
 *   the plan's calendar (weekends and California's holidays: the engine's
 *   `BusinessCalendar`, the same one that set the deadline). An appointment the day
 *   the clock started waited 0; one on the 10th business day after waited 10 and met a
 *   10-business-day standard. Calendar days would make a wait over a long weekend look
 *   late when the law does not count it so.
 * - hours (urgent, 48 or 96 hours) and minutes (telephone triage, 30): elapsed time,
 *   to the minute, as those limits run around the clock.
 * Requests still without an appointment (waiting, or referred out) have no wait yet
 * and are not in the distribution; `appointed` says how many are.
 *
 * Each request's wait is computed once, when its first appointment is stored, and
 * counted in `access_wait_rollup` (migration 0012, with the same calendar): the route
 * reads a histogram, not the window's requests.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { californiaStandards } from '../../engine/rules/standards.ts';
import type { RouteOptions } from '../app.ts';
import { problemResponses } from '../problem.ts';
import { centerFilterParam } from './access-rollup.ts';
import { ACCESS_TIME_ZONE, weeksParam, weekWindow } from './access-window.ts';
import { distributionOf, type Frequency } from './wait-histogram.ts';

const querySchema = z.strictObject({
  weeks: weeksParam,
  center: centerFilterParam,
});

const count = z.number().int().min(0);
const wait = z.number().nullable();

const standardSchema = z.object({
  standard: z.string(),
  unit: z.enum(['business-days', 'hours', 'minutes']),
  limit: z.number().meta({ description: "the standard's limit, in `unit`" }),
  appointed: count.meta({
    description: 'requests with an appointment: the distribution counts these',
  }),
  withinLimit: count.meta({ description: 'of those, how many waited no longer than the limit' }),
  p50: wait,
  p90: wait,
  p99: wait,
  buckets: z.array(
    z.object({
      from: z.number(),
      to: z.number().nullable().meta({ description: 'exclusive; null: from and over' }),
      count,
    }),
  ),
});

const responseSchema = z
  .object({
    timeZone: z.string(),
    asOf: z.string(),
    weeks: z.array(z.string()).meta({ description: 'the Mondays of the window, oldest first' }),
    standards: z.array(standardSchema),
  })
  .meta({ id: 'WaitTimes' });

interface FrequencyRow {
  standard: string;
  wait: number;
  count: number;
}

export const accessWaitTimeRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/access/wait-times',
    {
      schema: {
        tags: ['access'],
        summary: 'Wait from clock start to first appointment, per standard: histogram, p50/p90/p99',
        querystring: querySchema,
        response: { 200: responseSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const asOf = new Date();
      const window = weekWindow(asOf, request.query.weeks);
      const first = window.mondays[0] ?? '';
      const last = window.mondays[window.mondays.length - 1] ?? '';
      const { center } = request.query;
      const inWindow = sql`week BETWEEN ${first}::date AND ${last}::date
        ${center === undefined ? sql`` : sql`AND center_id = ${center}`}`;
      // The rollup's folded rows and the deltas not yet folded (migration 0012).
      const { rows } = await sql<FrequencyRow>`
          SELECT standard, wait, sum(requests)::int AS count
          FROM (
            SELECT standard, wait, requests FROM access_wait_rollup WHERE ${inWindow}
            UNION ALL
            SELECT standard, wait, requests FROM access_wait_deltas WHERE ${inWindow}
          ) AS cells
          GROUP BY standard, wait
          HAVING sum(requests) > 0
        `.execute(db);
      const byStandard = new Map<string, Frequency[]>();
      for (const row of rows) {
        const list = byStandard.get(row.standard) ?? [];
        list.push({ wait: row.wait, count: row.count });
        byStandard.set(row.standard, list);
      }
      // In the table's order; a standard the table does not know (none can be stored
      // through the API) has no unit to measure in and is left out.
      const standards = californiaStandards.standards.flatMap((standard) => {
        const frequencies = byStandard.get(standard.id);
        if (frequencies === undefined) return [];
        const { unit, amount } = standard.limit;
        // Minutes from the database; an hour standard reads them as hours.
        const inUnit =
          unit === 'hours'
            ? frequencies.map((f) => ({ wait: f.wait / 60, count: f.count }))
            : frequencies;
        return [
          { standard: standard.id, unit, limit: amount, ...distributionOf(inUnit, standard.limit) },
        ];
      });
      return {
        timeZone: ACCESS_TIME_ZONE,
        asOf: asOf.toISOString(),
        weeks: [...window.mondays],
        standards,
      };
    },
  );
};
