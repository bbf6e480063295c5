/**
 * The booking endpoints' suite on embedded PGlite, in a temporary folder: always runs.
 * No race here: PGlite has one connection, so concurrent bookings would only queue.
 */
import { describe } from 'vitest';
import { openTempPglite } from '../db/test-databases.ts';
import { describeBookingApi } from './booking.suite.ts';

describe('booking API on PGlite', () => {
  describeBookingApi(openTempPglite, { racers: 0 });
});
