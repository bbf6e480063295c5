/**
 * Daily series as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when
 * they hold a comma, a quote or a line break, quotes doubled). Spreadsheets and R/pandas
 * read it as is.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DailyRow } from '../../engine/simulation/result.ts';
import { fileSlug } from './file-names.ts';

export type CsvCell = string | number | null;

/** Columns of the daily CSV, in order; the header uses the same names as the JSON. */
export const DAILY_COLUMNS = [
  'date',
  'arrivals',
  'visits',
  'externalVisits',
  'noShows',
  'cancellations',
  'referralsOut',
  'backlog',
  'waitlist',
  'compliance',
  'cliniciansAtWork',
  'cliniciansOnStrike',
] as const satisfies readonly (keyof DailyRow)[];

export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return csvNumber(cell);
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/**
 * Counts print whole; means over replications and shares keep 6 decimals (a share to
 * 0.0001%, a count to a millionth), trailing zeros dropped. A NaN or infinity in a daily
 * row is a bug upstream, so it stops the export rather than becoming an empty cell.
 */
function csvNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number in a CSV cell: ${value}`);
  if (Number.isInteger(value)) return String(value);
  const text = value.toFixed(6).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/** The daily series of a scenario (one run, or the mean of its replications) as CSV text. */
export function dailyCsv(rows: readonly DailyRow[]): string {
  return toCsv(
    DAILY_COLUMNS,
    rows.map((row) => DAILY_COLUMNS.map((column) => row[column])),
  );
}

/** Writes `<name>-daily.csv` in `dir` (created if missing) and returns its path. */
export async function writeDailyCsv(
  dir: string,
  name: string,
  rows: readonly DailyRow[],
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${fileSlug(name)}-daily.csv`);
  await writeFile(path, dailyCsv(rows), 'utf8');
  return path;
}
