/**
 * The import's common currency. CSV files and FHIR Bundles are both read into a
 * `Dataset`: rows ready to insert, per table, each remembering where it came from so a
 * problem found later (a missing reference, a refusal by the database) is reported
 * against the line or entry that caused it.
 *
 * `IMPORT_ORDER` is the tables in dependency order (a row's references are written
 * before it); `KEYS` and `REFERENCES` mirror the primary and foreign keys of the
 * migrations (src/db/migrations), which stay the final word.
 */
import type { Database } from '../db/schema.ts';
import type { FieldRef, ImportProblem, SourceRef } from './problems.ts';

export const IMPORT_ORDER = [
  'medical_centers',
  'clinicians',
  'templates',
  'template_sessions',
  'admin_blocks',
  'stoppages',
  'time_off',
  'patients',
  'requests',
  'appointments',
] as const satisfies readonly (keyof Database)[];

export type TableName = (typeof IMPORT_ORDER)[number];

/** `values` is an insertable row of its table (record-kinds.ts builds it typed). */
export interface StagedRow {
  readonly values: Readonly<Record<string, unknown>>;
  readonly at: SourceRef;
  /** Where a column's value came from (by database column), for problems found later. */
  readonly blame: (column: string) => FieldRef;
}

export type Dataset = Record<TableName, StagedRow[]>;

export function emptyDataset(): Dataset {
  return Object.fromEntries(IMPORT_ORDER.map((table) => [table, []])) as unknown as Dataset;
}

/** Adds `more`'s rows after `into`'s (several sources may hold one type). */
export function mergeInto(into: Dataset, more: Dataset): void {
  for (const table of IMPORT_ORDER) into[table].push(...more[table]);
}

/**
 * The key of every row the sources hold, valid or not. A reference to a row that is
 * in the import but bad is not reported again: the bad row is, and fixing it fixes both.
 */
export type DeclaredKeys = Map<TableName, Set<string>>;

export function declareKey(declared: DeclaredKeys, table: TableName, key: readonly string[]): void {
  const keys = declared.get(table) ?? new Set<string>();
  keys.add(keyText(key));
  declared.set(table, keys);
}

/** What a reader hands on: rows that passed their own checks, and every problem. */
export interface ReadResult {
  readonly dataset: Dataset;
  readonly declared: DeclaredKeys;
  readonly problems: ImportProblem[];
}

/** Primary key columns; sessions and admin blocks get generated ids, so have none here. */
export const KEYS: { readonly [T in TableName]: readonly string[] } = {
  medical_centers: ['id'],
  clinicians: ['center_id', 'id'],
  templates: ['center_id', 'id'],
  template_sessions: [],
  admin_blocks: [],
  stoppages: ['id'],
  time_off: ['center_id', 'id'],
  patients: ['center_id', 'id'],
  requests: ['center_id', 'id'],
  appointments: ['center_id', 'id'],
};

/** Unique keys other than the primary key: a member number is unique in its center. */
export const UNIQUE_KEYS: { readonly [T in TableName]?: readonly (readonly string[])[] } = {
  patients: [['center_id', 'member_number']],
};

export interface Reference {
  readonly target: TableName;
  /** this row's columns, in the order of the target's key */
  readonly columns: readonly string[];
  /** a noun for messages: "no medical center north" */
  readonly noun: string;
}

export const REFERENCES: { readonly [T in TableName]: readonly Reference[] } = {
  medical_centers: [],
  clinicians: [{ target: 'medical_centers', columns: ['center_id'], noun: 'medical center' }],
  templates: [{ target: 'clinicians', columns: ['center_id', 'clinician_id'], noun: 'clinician' }],
  template_sessions: [
    { target: 'templates', columns: ['center_id', 'template_id'], noun: 'template' },
  ],
  admin_blocks: [{ target: 'templates', columns: ['center_id', 'template_id'], noun: 'template' }],
  stoppages: [{ target: 'medical_centers', columns: ['center_id'], noun: 'medical center' }],
  time_off: [
    { target: 'clinicians', columns: ['center_id', 'clinician_id'], noun: 'clinician' },
    { target: 'stoppages', columns: ['stoppage_id'], noun: 'stoppage' },
  ],
  patients: [{ target: 'medical_centers', columns: ['center_id'], noun: 'medical center' }],
  requests: [{ target: 'patients', columns: ['center_id', 'patient_id'], noun: 'patient' }],
  appointments: [
    { target: 'clinicians', columns: ['center_id', 'clinician_id'], noun: 'clinician' },
    { target: 'patients', columns: ['patient_center_id', 'patient_id'], noun: 'patient' },
    { target: 'requests', columns: ['patient_center_id', 'request_id'], noun: 'request' },
  ],
};

/** The values of `columns` in a row, or undefined when one is null (no reference). */
export function keyOf(
  values: Readonly<Record<string, unknown>>,
  columns: readonly string[],
): string[] | undefined {
  const key: string[] = [];
  for (const column of columns) {
    const value = values[column];
    if (value === null || value === undefined) return undefined;
    key.push(String(value));
  }
  return key;
}

/** A key as one map key; ids cannot contain "/" (idSchema), so it is unambiguous. */
export function keyText(key: readonly string[]): string {
  return key.join('/');
}
