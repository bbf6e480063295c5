/**
 * The data-layer suite on a real PostgreSQL server, in a database created for this run
 * and dropped after it. Runs when TIMELY_TEST_DATABASE_URL names a server (CI sets it);
 * otherwise it is skipped, and says so, so a green run without a server is not mistaken
 * for one with.
 */
import { describe } from 'vitest';
import { describeDataLayer } from './data-layer.suite.ts';
import { openFreshServerDatabase, SERVER_URL_VARIABLE } from './test-databases.ts';

const serverUrl = process.env[SERVER_URL_VARIABLE];

if (!serverUrl) {
  console.warn(
    `${SERVER_URL_VARIABLE} is not set: SKIPPING the data-layer tests on a PostgreSQL server ` +
      `(set it, e.g. ${SERVER_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test).`,
  );
}

(serverUrl ? describe : describe.skip)('data layer on a PostgreSQL server', () => {
  describeDataLayer(() => openFreshServerDatabase(serverUrl ?? ''));
});
