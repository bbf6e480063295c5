/**
 * Splits a CSV file into a header and records, each with the line it starts on
 * (csv-parse reports the line a record ends on; a quoted cell may span lines). Uses
 * csv-parse: RFC 4180 quoting, a UTF-8 byte-order mark (spreadsheets write one),
 * blank lines skipped, short or long rows kept so they can be reported.
 */
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

export type ParsedCsv =
  | {
      readonly header: readonly string[];
      readonly headerLine: number;
      readonly records: CsvRecord[];
    }
  | { readonly error: { readonly line: number; readonly message: string } };

export function parseCsv(text: string): ParsedCsv {
  let rows: readonly { record: string[]; info: { lines: number }; raw: string }[];
  try {
    rows = parse(text, {
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // With info and raw, each record comes as { record, info, raw } (csv-parse docs).
    }) as unknown as typeof rows;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' ? error.lines : 1;
    return { error: { line, message: `not valid CSV (${error.code})` } };
  }
  const records = rows.map(({ record, info, raw }) => ({
    line: info.lines - newlinesInside(raw),
    cells: record,
  }));
  const [first, ...rest] = records;
  if (first === undefined)
    return { error: { line: 1, message: 'empty file: expected a header row' } };
  return { header: first.cells.map((cell) => cell.trim()), headerLine: first.line, records: rest };
}

/** Line breaks inside a record's raw text (blank lines skipped before it excluded). */
function newlinesInside(raw: string): number {
  const body = raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
  return (body.match(/\n/g) ?? []).length;
}
