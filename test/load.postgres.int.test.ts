/**
 * The mixed load on a real PostgreSQL server, in a database made for the run. Skipped,
 * loudly, without TIMELY_TEST_DATABASE_URL.
 */
import { describe } from 'vitest';
import { SERVER_URL_VARIABLE } from '../src/db/test-databases.ts';
import { describeLoad } from './load.suite.ts';
import { postgresTier } from './server-tiers.ts';

const serverUrl = process.env[SERVER_URL_VARIABLE];

if (!serverUrl) {
  console.warn(
    `${SERVER_URL_VARIABLE} is not set: SKIPPING the load test on a PostgreSQL server ` +
      `(set it, e.g. ${SERVER_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test).`,
  );
}

(serverUrl ? describe : describe.skip)('mixed load on a PostgreSQL server', () => {
  describeLoad(postgresTier(serverUrl ?? ''));
});
