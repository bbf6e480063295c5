/**
 * The booking-service suite on a real PostgreSQL server, in a database made for this run:
 * here the race test's hundreds of `book` calls run at once over the pool's connections.
 * Skipped, loudly, without TIMELY_TEST_DATABASE_URL.
 */
import { describe } from 'vitest';
import { openFreshServerDatabase, SERVER_URL_VARIABLE } from '../db/test-databases.ts';
import { describeBookingService } from './booking-service.suite.ts';

const serverUrl = process.env[SERVER_URL_VARIABLE];

if (!serverUrl) {
  console.warn(
    `${SERVER_URL_VARIABLE} is not set: SKIPPING the booking-service tests on a PostgreSQL ` +
      `server, including the concurrent-booking race (set it, e.g. ` +
      `${SERVER_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test).`,
  );
}

(serverUrl ? describe : describe.skip)('booking service on a PostgreSQL server', () => {
  describeBookingService(() => openFreshServerDatabase(serverUrl ?? ''), { racers: 300 });
});
