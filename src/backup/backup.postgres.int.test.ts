/** Backup and restore round trip on a PostgreSQL server; skipped, loudly, without one. */
import { describe } from 'vitest';
import { SERVER_URL_VARIABLE } from '../db/test-databases.ts';
import { describeBackupRoundTrip } from './backup.suite.ts';
import { serverTier } from './backup-tiers.ts';

const serverUrl = process.env[SERVER_URL_VARIABLE];

if (!serverUrl) {
  console.warn(
    `${SERVER_URL_VARIABLE} is not set: SKIPPING the backup and restore tests on a PostgreSQL ` +
      `server (set it, e.g. ${SERVER_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test).`,
  );
}

(serverUrl ? describe : describe.skip)('timely backup and restore on a PostgreSQL server', () => {
  describeBackupRoundTrip(serverTier(serverUrl ?? ''));
});
