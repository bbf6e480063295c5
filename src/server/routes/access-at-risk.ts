/**
 * `GET /access/at-risk?days=3`: the requests to book first — waiting (open or
 * waitlisted), with no fitting booking (no live appointment at or before the deadline
 * in force), whose deadline falls within `days` business days: by the end of the
 * `days`th business day after today in the plan's calendar (0: today), the same cut-off
 * as the overview's at-risk count (`/access/open-requests?atRiskDays=`). Requests whose
 * deadline has already passed and that still wait are listed too, first, flagged
 * `overdue`. Earliest deadline first; `?format=csv` for every row as a file.
 *
 * A row is enough to act on: its center and id open the engine's options at
 * `GET /requests/{centerId}/{id}/availability` and book at
 * `POST /requests/{centerId}/{id}/book` (for the roles that book). It names a member's
 * request, so each row shown is an audited read; the member's name is not in it.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { REQUEST_TYPES } from '../../db/schema.ts';
import { californiaStandards } from '../../engine/rules/standards.ts';
import {
  businessDaysLeft,
  csvOf,
  formatParam,
  iso,
  pageable,
  readEveryRow,
  requestRead,
  sendCsv,
} from '../access-lists.ts';
import type { RouteOptions } from '../app.ts';
import { recordAudit } from '../audit.ts';
import { idSchema, instantSchema } from '../fields.ts';
import { pageQueryFields, pageSchema, readPage } from '../pagination.ts';
import { problemResponses } from '../problem.ts';
import { atRiskCutoff } from './access-open-requests.ts';
import { ACCESS_TIME_ZONE } from './access-window.ts';

const WAITING = ['open', 'waitlisted'] as const;
const standardIds = californiaStandards.ids() as [string, ...string[]];

const querySchema = z.strictObject({
  days: z.coerce.number().int().min(0).max(30).default(3).meta({
    description:
      'at risk: the deadline falls by the end of this many business days after today (0: today; 0 to 30)',
  }),
  center: idSchema.optional().meta({ description: "the member's home center" }),
  standard: z.enum(standardIds).optional(),
  type: z.enum(REQUEST_TYPES).optional(),
  format: formatParam,
  ...pageQueryFields,
});

const itemSchema = z
  .object({
    centerId: idSchema.meta({ description: "the member's home center, which owns the request" }),
    id: idSchema,
    type: z.enum(REQUEST_TYPES),
    standard: z.string(),
    status: z.enum(WAITING),
    clockStart: instantSchema,
    deadline: instantSchema.meta({
      description: "the deadline in force: the extension's when recorded, else the standard's",
    }),
    standardDeadline: instantSchema,
    extensionDeadline: instantSchema.nullable(),
    businessDaysLeft: z
      .number()
      .int()
      .meta({
        description:
          'the deadline falls by the end of this many business days after today (0: today); ' +
          'negative when overdue: business days since the deadline',
      }),
    overdue: z
      .boolean()
      .meta({ description: 'the deadline has passed and the request still waits' }),
  })
  .meta({ id: 'AtRiskRequest' });

type Item = z.infer<typeof itemSchema>;

const COLUMNS = [
  'centerId',
  'id',
  'type',
  'standard',
  'status',
  'clockStart',
  'deadline',
  'standardDeadline',
  'extensionDeadline',
  'businessDaysLeft',
  'overdue',
] as const satisfies readonly (keyof Item)[];

const responseSchema = pageSchema(itemSchema)
  .extend({
    asOf: instantSchema,
    timeZone: z.string(),
    days: z.number().int(),
    atRiskBefore: instantSchema.meta({
      description: 'listed: a deadline before this instant (overdue ones included)',
    }),
  })
  .meta({ id: 'AtRiskList' });

/** Earliest deadline in force first, then the request's key: a total order to page on. */
const SORT = { columns: { due: 'l.due' }, key: ['l.center_id', 'l.id'] };

export const accessAtRiskRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/access/at-risk',
    {
      schema: {
        tags: ['access'],
        summary: 'Requests at risk of missing their deadline, and overdue ones still waiting',
        description:
          'Open or waitlisted requests with no live appointment by the deadline in force, ' +
          'whose deadline falls within `days` business days (overdue ones included and ' +
          'flagged), earliest deadline first. Each row read is audited. `format=csv` ' +
          'answers every row as text/csv.',
        querystring: querySchema,
        response: { 200: responseSchema, ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const asOf = new Date();
      const { days, center, standard, type, format, limit, cursor } = request.query;
      const cutoff = atRiskCutoff(asOf, days);
      const due = sql<Date>`coalesce(r.extension_deadline, r.deadline)`;

      let waiting = db
        .selectFrom('requests as r')
        .select([
          'r.center_id',
          'r.id',
          'r.patient_id',
          'r.type',
          'r.standard',
          'r.status',
          'r.clock_start',
          'r.deadline',
          'r.extension_deadline',
          due.as('due'),
        ])
        .where('r.status', 'in', WAITING)
        .where(due, '<', cutoff)
        // No fitting booking: nothing live (booked, attended, or missed by the member)
        // starts by the deadline in force.
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('appointments as a')
                .select('a.id')
                .whereRef('a.patient_center_id', '=', 'r.center_id')
                .whereRef('a.request_id', '=', 'r.id')
                .where('a.status', '<>', 'cancelled')
                .where('a.starts_at', '<=', due),
            ),
          ),
        );
      if (center !== undefined) waiting = waiting.where('r.center_id', '=', center);
      if (standard !== undefined) waiting = waiting.where('r.standard', '=', standard);
      if (type !== undefined) waiting = waiting.where('r.type', '=', type);
      const query = pageable(db.selectFrom(waiting.as('l')).selectAll());
      // The cut-off moves with the clock; the filters that choose the rows do not.
      const filters = { days, center, standard, type };

      const rows =
        format === 'csv'
          ? await readEveryRow(query, SORT, { sort: 'due', filters })
          : await readPage(query, SORT, { sort: 'due', limit, cursor, filters });
      const list = Array.isArray(rows) ? rows : rows.items;
      const items: Item[] = list.map((row) => ({
        centerId: row.center_id,
        id: row.id,
        type: row.type,
        standard: row.standard,
        status: row.status as Item['status'],
        clockStart: row.clock_start.toISOString(),
        deadline: row.due.toISOString(),
        standardDeadline: row.deadline.toISOString(),
        extensionDeadline: iso(row.extension_deadline),
        businessDaysLeft: businessDaysLeft(asOf, row.due),
        overdue: row.due.getTime() < asOf.getTime(),
      }));
      await recordAudit(
        db,
        request,
        list.map((row) => requestRead(row, 'at-risk', format)),
      );
      if (format === 'csv') return sendCsv(reply, 'at-risk.csv', csvOf(COLUMNS, items));
      return {
        asOf: asOf.toISOString(),
        timeZone: ACCESS_TIME_ZONE,
        days,
        atRiskBefore: cutoff.toISOString(),
        items,
        nextCursor: Array.isArray(rows) ? null : rows.nextCursor,
      };
    },
  );
};
