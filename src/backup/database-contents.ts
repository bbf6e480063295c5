/**
 * What a database holds, table by table: what `timely backup` and `timely restore`
 * report, and how restore decides whether a database is empty. Read from the catalog
 * rather than from schema.ts's TABLES, so a database at an older (or newer) migration
 * than this Timely is described as it is.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Kysely's bookkeeping of applied migrations: schema, not data. */
export const MIGRATION_TABLES: ReadonlySet<string> = new Set([
  'kysely_migration',
  'kysely_migration_lock',
]);

/**
 * Tables the migrations themselves fill (0012: the calendar's business-day numbering and
 * the standards' units; 0017: the access stamp's one row), so a database just migrated
 * by `timely serve` has rows in them and nothing anyone entered. A new migration that seeds a table belongs here; until it
 * is, restore merely asks for --force on a fresh database (the safe way to be wrong), and
 * `database-contents.int.test.ts` fails.
 */
export const SEEDED_TABLES: ReadonlySet<string> = new Set([
  'business_day_ordinals',
  'standard_wait_units',
  'access_version',
]);

export interface DatabaseContents {
  /** Rows per table of the current schema, tables in name order. */
  readonly rows: Readonly<Record<string, number>>;
  /** Rows in every table, all counted. */
  readonly totalRows: number;
  /** Whether migrations ran here: Kysely's table exists. */
  readonly timely: boolean;
  /** Rows in every table but the migrations' (bookkeeping, seeded): 0 means "holds no data". */
  readonly dataRows: number;
  /** The newest migration applied, when there is one. */
  readonly migration: string | undefined;
}

export async function tablesOf(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_catalog.pg_tables
    WHERE schemaname = current_schema()
    ORDER BY tablename COLLATE "C"`.execute(db);
  return rows.map((row) => row.name);
}

/** Exact counts (a full scan per table): backups are rare, and the user wants the truth. */
export async function describeContents(db: Kysely<Database>): Promise<DatabaseContents> {
  const tables = await tablesOf(db);
  const rows: Record<string, number> = {};
  if (tables.length > 0) {
    const counts = sql.join(
      tables.map((table) => sql`SELECT ${table} AS name, count(*) AS n FROM ${sql.id(table)}`),
      sql` UNION ALL `,
    );
    const result = await sql<{ name: string; n: number | string }>`${counts}`.execute(db);
    for (const row of result.rows) rows[row.name] = Number(row.n);
  }
  const timely = 'kysely_migration' in rows;
  const dataRows = Object.entries(rows)
    .filter(([table]) => !MIGRATION_TABLES.has(table) && !SEEDED_TABLES.has(table))
    .reduce((sum, [, n]) => sum + n, 0);
  const migration = timely
    ? (
        await sql<{ name: string }>`
          SELECT name FROM kysely_migration ORDER BY name COLLATE "C" DESC LIMIT 1`.execute(db)
      ).rows[0]?.name
    : undefined;
  const totalRows = Object.values(rows).reduce((sum, n) => sum + n, 0);
  return { rows, totalRows, timely, dataRows, migration };
}

/** Whether migrations ran here and the audit trail exists: a Timely database. */
export async function hasTimelySchema(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`
    SELECT to_regclass('kysely_migration') IS NOT NULL
      AND to_regclass('audit_events') IS NOT NULL AS found`.execute(db);
  return rows[0]?.found === true;
}
