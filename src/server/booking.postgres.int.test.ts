/**
 * The booking endpoints' suite on a real PostgreSQL server, in a database made for this
 * run: here hundreds of concurrent POSTs over a real socket race for a few slots.
 * Skipped, loudly, without TIMELY_TEST_DATABASE_URL.
 */
import { describe } from 'vitest';
import { openFreshServerDatabase, SERVER_URL_VARIABLE } from '../db/test-databases.ts';
import { describeBookingApi } from './booking.suite.ts';

const serverUrl = process.env[SERVER_URL_VARIABLE];

if (!serverUrl) {
  console.warn(
    `${SERVER_URL_VARIABLE} is not set: SKIPPING the booking API tests on a PostgreSQL ` +
      `server, including the concurrent HTTP booking race (set it, e.g. ` +
      `${SERVER_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test).`,
  );
}

(serverUrl ? describe : describe.skip)('booking API on a PostgreSQL server', () => {
  describeBookingApi(() => openFreshServerDatabase(serverUrl ?? ''), { racers: 240 });
});
