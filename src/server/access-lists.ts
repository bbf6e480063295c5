/**
 * What the at-risk list (`routes/access-at-risk.ts`) and the breach list
 * (`routes/access-breaches.ts`) share: business days left on the plan's calendar, the
 * `format` parameter and its CSV answer, the audit events of the rows shown, and paging
 * over a derived table.
 *
 * Both lists name members' requests, so every row answered — a JSON page or every row
 * of a CSV file — leaves an `R` event before the answer goes out (audit.ts). The CSV is
 * the JSON rows, every page of them in the same order, one line each: the same figures
 * whichever way they are read.
 */
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import type { SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.ts';
import { BusinessCalendar, CALIFORNIA } from '../engine/rules/calendar.ts';
import { instantFromEpochMs, localDayOf } from '../engine/time.ts';
import type { AuditEntry } from './audit.ts';
import { type Page, type PageRequest, readPage, type SortSpec } from './pagination.ts';
import { fieldProblem } from './problem.ts';
import { ACCESS_TIME_ZONE } from './routes/access-window.ts';

const CALENDAR = new BusinessCalendar(CALIFORNIA);

/**
 * Business days left until `due`, as the at-risk cut-off counts them
 * (`atRiskCutoff` in routes/access-open-requests.ts): the smallest n such that the
 * deadline falls by the end of the nth business day after today in the plan's zone (0:
 * today). A deadline on a weekend or holiday therefore counts to the next business day
 * after it (Thursday → a Saturday deadline is 2: it falls after the end of Friday, by
 * the end of Monday). When the deadline has passed (`due` before `asOf`): minus the
 * business days since its day (0 when it passed earlier today).
 */
export function businessDaysLeft(asOf: Date, due: Date): number {
  const dayOf = (at: Date) => localDayOf(instantFromEpochMs(at.getTime()), ACCESS_TIME_ZONE);
  const today = dayOf(asOf);
  const dueDay = dayOf(due);
  if (due.getTime() < asOf.getTime()) return -CALENDAR.businessDaysBetween(dueDay, today) || 0;
  if (dueDay <= today) return 0;
  const between = CALENDAR.businessDaysBetween(today, dueDay);
  return CALENDAR.isBusinessDay(dueDay) ? between : between + 1;
}

/** `?format=csv`: a link can ask for it (an `<a download>` cannot set `Accept`). */
export const formatParam = z
  .enum(['json', 'csv'])
  .default('json')
  .meta({
    description:
      'json: one page (limit, cursor); csv: every row of the filters, in the same order, ' +
      'as text/csv with a header row (limit and cursor ignored)',
  });

/** A CSV file holds at most this many rows; more asks for narrower filters. */
export const CSV_MAX_ROWS = 50_000;
/** Rows read per round trip while a CSV file is assembled. */
const CSV_BATCH = 1000;

/** A cell as the CSV writes it: the JSON value, `null` as an empty cell. */
export type Cell = string | number | boolean | null;

/**
 * `readPage` pages a query over the schema's tables; a derived table (a subquery with
 * an alias) pages the same way, since its columns are referenced by name. Only the
 * types differ.
 */
export function pageable<DB, TB extends keyof DB, Row extends object>(
  query: SelectQueryBuilder<DB, TB, Row>,
): SelectQueryBuilder<Database, keyof Database, Row> {
  return query as unknown as SelectQueryBuilder<Database, keyof Database, Row>;
}

/** Every row of `query` in the page order, read a batch at a time, for a CSV file. */
export async function readEveryRow<Row extends object>(
  query: SelectQueryBuilder<Database, keyof Database, Row>,
  spec: SortSpec,
  request: Omit<PageRequest, 'limit' | 'cursor'>,
): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | undefined;
  do {
    const page: Page<Row> = await readPage(query, spec, { ...request, limit: CSV_BATCH, cursor });
    rows.push(...page.items);
    if (rows.length > CSV_MAX_ROWS) {
      throw fieldProblem(
        'invalid-request',
        'query',
        'format',
        `more than ${CSV_MAX_ROWS} rows; narrow the filters for a CSV file`,
      );
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return rows;
}

/** A request row read back: its `R` event, naming the member, and which list showed it. */
export function requestRead(
  row: { readonly center_id: string; readonly id: string; readonly patient_id: string },
  list: 'at-risk' | 'breaches',
  format: 'json' | 'csv',
): AuditEntry {
  return {
    action: 'R',
    entityType: 'Request',
    entityId: row.id,
    patient: { centerId: row.center_id, id: row.patient_id },
    detail: { list, format },
  };
}

/**
 * Text a spreadsheet would run as a formula (OWASP "CSV injection": a cell starting
 * with =, +, -, @, tab or return) is prefixed with an apostrophe. Ids and codes never
 * start so; the guard keeps a future free-text column from becoming one.
 */
function safeCell(value: Cell): string | number | boolean {
  if (value === null) return '';
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(value)) return `'${value}`;
  return value;
}

/** The CSV text of `items` (objects of the same keys, in `columns` order), header first. */
export function csvOf<Item extends Readonly<Record<string, Cell>>>(
  columns: readonly (keyof Item & string)[],
  items: readonly Item[],
): string {
  return stringify(
    items.map((item) => columns.map((column) => safeCell(item[column] ?? null))),
    {
      header: true,
      columns: [...columns],
      cast: { boolean: (value) => (value ? 'true' : 'false') },
      record_delimiter: 'unix',
    },
  );
}

/** Sends a CSV file (a download named `name`), bypassing the JSON response schema. */
export function sendCsv(reply: FastifyReply, name: string, text: string): FastifyReply {
  return reply
    .code(200)
    .header('content-disposition', `attachment; filename="${name}"`)
    .type('text/csv; charset=utf-8')
    .send(text);
}

/** The JSON `deadline`-style value of a timestamp, or null. */
export const iso = (at: Date | null): string | null => (at === null ? null : at.toISOString());
