/**
 * The two back ends as the backup suite (`backup.suite.ts`) needs them: a new, empty
 * database, what points `timely` at it (DATABASE_URL, or `--data DIR`), and a way to
 * look inside it between runs of `timely`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { openDatabase } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';
import { openFreshServerDatabase } from '../db/test-databases.ts';

export interface TierDatabase {
  /** DATABASE_URL for `timely` ('' for PGlite, so a developer's own setting is ignored). */
  readonly databaseUrl: string;
  /** Arguments that name the PGlite folder (none for a server). */
  readonly dataArgs: readonly string[];
  /** Runs `work` on the database; PGlite's folder is closed again afterwards, as `timely` needs. */
  use<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  dispose(): Promise<void>;
}

export interface BackupTier {
  readonly name: 'pglite' | 'postgres';
  /** A database that does not exist yet (PGlite: a folder not yet created). */
  create(): Promise<TierDatabase>;
}

export const pgliteTier: BackupTier = {
  name: 'pglite',
  async create() {
    const root = await mkdtemp(join(tmpdir(), 'timely-backup-db-'));
    const dataDir = join(root, 'data');
    return {
      databaseUrl: '',
      dataArgs: ['--data', dataDir],
      async use(work) {
        const opened = await openDatabase({ dataDir });
        try {
          return await work(opened.db);
        } finally {
          await opened.close();
        }
      },
      dispose: () => rm(root, { recursive: true, force: true }),
    };
  },
};

export function serverTier(serverUrl: string): BackupTier {
  return {
    name: 'postgres',
    async create() {
      const fresh = await openFreshServerDatabase(serverUrl);
      const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(
        fresh.db,
      );
      const url = new URL(serverUrl);
      url.pathname = `/${rows[0]?.name}`;
      return {
        databaseUrl: url.toString(),
        dataArgs: [],
        // Idle pool connections hold no locks: pg_restore's DROPs do not wait on them.
        use: (work) => work(fresh.db),
        dispose: () => fresh.dispose(),
      };
    },
  };
}
