/**
 * `GET /access/open-requests?atRiskDays=2`: the requests waiting for an appointment
 * now, per medical center and standard — counts only, never a member.
 *
 * A request is waiting when the booking service has not placed it (status `open` or
 * `waitlisted`: not booked, not referred out, not cancelled) and it holds no live
 * appointment. Of those:
 * - `open`: the deadline (an extension's, when recorded) is still ahead;
 * - `atRisk`: open, and the deadline falls by the end of the `atRiskDays`th business
 *   day after today in the plan's calendar (0: today) — the ones to book first;
 * - `missed`: the deadline has passed and the member is still waiting. These are the
 *   breaches to act on now, however old; requests that missed and were seen late are in
 *   the weekly figures (`/access/requests-by-week`), not here.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { BusinessCalendar, CALIFORNIA } from '../../engine/rules/calendar.ts';
import { addDays, instantFromEpochMs, localDayOf, startOfLocalDay } from '../../engine/time.ts';
import type { RouteOptions } from '../app.ts';
import { problemResponses } from '../problem.ts';
import { ACCESS_TIME_ZONE } from './access-window.ts';

const CALENDAR = new BusinessCalendar(CALIFORNIA);

const querySchema = z.strictObject({
  atRiskDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(30)
    .default(2)
    .meta({ description: 'at risk: the deadline falls within this many business days (0 to 30)' }),
});

const count = z.number().int().min(0);

const responseSchema = z
  .object({
    timeZone: z.string(),
    asOf: z.string(),
    atRiskDays: z.number().int(),
    atRiskBefore: z.string().meta({ description: 'at risk: an open deadline before this instant' }),
    centers: z
      .array(z.object({ id: z.string(), name: z.string() }))
      .meta({ description: 'every medical center, by name' }),
    rows: z
      .array(
        z.object({
          center: z.string(),
          standard: z.string(),
          open: count,
          atRisk: count.meta({ description: 'of the open ones' }),
          missed: count.meta({ description: 'deadline passed, still waiting' }),
        }),
      )
      .meta({ description: 'center × standard pairs with a waiting request' }),
  })
  .meta({ id: 'OpenRequests' });

interface CountRow {
  center_id: string;
  standard: string;
  open: number;
  at_risk: number;
  missed: number;
}

/** The first instant after the `days`th business day after `asOf`'s day, in the plan's zone. */
export function atRiskCutoff(asOf: Date, days: number): Date {
  const today = localDayOf(instantFromEpochMs(asOf.getTime()), ACCESS_TIME_ZONE);
  const lastDay = CALENDAR.addBusinessDays(today, days);
  return new Date(startOfLocalDay(addDays(lastDay, 1), ACCESS_TIME_ZONE));
}

export const accessOpenRequestRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/access/open-requests',
    {
      schema: {
        tags: ['access'],
        summary:
          'Requests waiting now, per center and standard: open, at risk, missed (counts only)',
        querystring: querySchema,
        response: { 200: responseSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const asOf = new Date();
      const { atRiskDays } = request.query;
      const cutoff = atRiskCutoff(asOf, atRiskDays);
      const { rows } = await sql<CountRow>`
        WITH waiting AS (
          SELECT r.center_id, r.standard, coalesce(r.extension_deadline, r.deadline) AS due
          FROM requests r
          WHERE r.status IN ('open', 'waitlisted')
            AND NOT EXISTS (
              SELECT 1 FROM appointments a
              WHERE a.patient_center_id = r.center_id AND a.request_id = r.id
                AND a.status <> 'cancelled'
            )
        )
        SELECT center_id, standard,
          count(*) FILTER (WHERE due >= ${asOf}::timestamptz)::int AS open,
          count(*) FILTER (WHERE due >= ${asOf}::timestamptz
                           AND due < ${cutoff}::timestamptz)::int AS at_risk,
          count(*) FILTER (WHERE due < ${asOf}::timestamptz)::int AS missed
        FROM waiting
        GROUP BY center_id, standard
        ORDER BY center_id, standard
      `.execute(db);
      const centers = await db
        .selectFrom('medical_centers')
        .select(['id', 'name'])
        .orderBy('name')
        .orderBy('id')
        .execute();
      return {
        timeZone: ACCESS_TIME_ZONE,
        asOf: asOf.toISOString(),
        atRiskDays,
        atRiskBefore: cutoff.toISOString(),
        centers,
        rows: rows.map((row) => ({
          center: row.center_id,
          standard: row.standard,
          open: row.open,
          atRisk: row.at_risk,
          missed: row.missed,
        })),
      };
    },
  );
};
