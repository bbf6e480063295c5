/**
 * Crashes under load on embedded PGlite: the server process owns the data folder, and
 * each SIGKILL leaves it as a crash would; the next start recovers it. The test opens the
 * folder itself only before the first start and after the last stop, never while a
 * server holds it (PGlite is one process's database).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { describe } from 'vitest';
import { openDatabase } from '../src/db/open-database.ts';
import type { Database } from '../src/db/schema.ts';
import { describeCrashes } from './crash.suite.ts';

describe('crashes on PGlite', () => {
  describeCrashes({
    name: 'pglite',
    async prepare(setUp) {
      const dataDir = await mkdtemp(join(tmpdir(), 'timely-crash-'));
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
  });
});
