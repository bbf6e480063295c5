/**
 * A table answered as CSV (RFC 4180, a header row even when empty) instead of JSON, for
 * the routes that take `format=csv`: the same rows the JSON carries, so a spreadsheet
 * and the web page can never disagree. Written with csv-stringify; a cell a spreadsheet
 * would run as a formula (=, +, -, @ first) is quoted with a leading apostrophe.
 */
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';

export const formatParam = z
  .enum(['json', 'csv'])
  .default('json')
  .meta({ description: 'json (default) or csv: the same rows as a CSV file' });

type Cell = string | number | boolean | null | undefined;

const FORMULA = /^[=+\-@\t\r]/;

function safe(cell: Cell): Cell {
  return typeof cell === 'string' && FORMULA.test(cell) ? `'${cell}` : cell;
}

/** The CSV text of `rows` under `columns` (header row first). */
export function csvOf(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return stringify([columns, ...rows.map((row) => row.map(safe))], {
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
}

/**
 * Sends CSV as a download named `filename` (the reply's serializer is bypassed). The name
 * can carry a query value (a center id): anything but [A-Za-z0-9._-] becomes "_", since a
 * header cannot hold non-Latin-1 text (Node throws, a 500) and a quote would end the name.
 */
export function sendCsv(reply: FastifyReply, filename: string, text: string): FastifyReply {
  const safeName = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${safeName}"`)
    .serializer((payload: unknown) => String(payload))
    .send(text);
}
