/**
 * CSV files to a staged dataset. Each file's type comes from its name
 * (`clinicians.csv`, see csv-types.ts) or, failing that, from its header row. Every
 * row is decoded and checked on its own, so one pass reports every bad row; a
 * template is then checked whole, with its sessions and admin blocks from their own
 * files, so an overlap is reported on the session's line.
 */
import { basename } from 'node:path';
import { type FieldRef, type ImportProblem, placeOf, type SourceRef } from '../problems.ts';
import { apiFieldOf } from '../record-kinds.ts';
import { stageRecord } from '../stage-record.ts';
import {
  type DeclaredKeys,
  declareKey,
  emptyDataset,
  KEYS,
  keyText,
  type ReadResult,
  type StagedRow,
} from '../staging.ts';
import { decodeCell } from './cells.ts';
import { CSV_TYPES, type CsvType } from './csv-types.ts';
import { parseCsv } from './parse-csv.ts';

export interface CsvFile {
  /** the name problems use: the path as the user gave it */
  readonly name: string;
  readonly text: string;
}

interface DecodedRow {
  readonly at: { readonly file: string; readonly line: number };
  readonly input: Record<string, unknown>;
  /** headers whose cell could not be decoded (already reported) */
  readonly undecoded: ReadonlySet<string>;
}

export function readCsvFiles(files: readonly CsvFile[]): ReadResult {
  const dataset = emptyDataset();
  const problems: ImportProblem[] = [];
  const declared: DeclaredKeys = new Map();
  const byKind = new Map<CsvType['kind'], DecodedRow[]>();
  for (const file of files) {
    const decoded = decodeFile(file, problems, declared);
    if (decoded === undefined) continue;
    byKind.set(decoded.type.kind, [...(byKind.get(decoded.type.kind) ?? []), ...decoded.rows]);
  }

  const parts = {
    sessions: stageParts('sessions', byKind.get('sessions') ?? [], problems),
    adminBlocks: stageParts('adminBlocks', byKind.get('adminBlocks') ?? [], problems),
  };
  const templateKeys = new Set<string>();
  for (const row of byKind.get('templates') ?? []) {
    const key = keyText([String(row.input.centerId), String(row.input.id)]);
    templateKeys.add(key);
    const sessions = parts.sessions.get(key) ?? [];
    const blocks = parts.adminBlocks.get(key) ?? [];
    const input = {
      ...row.input,
      sessions: sessions.map((part) => part.fields),
      adminBlocks: blocks.map((part) => part.fields),
    };
    const partOf = (list: unknown, index: unknown) =>
      (list === 'sessions' ? sessions : list === 'adminBlocks' ? blocks : undefined)?.[
        Number(index)
      ];
    const found: ImportProblem[] = [];
    const staged = stageRow('templates', row, input, found, (path) => {
      const [head, index, ...rest] = path;
      const owner = partOf(head, index);
      return owner ? { at: owner.at, field: rest.map(String).join('.') } : fieldAt(row.at, path);
    });
    // The template schema names the other block by API path ("overlaps sessions.0");
    // in a CSV import that block is a line of a file.
    for (const problem of found) {
      const message = problem.message.replace(
        /(sessions|adminBlocks)\.(\d+)/,
        (text, list, index) => {
          const owner = partOf(list, index);
          return owner
            ? `the ${list === 'sessions' ? 'session' : 'admin block'} at ${placeOf(owner.at)}`
            : text;
        },
      );
      problems.push({ ...problem, message });
    }
    if (staged) dataset.templates.push(staged);
  }
  for (const [kind, byTemplate] of Object.entries(parts) as [keyof typeof parts, PartMap][]) {
    for (const [key, list] of byTemplate) {
      for (const part of list) {
        if (templateKeys.has(key)) {
          dataset[kind === 'sessions' ? 'template_sessions' : 'admin_blocks'].push(part.row);
        } else {
          problems.push({
            at: part.at,
            field: 'templateId',
            message: `no template ${key} in the templates files (sessions and admin blocks are imported with their template)`,
          });
        }
      }
    }
  }

  for (const type of CSV_TYPES) {
    if (['templates', 'sessions', 'adminBlocks'].includes(type.kind)) continue;
    for (const row of byKind.get(type.kind) ?? []) {
      const result = stageRecord(type.kind, row.input, row.at, (path) => fieldAt(row.at, path));
      problems.push(...result.problems);
      if (result.row) dataset[tableOf(type)].push(result.row);
    }
  }
  return { dataset, declared, problems };
}

function tableOf(type: CsvType) {
  return KIND_TABLES[type.kind];
}

const KIND_TABLES = {
  centers: 'medical_centers',
  clinicians: 'clinicians',
  templates: 'templates',
  sessions: 'template_sessions',
  adminBlocks: 'admin_blocks',
  stoppages: 'stoppages',
  timeOff: 'time_off',
  patients: 'patients',
  requests: 'requests',
  appointments: 'appointments',
} as const;

/**
 * Stages a decoded row. A row with an undecodable cell is still checked, so its other
 * bad fields are reported in the same run, but it is not kept; the cell's own problem
 * was reported, so the schema's complaint about the missing value is dropped.
 */
function stageRow(
  kind: CsvType['kind'],
  row: DecodedRow,
  input: Readonly<Record<string, unknown>>,
  problems: ImportProblem[],
  blame: (path: readonly PropertyKey[]) => FieldRef = (path) => fieldAt(row.at, path),
): StagedRow | undefined {
  const result = stageRecord(kind, input, row.at, blame);
  const first = (field: string) => field.split('.')[0] ?? '';
  problems.push(
    ...result.problems.filter((p) => !(p.at === row.at && row.undecoded.has(first(p.field)))),
  );
  return row.undecoded.size === 0 ? result.row : undefined;
}

function fieldAt(at: SourceRef, path: readonly PropertyKey[]): FieldRef {
  return { at, field: path.map(String).join('.') };
}

interface Part {
  readonly at: SourceRef;
  readonly fields: Record<string, unknown>;
  readonly row: StagedRow;
}
type PartMap = Map<string, Part[]>;

/** Sessions or admin blocks, checked row by row and grouped by template key. */
function stageParts(
  kind: 'sessions' | 'adminBlocks',
  rows: readonly DecodedRow[],
  problems: ImportProblem[],
): PartMap {
  const byTemplate: PartMap = new Map();
  for (const row of rows) {
    const staged = stageRow(kind, row, row.input, problems);
    if (staged === undefined) continue;
    const { centerId, templateId, ...fields } = row.input;
    const key = keyText([String(centerId), String(templateId)]);
    byTemplate.set(key, [...(byTemplate.get(key) ?? []), { at: row.at, fields, row: staged }]);
  }
  return byTemplate;
}

function decodeFile(
  file: CsvFile,
  problems: ImportProblem[],
  declared: DeclaredKeys,
): { type: CsvType; rows: DecodedRow[] } | undefined {
  const parsed = parseCsv(file.text);
  if ('error' in parsed) {
    problems.push({
      at: { file: file.name, line: parsed.error.line },
      field: '',
      message: parsed.error.message,
    });
    return undefined;
  }
  const headerAt = { file: file.name, line: parsed.headerLine };
  const type = typeOfFile(file.name, parsed.header);
  if (type === undefined) {
    const names = CSV_TYPES.map((t) => t.file).join(', ');
    problems.push({
      at: headerAt,
      field: '',
      message: `cannot tell what this file holds: name it one of ${names}, or give it one of their header rows`,
    });
    return undefined;
  }
  const headerProblems = checkHeader(type, parsed.header, headerAt);
  problems.push(...headerProblems);
  if (headerProblems.length > 0) return undefined;

  const rows: DecodedRow[] = [];
  const table = tableOf(type);
  const keyCells = KEYS[table].map((column) => parsed.header.indexOf(apiFieldOf(column)));
  for (const record of parsed.records) {
    const at = { file: file.name, line: record.line };
    const key = keyCells.map((index) => record.cells[index]?.trim() ?? '');
    if (key.length > 0 && key.every((part) => part !== '')) declareKey(declared, table, key);
    if (record.cells.length !== parsed.header.length) {
      problems.push({
        at,
        field: '',
        message: `has ${record.cells.length} cells, the header has ${parsed.header.length}`,
      });
      continue;
    }
    const input: Record<string, unknown> = {};
    const undecoded = new Set<string>();
    parsed.header.forEach((header, index) => {
      const column = type.columns.find((c) => c.header === header);
      if (column === undefined) return;
      const decoded = decodeCell(column.type, record.cells[index] ?? '');
      if ('problem' in decoded) {
        problems.push({ at, field: header, message: decoded.problem });
        undecoded.add(header);
      } else if (decoded.value !== undefined) {
        input[header] = decoded.value;
      }
    });
    rows.push({ at, input, undecoded });
  }
  return { type, rows };
}

/** By file name first; else the one type whose columns include every header. */
function typeOfFile(name: string, header: readonly string[]): CsvType | undefined {
  const byName = CSV_TYPES.find((type) => type.file === basename(name).toLowerCase());
  if (byName) return byName;
  const fits = CSV_TYPES.filter((type) =>
    header.every((h) => type.columns.some((column) => column.header === h)),
  );
  return fits.length === 1 ? fits[0] : undefined;
}

function checkHeader(type: CsvType, header: readonly string[], at: SourceRef): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const known = type.columns.map((column) => column.header);
  header.forEach((name, index) => {
    if (!known.includes(name)) {
      problems.push({
        at,
        field: name,
        message: `unknown column for ${type.file} (columns: ${known.join(', ')})`,
      });
    } else if (header.indexOf(name) !== index) {
      problems.push({ at, field: name, message: 'column given twice' });
    }
  });
  return problems;
}
