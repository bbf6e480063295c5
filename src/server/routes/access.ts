/**
 * `GET /access/requests-by-week`: how the network's requests fared, per week and per
 * standard, over the last N weeks — the first figures of the web app's access overview.
 *
 * Counts only, never a member: an aggregate the compliance, regulator and planning roles
 * may read (src/auth/policy.ts). A request counts in the week its clock started
 * (Monday-based weeks in the plan's time zone) and is, as of now, met, referred, missed
 * or pending as `access-window.ts` judges it (read from the rollup: `access-rollup.ts`).
 * Cancelled requests are not counted. `center` narrows it to one medical center.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../app.ts';
import { problemResponses } from '../problem.ts';
import { centerFilterParam, rollupCounts } from './access-rollup.ts';
import { ACCESS_TIME_ZONE, weeksParam, weekWindow } from './access-window.ts';

export { ACCESS_TIME_ZONE };

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
  weeks: weeksParam,
  center: centerFilterParam,
});

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
      const window = weekWindow(asOf, request.query.weeks);
      const { rows } = await rollupCounts(window, {
        group: null,
        center: request.query.center,
      }).execute(db);
      return {
        timeZone: ACCESS_TIME_ZONE,
        asOf: asOf.toISOString(),
        weeks: rows.map((row) => ({
          weekStart: row.week,
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
