/**
 * Versioned migrations: every `NNNN_name.ts` module in `migrations/` exporting `up`,
 * applied in name order by Kysely's Migrator, each in its own transaction, recorded in
 * `kysely_migration` so a second run applies nothing. Kysely takes an advisory lock
 * first, so two servers starting together do not both migrate.
 *
 * Adding a migration is adding its file and its line in `migration-list.ts` (a test
 * fails when the two disagree): the bundled server has no folder to scan.
 * `MigrationFolder` reads the folder itself, for that test and for test folders.
 * Migrations are never edited once merged; a change is a new file.
 */
import { readdir } from 'node:fs/promises';
import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import { MIGRATION_MODULES } from './migration-list.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const MIGRATION_FILE = /^(\d{4}_[a-z0-9_]+)\.(ts|js|mjs)$/;

/** Reads `NNNN_name.ts` modules; anything else in the folder is refused, not skipped. */
export class MigrationFolder implements MigrationProvider {
  constructor(private readonly directory: URL = MIGRATIONS_DIR) {}

  /** The migrations' names, from the file names alone (nothing imported). */
  async names(): Promise<string[]> {
    return (await readdir(this.directory))
      .map((file) => MIGRATION_FILE.exec(file)?.[1])
      .filter((name): name is string => name !== undefined)
      .sort();
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of (await readdir(this.directory)).sort()) {
      const name = MIGRATION_FILE.exec(file)?.[1];
      if (name === undefined) {
        throw new Error(`migrations/${file}: a migration is named NNNN_snake_case.ts`);
      }
      if (name in migrations) throw new Error(`migrations/${file}: ${name} exists twice`);
      const module: unknown = await import(new URL(file, this.directory).href);
      const up =
        typeof module === 'object' && module !== null && 'up' in module ? module.up : undefined;
      if (typeof up !== 'function') {
        throw new Error(`migrations/${file} does not export up(db)`);
      }
      migrations[name] = { up: (db) => up(db) };
    }
    return migrations;
  }
}

/** The migrations of `migration-list.ts`: the one the server and the CLI use. */
export class MigrationList implements MigrationProvider {
  names(): string[] {
    return Object.keys(MIGRATION_MODULES).sort();
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const name of this.names()) {
      const { up } = await MIGRATION_MODULES[name]!();
      migrations[name] = { up: (db) => up(db) };
    }
    return migrations;
  }
}

/**
 * Brings the schema to the newest migration and returns the names it applied (none
 * when already current). Throws, naming the migration, if one fails; that migration's
 * transaction is rolled back and later ones are not attempted.
 */
export async function migrateToLatest<T>(
  db: Kysely<T>,
  provider: MigrationProvider = new MigrationList(),
): Promise<string[]> {
  // Every start of the server comes here: when the schema is current (the usual case),
  // say so from one query instead of importing every migration and taking the
  // migrator's lock (about a second on a large PGlite folder).
  const names =
    provider instanceof MigrationList || provider instanceof MigrationFolder
      ? await provider.names()
      : undefined;
  if (names !== undefined && (await isCurrent(db, names))) {
    return [];
  }
  const { error, results = [] } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results.find((result) => result.status === 'Error');
  if (error !== undefined) {
    const where = failed ? `migration ${failed.migrationName}` : 'migrations';
    throw new Error(`${where} failed: ${error instanceof Error ? error.message : error}`, {
      cause: error,
    });
  }
  return results.filter((result) => result.status === 'Success').map((r) => r.migrationName);
}

/** Whether the database has applied exactly these migrations (Kysely's own table). */
async function isCurrent<T>(db: Kysely<T>, names: readonly string[]): Promise<boolean> {
  // Two statements: a query naming a table that does not exist fails when it is parsed.
  const table = await sql<{ found: boolean }>`
    SELECT to_regclass('kysely_migration') IS NOT NULL AS found`.execute(db);
  if (!table.rows[0]?.found) return false;
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM kysely_migration`.execute(db);
  // Sorted here, as the folder's names are: the database's collation may order otherwise.
  return (
    rows
      .map((row) => row.name)
      .sort()
      .join('\n') === names.join('\n')
  );
}
