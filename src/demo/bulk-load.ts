/**
 * Bulk load of many rows into an empty, migrated database, on PGlite and on a PostgreSQL
 * server alike: multi-row `INSERT … SELECT FROM unnest(…)` of a few thousand rows a
 * statement, all in one transaction (a failed load leaves the database as it was).
 *
 * What makes it fast:
 * - Triggers are off for the load (`SET LOCAL session_replication_role = replica`): the
 *   foreign-key checks and the booking change log. The rows are consistent by
 *   construction, and the tests check them; the tables triggers derive (request_outcomes)
 *   are derived in one statement afterwards. The setting needs a superuser (or, from
 *   PostgreSQL 15, a role granted SET on it); without one the load keeps the triggers on
 *   and is slower, never wrong.
 * - A large table's secondary indexes and exclusion constraints are dropped first and
 *   rebuilt after its rows are in: one sorted build instead of a tree insert per row
 *   (five times less time for appointments on PGlite). Rebuilding the exclusion
 *   constraint checks every row, so no double booking gets in this way either.
 *   Definitions are read from the catalog (`pg_get_indexdef`, `pg_get_constraintdef`),
 *   so a later migration's index is rebuilt as it is declared.
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { sqlStateOf } from '../db/sql-state.ts';

export interface Column {
  readonly name: string;
  /** A PostgreSQL type; an array type (`text[]`) takes array literals such as `{en,es}`. */
  readonly type: string;
}

export interface TableLoad {
  readonly table: keyof Database & string;
  readonly columns: readonly Column[];
  /** One array per row, values in `columns` order. */
  readonly rows: readonly (readonly unknown[])[];
}

export interface LoadReport {
  readonly seconds: number;
  /** Whether triggers were off for the load (false: no privilege to turn them off). */
  readonly triggersOff: boolean;
  /** Seconds per table, indexes rebuilt included. */
  readonly tables: readonly {
    readonly table: string;
    readonly rows: number;
    readonly seconds: number;
  }[];
}

/** Rows a statement: large enough that the per-statement cost vanishes, small enough for PGlite's memory. */
const CHUNK = 5_000;
/** The tables `request_outcomes` (migration 0009) is derived from. */
const DERIVED_FROM: ReadonlySet<string> = new Set(['requests', 'appointments', 'clinicians']);

/** Tables with more rows than this have their secondary indexes rebuilt after the load. */
const REBUILD_INDEXES_FROM = 20_000;

export async function bulkLoad(
  db: Kysely<Database>,
  tables: readonly TableLoad[],
): Promise<LoadReport> {
  const started = performance.now();
  const timings: { table: string; rows: number; seconds: number }[] = [];
  const triggersOff = await db.transaction().execute(async (trx) => {
    const off = await turnTriggersOff(trx);
    for (const load of tables) {
      const tableStarted = performance.now();
      const deferred = load.rows.length > REBUILD_INDEXES_FROM ? await dropIndexes(trx, load) : [];
      await insertRows(trx, load);
      for (const statement of deferred) await run(trx, statement);
      const seconds = (performance.now() - tableStarted) / 1000;
      timings.push({ table: load.table, rows: load.rows.length, seconds });
    }
    if (off && tables.some((load) => DERIVED_FROM.has(load.table))) {
      // The triggers that keep request_outcomes current were off: derive it in one go.
      const derivedStarted = performance.now();
      await run(trx, 'SELECT rebuild_request_outcomes()');
      const seconds = (performance.now() - derivedStarted) / 1000;
      timings.push({ table: 'request_outcomes', rows: 0, seconds });
    }
    return off;
  });
  // Fresh statistics, or the first queries plan for empty tables.
  const analyzeStarted = performance.now();
  await run(db, 'ANALYZE');
  timings.push({ table: 'ANALYZE', rows: 0, seconds: (performance.now() - analyzeStarted) / 1000 });
  return { seconds: (performance.now() - started) / 1000, triggersOff, tables: timings };
}

async function run(
  db: Kysely<Database> | Transaction<Database>,
  text: string,
  params: readonly unknown[] = [],
): Promise<Record<string, unknown>[]> {
  const result = await db.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(text, [...params]),
  );
  return result.rows;
}

async function turnTriggersOff(trx: Transaction<Database>): Promise<boolean> {
  await run(trx, 'SAVEPOINT bulk_load_triggers');
  try {
    await run(trx, 'SET LOCAL session_replication_role = replica');
    return true;
  } catch (error) {
    // 42501: insufficient privilege. Anything else is a real failure.
    if (sqlStateOf(error) !== '42501') throw error;
    await run(trx, 'ROLLBACK TO SAVEPOINT bulk_load_triggers');
    return false;
  }
}

/** Drops the table's non-primary indexes and exclusion constraints; returns the statements that rebuild them. */
async function dropIndexes(trx: Transaction<Database>, load: TableLoad): Promise<string[]> {
  const rows = await run(
    trx,
    `SELECT ci.relname AS index_name, pg_get_indexdef(i.indexrelid) AS index_def,
            c.conname AS constraint_name, pg_get_constraintdef(c.oid) AS constraint_def
       FROM pg_index i
       JOIN pg_class ci ON ci.oid = i.indexrelid
       LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
      WHERE i.indrelid = to_regclass($1)
        AND NOT i.indisprimary
        AND (c.oid IS NULL OR c.contype = 'x')
      ORDER BY ci.relname`,
    [load.table],
  );
  const table = quoteIdent(load.table);
  const rebuild: string[] = [];
  for (const row of rows) {
    if (row.constraint_name) {
      const name = quoteIdent(String(row.constraint_name));
      await run(trx, `ALTER TABLE ${table} DROP CONSTRAINT ${name}`);
      rebuild.push(`ALTER TABLE ${table} ADD CONSTRAINT ${name} ${String(row.constraint_def)}`);
    } else {
      await run(trx, `DROP INDEX ${quoteIdent(String(row.index_name))}`);
      rebuild.push(String(row.index_def));
    }
  }
  return rebuild;
}

async function insertRows(trx: Transaction<Database>, load: TableLoad): Promise<void> {
  if (load.rows.length === 0) return;
  const names = load.columns.map((c) => quoteIdent(c.name)).join(', ');
  // Arrays travel as their text literals: unnest would flatten an array of arrays.
  const params = load.columns
    .map((c, i) => `$${i + 1}::${c.type.endsWith('[]') ? 'text' : c.type}[]`)
    .join(', ');
  const aliases = load.columns.map((_, i) => `c${i}`);
  const selected = load.columns
    .map((c, i) => (c.type.endsWith('[]') ? `${aliases[i]}::${c.type}` : aliases[i]))
    .join(', ');
  const text = `INSERT INTO ${quoteIdent(load.table)} (${names})
    SELECT ${selected} FROM unnest(${params}) AS u(${aliases.join(', ')})`;
  for (let from = 0; from < load.rows.length; from += CHUNK) {
    const chunk = load.rows.slice(from, from + CHUNK);
    await run(
      trx,
      text,
      load.columns.map((_, i) => chunk.map((row) => row[i] ?? null)),
    );
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
