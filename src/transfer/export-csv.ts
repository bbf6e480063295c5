/**
 * `timely export --format csv`: one file per type (csv-types.ts), every row, in key
 * order, written with csv-stringify. The header row is written even for an empty
 * table, so the files double as templates a spreadsheet user can fill in. What this
 * writes, `importSources` reads back into the same rows.
 *
 * Every record of health information exported is a read for the audit trail: its event
 * is written before the files are handed back, so no file leaves without its trace.
 */

import { stringify } from 'csv-stringify/sync';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  type AuditContext,
  type AuditEntry,
  commandAuditContext,
  writeAudit,
} from '../server/audit.ts';
import { encodeCell } from './csv/cells.ts';
import { CSV_TYPES, type CsvType } from './csv/csv-types.ts';
import { phiEvents } from './phi-audit.ts';
import { KINDS } from './record-kinds.ts';

export interface ExportedFile {
  readonly name: string;
  readonly text: string;
  readonly rows: number;
}

export async function exportCsv(
  db: Kysely<Database>,
  audit: AuditContext = commandAuditContext('export'),
): Promise<ExportedFile[]> {
  const files: ExportedFile[] = [];
  const events: AuditEntry[] = [];
  for (const type of CSV_TYPES) {
    const table = KINDS[type.kind].table;
    const { file, rows } = await exportType(db, table, type);
    files.push(file);
    events.push(...phiEvents(table, 'R', rows));
  }
  await writeAudit(db, audit, events);
  return files;
}

async function exportType(
  db: Kysely<Database>,
  table: string,
  type: CsvType,
): Promise<{ file: ExportedFile; rows: Record<string, unknown>[] }> {
  const columns = sql.join(type.columns.map((c) => sql.ref(c.column)));
  const result = await sql<
    Record<string, unknown>
  >`SELECT ${columns} FROM ${sql.table(table)}`.execute(db);
  const rows = result.rows.map((row) => type.columns.map((c) => encodeCell(row[c.column])));
  // Sorted here, by code unit, not by the database's collation: the files are the
  // same whichever back end (and locale) wrote them.
  const order = type.orderBy.map((column) => type.columns.findIndex((c) => c.column === column));
  rows.sort((a, b) => {
    for (const index of order) {
      const x = a[index] ?? '';
      const y = b[index] ?? '';
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
  const text = stringify([type.columns.map((c) => c.header), ...rows]);
  return { file: { name: type.file, text, rows: rows.length }, rows: result.rows };
}
