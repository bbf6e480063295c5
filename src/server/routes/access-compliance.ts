/**
 * `GET /access/compliance?by=center|discipline|language|type[&center=…][&format=csv]`:
 * per standard, per week of the window (this week last) and per medical center,
 * discipline, language or request type, how many requests met their deadline out of
 * those judged, were referred out, and of the follow-ups how many stayed with the
 * member's own clinician — the access overview's tiles and charts, and with `center`
 * a center's drill-down. Read from the rollup (`access-rollup.ts`), never per request.
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
 * - Language: the member's language on the request; type: the request's type.
 * - Continuity: of the follow-ups that named the member's own clinician, how many were
 *   first seen by that clinician (SPEC: follow-ups stay with their clinician).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../app.ts';
import { problemResponses } from '../problem.ts';
import {
  centerFilterParam,
  ROLLUP_GROUPS,
  type RollupRow,
  rollupCounts,
  rollupGroupParam,
} from './access-rollup.ts';
import { ACCESS_TIME_ZONE, weeksParam, weekWindow } from './access-window.ts';
import { csvOf, formatParam, sendCsv } from './csv-reply.ts';

export { UNASSIGNED } from './access-rollup.ts';

const querySchema = z.strictObject({
  by: rollupGroupParam,
  center: centerFilterParam,
  weeks: weeksParam,
  format: formatParam,
});

const count = z.number().int().min(0);

const rowSchema = z.object({
  weekStart: z.string().meta({ description: 'the Monday the week starts on (YYYY-MM-DD)' }),
  standard: z.string(),
  group: z.string().meta({ description: 'a medical center id, discipline, language or type' }),
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
  followups: count.meta({ description: "follow-ups that named the member's own clinician" }),
  continuityKept: count.meta({ description: 'of those, first seen by that clinician' }),
});

const responseSchema = z
  .object({
    timeZone: z.string(),
    asOf: z.string(),
    by: z.enum(ROLLUP_GROUPS),
    center: z.string().nullable().meta({ description: 'the center filtered on, if any' }),
    weeks: z.array(z.string()).meta({ description: 'the Mondays of the window, oldest first' }),
    groups: z
      .array(z.object({ id: z.string(), name: z.string() }))
      .meta({ description: 'the groups that have requests, by name' }),
    rows: z.array(rowSchema),
  })
  .meta({ id: 'ComplianceByGroup' });

export type ComplianceRow = z.infer<typeof rowSchema>;

const CSV_COLUMNS = [
  'week_start',
  'standard',
  'group',
  'group_name',
  'requests',
  'met',
  'referred',
  'missed',
  'pending',
  'judged',
  'compliance',
  'followups',
  'continuity_kept',
] as const;

function complianceRow(row: RollupRow): ComplianceRow {
  const judged = row.met + row.referred + row.missed;
  return {
    weekStart: row.week,
    standard: row.standard,
    group: row.group_id,
    requests: row.requests,
    met: row.met,
    referred: row.referred,
    missed: row.missed,
    pending: row.pending,
    judged,
    compliance: judged === 0 ? null : row.met / judged,
    followups: row.followups,
    continuityKept: row.continuity,
  };
}

export const accessComplianceRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/access/compliance',
    {
      schema: {
        tags: ['access'],
        summary:
          'Compliance per standard and week, by medical center, discipline, language or type (counts only)',
        querystring: querySchema,
        response: { 200: responseSchema, ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const asOf = new Date();
      const { by, center, weeks, format } = request.query;
      const window = weekWindow(asOf, weeks);
      const [counted, centers] = await Promise.all([
        rollupCounts(window, { group: by, center }).execute(db),
        by === 'center'
          ? db.selectFrom('medical_centers').select(['id', 'name']).execute()
          : Promise.resolve([]),
      ]);
      const names = new Map(centers.map((c) => [c.id, c.name]));
      const nameOf = (id: string) => names.get(id) ?? id;
      const rows = counted.rows.map(complianceRow);
      if (format === 'csv') {
        const text = csvOf(
          CSV_COLUMNS,
          rows.map((row) => [
            row.weekStart,
            row.standard,
            row.group,
            nameOf(row.group),
            row.requests,
            row.met,
            row.referred,
            row.missed,
            row.pending,
            row.judged,
            row.compliance,
            row.followups,
            row.continuityKept,
          ]),
        );
        return sendCsv(reply, `compliance-by-${by}${center ? `-${center}` : ''}.csv`, text);
      }
      const groups = [...new Set(rows.map((row) => row.group))]
        .map((id) => ({ id, name: nameOf(id) }))
        .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id, 'en'));
      // Rows by week, standard, then the group's name, as the tables show them.
      const rank = new Map(groups.map((group, i) => [group.id, i]));
      rows.sort(
        (a, b) =>
          a.weekStart.localeCompare(b.weekStart) ||
          a.standard.localeCompare(b.standard) ||
          (rank.get(a.group) ?? 0) - (rank.get(b.group) ?? 0),
      );
      return {
        timeZone: ACCESS_TIME_ZONE,
        asOf: asOf.toISOString(),
        by,
        center: center ?? null,
        weeks: [...window.mondays],
        groups,
        rows,
      };
    },
  );
};
