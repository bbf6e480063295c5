/**
 * `GET /access/breaches?from=&to=&center=&standard=&cause=`: who was not seen in time,
 * and why. A request is listed when its standard's deadline has passed with no visit by
 * it (a visit: an appointment booked or attended; a no-show or a cancelled one is not),
 * unless it was referred out of network (HSC § 1374.72: the overview counts those as
 * `referred`, not missed). Its cause, the first that applies:
 *
 * 1. `extension-recorded`: the treating provider recorded a longer deadline
 *    (HSC § 1367.03(a)(5)(H)) and that one is met (a visit by it) or still ahead. The
 *    standard's deadline passed, as the law allows. Listed at the standard's deadline.
 * 2. Otherwise the deadline in force (the extension's, when recorded) passed without a
 *    visit; listed at that deadline, with the cause
 *    - `patient-declined`: the member cancelled an appointment that started by it
 *      (`appointments.cancelled_by = 'member'`, migration 0011);
 *    - `no-show`: the member missed one that started by it. The overview counts it as
 *      met — the plan offered a visit in time (access-window.ts) — but the member was
 *      not seen;
 *    - `no-capacity`: nothing in time was attended, declined or missed: the plan did not
 *      place the member in time. These are the true breaches; on requests not cancelled
 *      they are the overview's `missed` less the member-declined ones.
 *
 * A cancelled request is listed only as `patient-declined` (the member's cancellation
 * ended it); any other cancellation withdrew the request, which the overview does not
 * count either. A cancellation with no `cancelled_by` (before migration 0011, or a
 * reschedule) is read as the plan's: an unknown cancellation never excuses a breach.
 *
 * `from`/`to` are days in the plan's zone and choose rows by the deadline they are
 * listed at; `totals` counts every cause under the other filters (the cause filter
 * aside), so the page can show the split while one cause is listed.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { REQUEST_STATUSES, REQUEST_TYPES } from '../../db/schema.ts';
import { californiaStandards } from '../../engine/rules/standards.ts';
import {
  addDays,
  dayNumberOfDate,
  instantFromEpochMs,
  localDateOfDay,
  localDayOf,
  parseLocalDate,
  startOfLocalDay,
} from '../../engine/time.ts';
import {
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
import { idSchema, instantSchema, localDateSchema } from '../fields.ts';
import { pageQueryFields, pageSchema, readPage } from '../pagination.ts';
import { fieldProblem, problemResponses } from '../problem.ts';
import { ACCESS_TIME_ZONE } from './access-window.ts';

/** In the order they are decided: the first that applies is the row's cause. */
export const BREACH_CAUSES = [
  'extension-recorded',
  'patient-declined',
  'no-show',
  'no-capacity',
] as const;
type Cause = (typeof BREACH_CAUSES)[number];

/** Days back the list looks when `from` is not given: 13 weeks, as the overview. */
const DEFAULT_DAYS_BACK = 90;
/** The longest window one call may ask for. */
const MAX_WINDOW_DAYS = 366;

const standardIds = californiaStandards.ids() as [string, ...string[]];

const querySchema = z.strictObject({
  from: localDateSchema.optional().meta({
    description: `first day (plan's zone) of the deadlines listed; default ${DEFAULT_DAYS_BACK} days before \`to\``,
  }),
  to: localDateSchema.optional().meta({
    description: "last day (plan's zone, included) of the deadlines listed; default today",
  }),
  center: idSchema.optional().meta({ description: "the member's home center" }),
  standard: z.enum(standardIds).optional(),
  cause: z.enum(BREACH_CAUSES).optional(),
  format: formatParam,
  ...pageQueryFields,
});

const itemSchema = z
  .object({
    centerId: idSchema.meta({ description: "the member's home center, which owns the request" }),
    id: idSchema,
    type: z.enum(REQUEST_TYPES),
    standard: z.string(),
    status: z.enum(REQUEST_STATUSES),
    clockStart: instantSchema,
    deadline: instantSchema.meta({
      description:
        "the deadline that passed unmet: the standard's for extension-recorded, else the one in force",
    }),
    standardDeadline: instantSchema,
    extensionDeadline: instantSchema.nullable(),
    cause: z.enum(BREACH_CAUSES),
    firstVisit: instantSchema
      .nullable()
      .meta({ description: 'the first appointment booked or attended, however late; null: none' }),
  })
  .meta({ id: 'Breach' });

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
  'cause',
  'firstVisit',
] as const satisfies readonly (keyof Item)[];

const count = z.number().int().min(0);

const responseSchema = pageSchema(itemSchema)
  .extend({
    asOf: instantSchema,
    timeZone: z.string(),
    from: localDateSchema,
    to: localDateSchema,
    totals: z
      .object(
        Object.fromEntries(BREACH_CAUSES.map((cause) => [cause, count])) as Record<
          Cause,
          typeof count
        >,
      )
      .extend({ all: count })
      .meta({ description: 'rows per cause under the other filters (the cause filter aside)' }),
  })
  .meta({ id: 'BreachList' });

/** The deadline each row is listed at first, then the request's key. */
const SORT = { columns: { deadline: 'b.missed_at' }, key: ['b.center_id', 'b.id'] };

interface BreachRow {
  center_id: string;
  id: string;
  patient_id: string;
  type: Item['type'];
  standard: string;
  status: Item['status'];
  clock_start: Date;
  deadline: Date;
  extension_deadline: Date | null;
  first_visit: Date | null;
  cause: Cause;
  missed_at: Date;
}

interface Window {
  readonly asOf: Date;
  readonly from: Date;
  /** The instant after the last day. */
  readonly to: Date;
}

/**
 * The breach rows of the window, as a derived table: each request whose standard's
 * deadline passed before `to` without a visit by it, with its cause and the deadline it
 * is listed at. The facts of its appointments (first visit, first cancellation by the
 * member, first no-show) are kept in `request_outcomes` by triggers (migration 0012),
 * and a partial index holds only the requests not seen by their deadline: the list reads
 * its breaches, not every request of its window with its appointments (13 s on a year of
 * a full network before).
 */
function breachRows(window: Window, filters: { center?: string; standard?: string }) {
  const { asOf, from, to } = window;
  const extensionHolds = sql`o.extension_deadline IS NOT NULL
    AND (coalesce(o.seen_at <= o.due, false) OR o.due >= ${asOf}::timestamptz)`;
  return sql<BreachRow>`(
    SELECT o.center_id, o.request_id AS id, o.patient_id, o.type, o.standard, o.status,
           o.clock_start, o.deadline, o.extension_deadline, o.seen_at AS first_visit,
           CASE WHEN ${extensionHolds} THEN 'extension-recorded'
                WHEN coalesce(o.declined_at <= o.due, false) THEN 'patient-declined'
                WHEN coalesce(o.no_show_at <= o.due, false) THEN 'no-show'
                ELSE 'no-capacity' END AS cause,
           CASE WHEN ${extensionHolds} THEN o.deadline ELSE o.due END AS missed_at
    FROM request_outcomes o
    WHERE o.status <> 'referred'
      AND (o.seen_at IS NULL OR o.seen_at > o.deadline)
      AND greatest(o.deadline, o.extension_deadline) >= ${from}::timestamptz
      AND o.deadline < ${asOf}::timestamptz
      AND o.deadline < ${to}::timestamptz
      ${filters.center === undefined ? sql`` : sql`AND o.center_id = ${filters.center}`}
      ${filters.standard === undefined ? sql`` : sql`AND o.standard = ${filters.standard}`}
  )`;
}

/** The window's bounds as instants, checked: `from` not after `to`, at most a year. */
function windowOf(asOf: Date, query: { from?: string; to?: string }) {
  const today = localDayOf(instantFromEpochMs(asOf.getTime()), ACCESS_TIME_ZONE);
  const toDay = query.to === undefined ? today : dayNumberOfDate(parseLocalDate(query.to, 'to'));
  const fromDay =
    query.from === undefined
      ? addDays(toDay, -DEFAULT_DAYS_BACK)
      : dayNumberOfDate(parseLocalDate(query.from, 'from'));
  if (fromDay > toDay) throw fieldProblem('invalid-request', 'query', 'from', 'is after to');
  if (toDay - fromDay >= MAX_WINDOW_DAYS) {
    throw fieldProblem(
      'invalid-request',
      'query',
      'from',
      `the window is longer than ${MAX_WINDOW_DAYS} days`,
    );
  }
  const instant = (day: typeof today) => new Date(startOfLocalDay(day, ACCESS_TIME_ZONE));
  return {
    window: { asOf, from: instant(fromDay), to: instant(addDays(toDay, 1)) },
    from: localDateOfDay(fromDay),
    to: localDateOfDay(toDay),
  };
}

export const accessBreachRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/access/breaches',
    {
      schema: {
        tags: ['access'],
        summary: 'Requests not seen by their deadline, with the cause',
        description:
          'Requests whose deadline passed without a visit by it (referred ones aside), ' +
          'with the cause: extension-recorded, patient-declined, no-show or no-capacity ' +
          '(the first that applies; docs/access-lists.md), earliest deadline first, with ' +
          'totals per cause. Each row read is audited. `format=csv` answers every row as ' +
          'text/csv.',
        querystring: querySchema,
        response: { 200: responseSchema, ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const asOf = new Date();
      const { center, standard, cause, format, limit, cursor } = request.query;
      const { window, from, to } = windowOf(asOf, request.query);
      /** The rows listed in the window, under every filter but the cause. */
      const listed = () =>
        db
          .selectFrom(breachRows(window, { center, standard }).as('b'))
          .where('b.missed_at', '>=', window.from)
          .where('b.missed_at', '<', window.to)
          // A cancelled request is a breach only when the member's cancellation ended it.
          .where((eb) =>
            eb.or([eb('b.status', '<>', 'cancelled'), eb('b.cause', '=', 'patient-declined')]),
          );

      let chosen = listed().selectAll();
      if (cause !== undefined) chosen = chosen.where('b.cause', '=', cause);
      const query = pageable(chosen);
      const filters = { from, to, center, standard, cause };
      const page =
        format === 'csv'
          ? await readEveryRow(query, SORT, { sort: 'deadline', filters })
          : await readPage(query, SORT, { sort: 'deadline', limit, cursor, filters });
      const list = Array.isArray(page) ? page : page.items;
      const items: Item[] = list.map((row) => ({
        centerId: row.center_id,
        id: row.id,
        type: row.type,
        standard: row.standard,
        status: row.status,
        clockStart: row.clock_start.toISOString(),
        deadline: row.missed_at.toISOString(),
        standardDeadline: row.deadline.toISOString(),
        extensionDeadline: iso(row.extension_deadline),
        cause: row.cause,
        firstVisit: iso(row.first_visit),
      }));
      await recordAudit(
        db,
        request,
        list.map((row) => requestRead(row, 'breaches', format)),
      );
      if (format === 'csv') return sendCsv(reply, 'breaches.csv', csvOf(COLUMNS, items));

      const counted = await listed()
        .select(['b.cause', sql<number>`count(*)::int`.as('rows')])
        .groupBy('b.cause')
        .execute();
      const totals = Object.fromEntries(BREACH_CAUSES.map((c) => [c, 0])) as Record<Cause, number>;
      for (const { cause: c, rows: n } of counted) totals[c] = n;
      return {
        asOf: asOf.toISOString(),
        timeZone: ACCESS_TIME_ZONE,
        from,
        to,
        totals: { ...totals, all: counted.reduce((sum, row) => sum + row.rows, 0) },
        items,
        nextCursor: Array.isArray(page) ? null : page.nextCursor,
      };
    },
  );
};
