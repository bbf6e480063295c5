/**
 * The CSV files Timely reads and writes: one per kind of record, named `<kind>.csv`,
 * with one column per API field (headers are the REST API's field names). The column
 * list here is the whole format: the importer decodes cells by it, the exporter writes
 * it in this order, and docs/import-export.md describes it.
 *
 * Cells are text. Empty means "not given": the API's default, or null. Lists
 * (languages, modalities, disciplines) are separated by ";". Booleans are true/false.
 * Instants are ISO 8601 with an offset or Z; dates YYYY-MM-DD; times HH:MM[:SS].
 */
import { apiFieldOf, type KindName } from '../record-kinds.ts';

export type CellType = 'text' | 'integer' | 'number' | 'boolean' | 'list' | 'instant';

export interface CsvColumn {
  /** the database column */
  readonly column: string;
  /** the header, which is the API field */
  readonly header: string;
  readonly type: CellType;
}

export interface CsvType {
  readonly kind: KindName;
  /** the file name that selects this type */
  readonly file: string;
  readonly columns: readonly CsvColumn[];
  /** export order: database columns */
  readonly orderBy: readonly string[];
}

type ColumnSpec = string | readonly [string, CellType];

function csvType(
  kind: KindName,
  file: string,
  specs: readonly ColumnSpec[],
  orderBy: readonly string[],
): CsvType {
  const columns = specs.map((spec) => {
    const [column, type] = typeof spec === 'string' ? [spec, 'text' as const] : spec;
    return { column, header: apiFieldOf(column), type };
  });
  return { kind, file, columns, orderBy };
}

const created = ['created_at', 'instant'] as const;

/** In dependency order: a file's references point to files above it. */
export const CSV_TYPES: readonly CsvType[] = [
  csvType(
    'centers',
    'centers.csv',
    ['id', 'name', 'time_zone', ['lat', 'number'], ['lon', 'number'], created],
    ['id'],
  ),
  csvType(
    'clinicians',
    'clinicians.csv',
    [
      'center_id',
      'id',
      'name',
      'discipline',
      ['languages', 'list'],
      ['modalities', 'list'],
      ['active', 'boolean'],
      ['caseload_cap', 'integer'],
      created,
    ],
    ['center_id', 'id'],
  ),
  csvType(
    'templates',
    'templates.csv',
    [
      'center_id',
      'id',
      'clinician_id',
      'name',
      'effective_from',
      'effective_to',
      ['daily_visit_cap', 'integer'],
      created,
    ],
    ['center_id', 'id'],
  ),
  csvType(
    'sessions',
    'template-sessions.csv',
    [
      'center_id',
      'template_id',
      ['weekday', 'integer'],
      'start_time',
      ['minutes', 'integer'],
      'kind',
    ],
    ['center_id', 'template_id', 'weekday', 'start_time'],
  ),
  csvType(
    'adminBlocks',
    'admin-blocks.csv',
    [
      'center_id',
      'template_id',
      ['weekday', 'integer'],
      'start_time',
      ['minutes', 'integer'],
      'label',
    ],
    ['center_id', 'template_id', 'weekday', 'start_time'],
  ),
  csvType(
    'stoppages',
    'stoppages.csv',
    [
      'id',
      'center_id',
      'name',
      ['disciplines', 'list'],
      ['notice_at', 'instant'],
      ['starts_at', 'instant'],
      ['ends_at', 'instant'],
      created,
    ],
    ['id'],
  ),
  csvType(
    'timeOff',
    'time-off.csv',
    [
      'center_id',
      'id',
      'clinician_id',
      ['starts_at', 'instant'],
      ['ends_at', 'instant'],
      'reason',
      'stoppage_id',
      created,
    ],
    ['center_id', 'id'],
  ),
  csvType(
    'patients',
    'patients.csv',
    ['center_id', 'id', 'member_number', 'name', 'birth_date', 'language', created],
    ['center_id', 'id'],
  ),
  csvType(
    'requests',
    'requests.csv',
    [
      'center_id',
      'id',
      'patient_id',
      'type',
      'standard',
      'discipline',
      ['clock_start', 'instant'],
      ['deadline', 'instant'],
      ['not_before', 'instant'],
      'language',
      'modality',
      'prior_clinician_id',
      ['max_travel_km', 'number'],
      'status',
      ['extension_deadline', 'instant'],
      'extension_reason',
      'extension_recorded_by',
      ['extension_recorded_at', 'instant'],
      created,
    ],
    ['center_id', 'id'],
  ),
  csvType(
    'appointments',
    'appointments.csv',
    [
      'center_id',
      'id',
      'clinician_id',
      'patient_center_id',
      'patient_id',
      'request_id',
      ['starts_at', 'instant'],
      ['ends_at', 'instant'],
      'modality',
      'kind',
      'status',
      ['cancelled_at', 'instant'],
      'replaces_id',
      created,
    ],
    ['center_id', 'id'],
  ),
];
