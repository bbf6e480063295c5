/**
 * Cursor (keyset) pagination for every list: a page is "the next `limit` rows after this
 * one in this order", never an OFFSET, so a walk visits each row exactly once even while
 * rows are added, and a page costs the same at row 100,000 as at row 1 (an index on the
 * sort column serves it).
 *
 * The order is always total: the requested sort column, then the row's primary key, all
 * in the same direction, so a row-value comparison `(sort, key…) > (…)` (PostgreSQL
 * "Row Constructor Comparison") selects exactly what comes after the cursor.
 *
 * The cursor is opaque to clients (base64url JSON). It carries the last row's sort
 * values as PostgreSQL text, which round-trips any column type exactly (a timestamptz
 * keeps its microseconds, which a JavaScript Date would lose), and is bound to the sort
 * and filters it was made for: reusing it with others is refused rather than silently
 * skipping or repeating rows.
 */
import { type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.ts';
import { fieldProblem } from './problem.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** `limit` and `cursor`, shared by every list's query string. */
export const pageQueryFields = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .default(DEFAULT_LIMIT)
    .meta({ description: `rows per page, 1 to ${MAX_LIMIT}` }),
  cursor: z
    .string()
    .max(2000)
    .optional()
    .meta({ description: "the previous page's nextCursor; omit for the first page" }),
};

/**
 * A `sort` query parameter over a whitelist of keys: `name` ascending, `-name`
 * descending.
 */
export function sortParam<const K extends string>(keys: readonly [K, ...K[]], defaultKey: K) {
  const values = keys.flatMap((key) => [key, `-${key}`]) as [string, ...string[]];
  return z
    .enum(values)
    .default(defaultKey)
    .meta({ description: `sort key, '-' prefix for descending: ${keys.join(', ')}` });
}

export interface Page<Row> {
  readonly items: Row[];
  readonly nextCursor: string | null;
}

/** The response schema of a list of `item`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'pass as `cursor` for the next page; null on the last page' }),
  });
}

export interface PageRequest {
  /** the `sort` parameter as given (`name` or `-name`) */
  readonly sort: string;
  readonly limit: number;
  readonly cursor: string | undefined;
  /** the filters in force; a cursor made under other filters is refused */
  readonly filters: Readonly<Record<string, unknown>>;
}

export interface SortSpec {
  /** sort parameter key → column */
  readonly columns: Readonly<Record<string, string>>;
  /** the primary key columns, the tie-breaker */
  readonly key: readonly string[];
}

const cursorShape = z.strictObject({
  s: z.string(),
  f: z.string(),
  a: z.array(z.string()).min(1).max(8),
});

/**
 * Reads one page of `query` (a selection from a single table, with its filters applied)
 * in the requested order.
 */
export async function readPage<TB extends keyof Database, Row extends object>(
  query: SelectQueryBuilder<Database, TB, Row>,
  spec: SortSpec,
  request: PageRequest,
): Promise<Page<Row>> {
  const descending = request.sort.startsWith('-');
  const sortKey = descending ? request.sort.slice(1) : request.sort;
  const sortColumn = spec.columns[sortKey];
  if (sortColumn === undefined) {
    throw fieldProblem('invalid-request', 'query', 'sort', `unknown sort key "${sortKey}"`);
  }
  const columns = [sortColumn, ...spec.key.filter((column) => column !== sortColumn)];
  const filters = stableJson(request.filters);
  const after =
    request.cursor === undefined
      ? undefined
      : decodeCursor(request.cursor, request.sort, filters, columns.length);

  let select = query.select(
    columns.map((column, index) => sql<string>`${sql.ref(column)}::text`.as(`_page_${index}`)),
  );
  if (after !== undefined) {
    const operator = sql.raw(descending ? '<' : '>');
    select = select.where(
      sql<SqlBool>`(${sql.join(columns.map((c) => sql.ref(c)))}) ${operator} (${sql.join(after)})`,
    );
  }
  for (const column of columns)
    select = select.orderBy(sql.ref(column), descending ? 'desc' : 'asc');
  const rows = (await select.limit(request.limit + 1).execute()) as (Row &
    Record<string, unknown>)[];

  const more = rows.length > request.limit;
  const pageRows = more ? rows.slice(0, request.limit) : rows;
  const last = pageRows.at(-1);
  const nextCursor =
    more && last !== undefined
      ? encodeCursor({
          s: request.sort,
          f: filters,
          a: columns.map((_, index) => String(last[`_page_${index}`])),
        })
      : null;
  const items = pageRows.map((row) => {
    const item: Record<string, unknown> = { ...row };
    for (let index = 0; index < columns.length; index++) delete item[`_page_${index}`];
    return item as Row;
  });
  return { items, nextCursor };
}

function encodeCursor(cursor: z.infer<typeof cursorShape>): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeCursor(text: string, sort: string, filters: string, width: number): string[] {
  const invalid = (message: string) => fieldProblem('invalid-request', 'query', 'cursor', message);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor this API issued');
  }
  const cursor = cursorShape.safeParse(parsed);
  if (!cursor.success || cursor.data.a.length !== width) {
    throw invalid('not a cursor this API issued');
  }
  if (cursor.data.s !== sort || cursor.data.f !== filters) {
    throw invalid('the cursor was made for another sort or other filters');
  }
  return cursor.data.a;
}

/** JSON with sorted keys and undefined left out, so equal filters give equal text. */
function stableJson(value: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}
