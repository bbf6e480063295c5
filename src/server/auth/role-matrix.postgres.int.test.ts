/**
 * The role matrix on a real PostgreSQL server, in a database made for this run.
 * Skipped, loudly, without TIMELY_TEST_DATABASE_URL.
 */
import { describe } from 'vitest';
import { openFreshServerDatabase, SERVER_URL_VARIABLE } from '../../db/test-databases.ts';
import { describeRoleMatrix } from './role-matrix.suite.ts';

const serverUrl = process.env[SERVER_URL_VARIABLE];

if (!serverUrl) {
  console.warn(
    `${SERVER_URL_VARIABLE} is not set: SKIPPING the role-matrix tests on a PostgreSQL server ` +
      `(set it, e.g. ${SERVER_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test).`,
  );
}

(serverUrl ? describe : describe.skip)('roles and sessions on a PostgreSQL server', () => {
  describeRoleMatrix(() => openFreshServerDatabase(serverUrl ?? ''));
});
