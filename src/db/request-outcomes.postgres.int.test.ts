/** request_outcomes kept by triggers, on a PostgreSQL server; skipped, loudly, without one. */
import { describe } from 'vitest';
import { describeRequestOutcomes } from './request-outcomes.suite.ts';
import { openFreshServerDatabase, SERVER_URL_VARIABLE } from './test-databases.ts';

const serverUrl = process.env[SERVER_URL_VARIABLE];

if (!serverUrl) {
  console.warn(
    `${SERVER_URL_VARIABLE} is not set: SKIPPING the request_outcomes tests on a PostgreSQL ` +
      `server (set it, e.g. ${SERVER_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test).`,
  );
}

(serverUrl ? describe : describe.skip)('request_outcomes on a PostgreSQL server', () => {
  describeRequestOutcomes(() => openFreshServerDatabase(serverUrl ?? ''));
});
