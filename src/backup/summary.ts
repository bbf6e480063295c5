/**
 * What `timely backup` and `timely restore` print: what was written or restored, how
 * big, how many rows (the tables members care about named), and how long it took.
 */
import type { BackupReport } from './backup-database.ts';
import type { BackupKind } from './backup-kind.ts';
import type { DatabaseContents } from './database-contents.ts';
import type { RestoreReport } from './restore-database.ts';

const FORMATS: Readonly<Record<BackupKind, string>> = {
  postgres: 'pg_dump custom-format archive',
  pglite: 'PGlite data-folder dump, gzipped tar',
};

/** The tables named in the summary, as people say them. */
const NAMED: readonly (readonly [table: string, one: string])[] = [
  ['patients', 'patient'],
  ['requests', 'request'],
  ['appointments', 'appointment'],
  ['audit_events', 'audit event'],
];

export function backupLines(report: BackupReport, from: string, file: string): string[] {
  return [
    `timely: backed up ${from} to ${file} (${FORMATS[report.kind]})`,
    `timely: ${formatBytes(report.bytes)}, ${contentsLine(report.contents)}, in ${report.seconds.toFixed(1)} s`,
  ];
}

export function restoreLines(report: RestoreReport, file: string, into: string): string[] {
  return [
    `timely: restored ${file} (${FORMATS[report.kind]}) into ${into}`,
    `timely: ${contentsLine(report.contents)}, in ${report.seconds.toFixed(1)} s`,
    ...(report.keptIn === undefined
      ? []
      : [
          `timely: the data it replaced is kept in ${report.keptIn} (delete that folder once it is no longer needed)`,
        ]),
  ];
}

export function contentsLine(contents: DatabaseContents): string {
  const tables = Object.keys(contents.rows).length;
  const named = NAMED.filter(([table]) => table in contents.rows)
    .map(([table, one]) => counted(contents.rows[table] ?? 0, one))
    .join(', ');
  const schema = contents.migration === undefined ? '' : `, schema at ${contents.migration}`;
  return `${counted(tables, 'table')}, ${counted(contents.totalRows, 'row')}${named ? ` (${named})` : ''}${schema}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function counted(n: number, one: string): string {
  return `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;
}
