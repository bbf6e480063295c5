/** Hotline cases over HTTP on a PostgreSQL server; skipped, loudly, without one. */
import { describe } from 'vitest';
import { openFreshServerDatabase, SERVER_URL_VARIABLE } from '../db/test-databases.ts';
import { describeHotline } from './hotline.suite.ts';

const serverUrl = process.env[SERVER_URL_VARIABLE];

if (!serverUrl) {
  console.warn(
    `${SERVER_URL_VARIABLE} is not set: SKIPPING the hotline API tests on a PostgreSQL ` +
      `server (set it, e.g. ${SERVER_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test).`,
  );
}

(serverUrl ? describe : describe.skip)('hotline cases on a PostgreSQL server', () => {
  describeHotline(() => openFreshServerDatabase(serverUrl ?? ''));
});
