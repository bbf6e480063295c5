/**
 * Clinician utilisation over HTTP on a real PostgreSQL server, in a database created for
 * this run and dropped after it. Runs when TIMELY_TEST_DATABASE_URL names a server (CI
 * sets it); otherwise it is skipped, and says so.
 */
import { describe } from 'vitest';
import { openFreshServerDatabase, SERVER_URL_VARIABLE } from '../db/test-databases.ts';
import { describeUtilisation } from './utilisation.suite.ts';

const serverUrl = process.env[SERVER_URL_VARIABLE];

if (!serverUrl) {
  console.warn(
    `${SERVER_URL_VARIABLE} is not set: SKIPPING the utilisation tests on a PostgreSQL ` +
      `server (set it, e.g. ${SERVER_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test).`,
  );
}

(serverUrl ? describe : describe.skip)('clinician utilisation on a PostgreSQL server', () => {
  describeUtilisation(() => openFreshServerDatabase(serverUrl ?? ''));
});
