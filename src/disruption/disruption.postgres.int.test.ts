/** The disruption plan on a PostgreSQL server; skipped, loudly, without one. */
import { describe } from 'vitest';
import { openFreshServerDatabase, SERVER_URL_VARIABLE } from '../db/test-databases.ts';
import { describeDisruption } from './disruption.suite.ts';

const serverUrl = process.env[SERVER_URL_VARIABLE];

if (!serverUrl) {
  console.warn(
    `${SERVER_URL_VARIABLE} is not set: SKIPPING the disruption-plan tests on a PostgreSQL ` +
      `server (set it, e.g. ${SERVER_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test).`,
  );
}

(serverUrl ? describe : describe.skip)('the disruption plan on a PostgreSQL server', () => {
  describeDisruption(() => openFreshServerDatabase(serverUrl ?? ''));
});
