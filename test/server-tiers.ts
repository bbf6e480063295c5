/**
 * The two back ends a test can run a real `timely serve` process on: a fresh database on
 * the PostgreSQL server, or a fresh PGlite data folder. The test readies the database
 * (`setUp`) before any server runs on it, and reads it (`inspect`) only while none does:
 * PGlite is one process's database, so its folder is opened here only then.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { openDatabase } from '../src/db/open-database.ts';
import type { Database } from '../src/db/schema.ts';
import { openFreshServerDatabase } from '../src/db/test-databases.ts';
import type { ServerTarget } from './crash-server.ts';

export interface ServerTier {
  readonly name: 'postgres' | 'pglite';
  /** A fresh database, made ready by `setUp` before any server runs on it. */
  prepare<T>(setUp: (db: Kysely<Database>) => Promise<T>): Promise<PreparedDatabase<T>>;
}

export interface PreparedDatabase<T> {
  readonly setUp: T;
  readonly target: ServerTarget;
  /** Runs `look` on the database; only while no server runs on it (PGlite is opened here). */
  inspect<R>(look: (db: Kysely<Database>) => Promise<R>): Promise<R>;
  dispose(): Promise<void>;
}

/** A database of its own on the PostgreSQL server at `serverUrl`, dropped by `dispose`. */
export function postgresTier(serverUrl: string): ServerTier {
  return {
    name: 'postgres',
    async prepare(setUp) {
      const database = await openFreshServerDatabase(serverUrl);
      try {
        const ready = await setUp(database.db);
        // The server process connects to the same fresh database, by name.
        const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(
          database.db,
        );
        const url = new URL(serverUrl);
        url.pathname = `/${rows[0]?.name}`;
        return {
          setUp: ready,
          // --data is ignored when DATABASE_URL is set; nothing is written there.
          target: { databaseUrl: url.toString(), dataDir: tmpdir() },
          inspect: (look) => look(database.db),
          dispose: () => database.dispose(),
        };
      } catch (error) {
        await database.dispose();
        throw error;
      }
    },
  };
}

/** A new PGlite data folder, removed by `dispose`. */
export function pgliteTier(): ServerTier {
  return {
    name: 'pglite',
    async prepare(setUp) {
      const dataDir = await mkdtemp(join(tmpdir(), 'timely-served-'));
      const inspect = async <R>(look: (db: Kysely<Database>) => Promise<R>): Promise<R> => {
        const opened = await openDatabase({ dataDir });
        try {
          return await look(opened.db);
        } finally {
          await opened.close();
        }
      };
      try {
        return {
          setUp: await inspect(setUp),
          target: { dataDir },
          inspect,
          dispose: () => rm(dataDir, { recursive: true, force: true }),
        };
      } catch (error) {
        await rm(dataDir, { recursive: true, force: true });
        throw error;
      }
    },
  };
}
