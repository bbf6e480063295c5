/**
 * Crashes under load on a real PostgreSQL server, in a database made for this run: the
 * killed server's connections die with it, so PostgreSQL rolls back whatever they had
 * not committed. Skipped, loudly, without TIMELY_TEST_DATABASE_URL.
 */
import { describe } from 'vitest';
import { SERVER_URL_VARIABLE } from '../src/db/test-databases.ts';
import { describeCrashes } from './crash.suite.ts';
import { postgresTier } from './server-tiers.ts';

const serverUrl = process.env[SERVER_URL_VARIABLE];

if (!serverUrl) {
  console.warn(
    `${SERVER_URL_VARIABLE} is not set: SKIPPING the crash tests on a PostgreSQL server ` +
      `(set it, e.g. ${SERVER_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test).`,
  );
}

(serverUrl ? describe : describe.skip)('crashes on a PostgreSQL server', () => {
  describeCrashes(postgresTier(serverUrl ?? ''));
});
