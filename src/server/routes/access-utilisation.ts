/**
 * `GET /access/utilisation?weeks=N&by=center|discipline[&center=…]`: per week of the
 * window (this week last) and per medical center or discipline (with `center`, of that
 * center's clinicians only: a drill-down), the session hours the templates
 * offered and how many were booked (completed, still booked or a no-show: all used),
 * the protected admin hours planned and delivered, per FTE against the contract, and
 * the headcount — the figures of issue 8's "clinician utilisation and admin hours
 * delivered against the template" (docs/utilisation.md).
 *
 * Counts only, never a member (src/auth/policy.ts: AGGREGATES). The figures come from
 * the `utilisation_weeks` rollup; the weeks asked for are made current first
 * (`refreshUtilisationWeeks`: a week never computed, or an open week the change log
 * says moved, is computed on the spot).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { CONTRACT } from '../../access/utilisation.ts';
import { refreshUtilisationWeeks } from '../../access/utilisation-rollup.ts';
import type { RouteOptions } from '../app.ts';
import { problemResponses } from '../problem.ts';
import { ACCESS_TIME_ZONE, DEFAULT_WEEKS, weekWindow } from './access-window.ts';

const querySchema = z.strictObject({
  by: z
    .enum(['center', 'discipline'])
    .default('center')
    .meta({ description: 'group by the medical center or by the discipline' }),
  center: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: "only this medical center's clinicians (its id)" }),
  weeks: z.coerce.number().int().min(1).max(53).default(DEFAULT_WEEKS).meta({
    description: 'this many weeks back, this week included (1 to 53)',
  }),
});

const hours = z.number().min(0);
const share = z.number().min(0).max(1).nullable();

const rowSchema = z.object({
  weekStart: z.string().meta({ description: 'the Monday the week starts on (YYYY-MM-DD)' }),
  group: z.string().meta({ description: 'a medical center id, or a discipline' }),
  clinicians: z.number().int().min(0).meta({
    description: 'headcount: active clinicians with a template in force that week',
  }),
  fte: z.number().min(0).meta({
    description: 'full-time equivalents: days of the five-day week their templates work ÷ 5',
  }),
  sessionHoursOffered: hours.meta({
    description: 'session slots in force, less those closed by holidays and time off',
  }),
  sessionHoursBooked: hours.meta({
    description: 'offered slots a live appointment uses: completed, booked or no-show',
  }),
  completedHours: hours,
  noShowHours: hours,
  utilisation: share.meta({ description: 'booked ÷ offered; null when nothing was offered' }),
  adminHoursPlanned: hours.meta({ description: "the templates' protected admin blocks" }),
  adminHoursClosed: hours.meta({ description: 'planned blocks on a holiday or under time off' }),
  adminHoursBooked: hours.meta({ description: 'other planned blocks a live appointment overlaps' }),
  adminHoursDelivered: hours.meta({ description: 'planned − closed − booked' }),
  adminHoursPlannedPerFte: hours.nullable(),
  adminHoursDeliveredPerFte: hours.nullable(),
});

const responseSchema = z
  .object({
    timeZone: z.string(),
    asOf: z.string(),
    by: z.enum(['center', 'discipline']),
    center: z.string().nullable().meta({ description: 'the center filtered on, if any' }),
    weeks: z.array(z.string()).meta({ description: 'the Mondays of the window, oldest first' }),
    contract: z.object({
      name: z.string(),
      adminHoursPerFteWeek: hours,
      fteWeekdays: z.number().int(),
    }),
    computed: z
      .array(z.object({ weekStart: z.string(), computedAt: z.string(), final: z.boolean() }))
      .meta({ description: 'when each week was computed; a final week is never recomputed' }),
    groups: z
      .array(z.object({ id: z.string(), name: z.string() }))
      .meta({ description: 'the groups that have clinicians in the window, by name' }),
    rows: z.array(rowSchema),
  })
  .meta({ id: 'UtilisationByGroup' });

interface GroupRow {
  week_start: string;
  group_id: string;
  group_name: string;
  clinicians: number;
  fte_days: number;
  offered: number;
  used: number;
  completed: number;
  no_show: number;
  admin_planned: number;
  admin_closed: number;
  admin_booked: number;
  admin_delivered: number;
}

const HOUR = 60;

export const accessUtilisationRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/access/utilisation',
    {
      schema: {
        tags: ['access'],
        summary:
          'Clinician utilisation and admin hours delivered against the template, per week (counts only)',
        querystring: querySchema,
        response: { 200: responseSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const asOf = new Date();
      const { by, center, weeks } = request.query;
      const window = weekWindow(asOf, weeks);
      const mondays = [...window.mondays];
      const computed = await refreshUtilisationWeeks(db, mondays, { now: asOf.getTime() });
      const group = by === 'center' ? sql`u.center_id` : sql`u.discipline`;
      const { rows } = await sql<GroupRow>`
        SELECT u.week_start, ${group} AS group_id,
               ${by === 'center' ? sql`coalesce(min(m.name), u.center_id)` : sql`u.discipline`} AS group_name,
               sum(u.clinicians)::int AS clinicians, sum(u.fte_days)::int AS fte_days,
               sum(u.offered_minutes)::int AS offered, sum(u.used_minutes)::int AS used,
               sum(u.completed_minutes)::int AS completed,
               sum(u.no_show_minutes)::int AS no_show,
               sum(u.admin_planned_minutes)::int AS admin_planned,
               sum(u.admin_closed_minutes)::int AS admin_closed,
               sum(u.admin_booked_minutes)::int AS admin_booked,
               sum(u.admin_delivered_minutes)::int AS admin_delivered
        FROM utilisation_weeks u
        ${by === 'center' ? sql`LEFT JOIN medical_centers m ON m.id = u.center_id` : sql``}
        WHERE u.week_start = ANY(${`{${mondays.join(',')}}`}::date[])
          ${center === undefined ? sql`` : sql`AND u.center_id = ${center}`}
        GROUP BY u.week_start, ${group}
        ORDER BY u.week_start, group_name, group_id
      `.execute(db);
      const groups = new Map<string, string>();
      for (const row of rows) groups.set(row.group_id, row.group_name);
      return {
        timeZone: ACCESS_TIME_ZONE,
        asOf: asOf.toISOString(),
        by,
        center: center ?? null,
        weeks: mondays,
        contract: { ...CONTRACT },
        computed: computed.map((c) => ({
          weekStart: c.weekStart,
          computedAt: c.computedAt.toISOString(),
          final: c.final,
        })),
        groups: [...groups]
          .map(([id, name]) => ({ id, name }))
          .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id, 'en')),
        rows: rows.map((row) => {
          const fte = row.fte_days / CONTRACT.fteWeekdays;
          // One division of whole numbers: 3.6 h over 0.6 FTE is exactly 6, not 6.000…01.
          const perFte = (minutes: number) =>
            row.fte_days === 0 ? null : (minutes * CONTRACT.fteWeekdays) / (row.fte_days * HOUR);
          return {
            weekStart: row.week_start,
            group: row.group_id,
            clinicians: row.clinicians,
            fte,
            sessionHoursOffered: row.offered / HOUR,
            sessionHoursBooked: row.used / HOUR,
            completedHours: row.completed / HOUR,
            noShowHours: row.no_show / HOUR,
            utilisation: row.offered === 0 ? null : row.used / row.offered,
            adminHoursPlanned: row.admin_planned / HOUR,
            adminHoursClosed: row.admin_closed / HOUR,
            adminHoursBooked: row.admin_booked / HOUR,
            adminHoursDelivered: row.admin_delivered / HOUR,
            adminHoursPlannedPerFte: perFte(row.admin_planned),
            adminHoursDeliveredPerFte: perFte(row.admin_delivered),
          };
        }),
      };
    },
  );
};
