/**
 * Booking stored requests on a real PostgreSQL server, where the racers really run at
 * once over the pool. Skipped, loudly, without TIMELY_TEST_DATABASE_URL.
 */
import { describe } from 'vitest';
import { openFreshServerDatabase, SERVER_URL_VARIABLE } from '../db/test-databases.ts';
import { describeStoredBooking } from './stored-booking.suite.ts';

const serverUrl = process.env[SERVER_URL_VARIABLE];

if (!serverUrl) {
  console.warn(
    `${SERVER_URL_VARIABLE} is not set: SKIPPING booking stored requests on a PostgreSQL ` +
      `server (set it, e.g. ${SERVER_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test).`,
  );
}

(serverUrl ? describe : describe.skip)('booking stored requests on a PostgreSQL server', () => {
  describeStoredBooking(() => openFreshServerDatabase(serverUrl ?? ''), { racers: 50 });
});
