/** The at-risk and breach lists over HTTP on a PostgreSQL server; skipped, loudly, without one. */
import { describe } from 'vitest';
import { openFreshServerDatabase, SERVER_URL_VARIABLE } from '../db/test-databases.ts';
import { describeAccessLists } from './access-lists.suite.ts';

const serverUrl = process.env[SERVER_URL_VARIABLE];

if (!serverUrl) {
  console.warn(
    `${SERVER_URL_VARIABLE} is not set: SKIPPING the access-list API tests on a PostgreSQL ` +
      `server (set it, e.g. ${SERVER_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test).`,
  );
}

(serverUrl ? describe : describe.skip)(
  'the at-risk and breach lists on a PostgreSQL server',
  () => {
    describeAccessLists(() => openFreshServerDatabase(serverUrl ?? ''));
  },
);
