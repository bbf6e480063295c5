/**
 * Crashes under load on a real PostgreSQL server, in a database made for this run: the
 * killed server's connections die with it, so PostgreSQL rolls back whatever they had
 * not committed. Skipped, loudly, without TIMELY_TEST_DATABASE_URL.
 */
import { tmpdir } from 'node:os';
import { sql } from 'kysely';
import { describe } from 'vitest';
import { openFreshServerDatabase, SERVER_URL_VARIABLE } from '../src/db/test-databases.ts';
import { describeCrashes } from './crash.suite.ts';

const serverUrl = process.env[SERVER_URL_VARIABLE];

if (!serverUrl) {
  console.warn(
    `${SERVER_URL_VARIABLE} is not set: SKIPPING the crash tests on a PostgreSQL server ` +
      `(set it, e.g. ${SERVER_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test).`,
  );
}

(serverUrl ? describe : describe.skip)('crashes on a PostgreSQL server', () => {
  describeCrashes({
    name: 'postgres',
    async prepare(setUp) {
      const database = await openFreshServerDatabase(serverUrl ?? '');
      try {
        const ready = await setUp(database.db);
        // The server process connects to the same fresh database, by name.
        const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(
          database.db,
        );
        const url = new URL(serverUrl ?? '');
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
  });
});
