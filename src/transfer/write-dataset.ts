/**
 * Writes a staged dataset inside the caller's transaction, table by table in
 * dependency order, and collects every problem on the way instead of stopping at the
 * first: duplicates (in the import, or already stored), references that lead nowhere
 * (in the import or the database), and refusals by the database itself (the
 * no-double-booking constraint, unique keys, checks), each on the row that caused it.
 *
 * Rows are inserted in batches, each under a savepoint. A refused batch is rolled back
 * to its savepoint and retried row by row, so the refusal is pinned on one row and the
 * others still go in: later rows' references and overlaps are then checked against
 * them. A row whose reference is a row that was itself refused is skipped without a
 * second report. The caller rolls everything back when any problem was found.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { existingKeys } from './existing-keys.ts';
import { type ImportProblem, placeOf } from './problems.ts';
import { refusalProblem } from './refusals.ts';
import {
  type Dataset,
  type DeclaredKeys,
  IMPORT_ORDER,
  KEYS,
  keyOf,
  keyText,
  REFERENCES,
  type StagedRow,
  type TableName,
  UNIQUE_KEYS,
} from './staging.ts';

const BATCH = 500;

export type Counts = Record<TableName, number>;

export interface Written {
  readonly counts: Counts;
  /** the rows inserted, per table, for the audit trail */
  readonly rows: Record<TableName, StagedRow['values'][]>;
  readonly problems: ImportProblem[];
}

export async function writeDataset(
  db: Kysely<Database>,
  dataset: Dataset,
  declared: DeclaredKeys,
): Promise<Written> {
  const problems: ImportProblem[] = [];
  const rows = Object.fromEntries(IMPORT_ORDER.map((t) => [t, []])) as unknown as Written['rows'];
  const written = new Map<TableName, Set<string>>();
  const counts = Object.fromEntries(IMPORT_ORDER.map((t) => [t, 0])) as Counts;
  for (const table of IMPORT_ORDER) {
    let candidates = refuseDuplicates(table, dataset[table], problems);
    candidates = await refuseExisting(db, table, candidates, problems);
    candidates = await checkReferences(db, table, candidates, written, declared, problems);
    const inserted = await insertRows(db, table, candidates, problems);
    counts[table] = inserted.length;
    rows[table] = inserted.map((row) => row.values);
    written.set(
      table,
      new Set(inserted.map((row) => keyText(keyOf(row.values, KEYS[table]) ?? []))),
    );
  }
  return { counts, rows, problems };
}

/** The second row with a key (primary or unique) already seen in the import. */
function refuseDuplicates(
  table: TableName,
  rows: StagedRow[],
  problems: ImportProblem[],
): StagedRow[] {
  const keySets = [KEYS[table], ...(UNIQUE_KEYS[table] ?? [])].filter((k) => k.length > 0);
  const seen = keySets.map(() => new Map<string, StagedRow>());
  return rows.filter((row) => {
    for (const [index, columns] of keySets.entries()) {
      const key = keyOf(row.values, columns);
      if (key === undefined) continue;
      const first = seen[index]?.get(keyText(key));
      if (first) {
        const column = columns[columns.length - 1] ?? 'id';
        problems.push({ ...row.blame(column), message: `also given at ${placeOf(first.at)}` });
        return false;
      }
      seen[index]?.set(keyText(key), row);
    }
    return true;
  });
}

/** Rows whose primary key the database holds already: an import never changes records. */
async function refuseExisting(
  db: Kysely<Database>,
  table: TableName,
  rows: StagedRow[],
  problems: ImportProblem[],
): Promise<StagedRow[]> {
  const columns = KEYS[table];
  if (columns.length === 0 || rows.length === 0) return rows;
  const keyed = rows.map((row) => ({ row, key: keyOf(row.values, columns) ?? [] }));
  const stored = await existingKeys(
    db,
    table,
    columns,
    keyed.map((k) => k.key),
  );
  return keyed
    .filter(({ row, key }) => {
      if (!stored.has(keyText(key))) return true;
      problems.push({
        ...row.blame('id'),
        message: `${keyText(key)} already exists in the database (an import adds records and never changes them)`,
      });
      return false;
    })
    .map(({ row }) => row);
}

async function checkReferences(
  db: Kysely<Database>,
  table: TableName,
  rows: StagedRow[],
  written: ReadonlyMap<TableName, Set<string>>,
  declared: DeclaredKeys,
  problems: ImportProblem[],
): Promise<StagedRow[]> {
  let kept = rows;
  for (const reference of REFERENCES[table]) {
    const inImport = written.get(reference.target) ?? new Set<string>();
    const badInImport = declared.get(reference.target) ?? new Set<string>();
    const pending = kept
      .map((row) => ({ row, key: keyOf(row.values, reference.columns) }))
      .filter(({ key }) => key !== undefined && !inImport.has(keyText(key)));
    const stored = await existingKeys(
      db,
      reference.target,
      KEYS[reference.target],
      pending.map(({ key }) => key ?? []),
    );
    const refused = new Set<StagedRow>();
    for (const { row, key } of pending) {
      const text = keyText(key ?? []);
      if (stored.has(text)) continue;
      refused.add(row);
      // A bad row in the import was reported already; this one waits for its fix.
      if (badInImport.has(text)) continue;
      const column = reference.columns[reference.columns.length - 1] ?? '';
      problems.push({
        ...row.blame(column),
        message: `no ${reference.noun} ${text} in the import or the database`,
      });
    }
    kept = kept.filter((row) => !refused.has(row));
  }
  return kept;
}

async function insertRows(
  db: Kysely<Database>,
  table: TableName,
  rows: StagedRow[],
  problems: ImportProblem[],
): Promise<StagedRow[]> {
  const inserted: StagedRow[] = [];
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    if (await attempt(db, table, batch)) {
      inserted.push(...batch);
      continue;
    }
    for (const row of batch) {
      const error = await attempt(db, table, [row], true);
      if (error === true) {
        inserted.push(row);
        continue;
      }
      const problem = await refusalProblem(db, table, row, error);
      if (problem === undefined) throw error;
      problems.push(problem);
    }
  }
  return inserted;
}

/** Inserts under a savepoint: true, or false / the error after rolling back to it. */
async function attempt(
  db: Kysely<Database>,
  table: TableName,
  rows: StagedRow[],
  returnError = false,
): Promise<unknown> {
  await sql`SAVEPOINT timely_import`.execute(db);
  try {
    await db
      .insertInto(table)
      .values(rows.map((row) => row.values) as never)
      .execute();
    await sql`RELEASE SAVEPOINT timely_import`.execute(db);
    return true;
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT timely_import`.execute(db);
    await sql`RELEASE SAVEPOINT timely_import`.execute(db);
    return returnError ? error : false;
  }
}
