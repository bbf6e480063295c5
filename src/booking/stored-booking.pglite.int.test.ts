/** Booking stored requests on embedded PGlite (one connection: racers are serialised). */
import { describe } from 'vitest';
import { openTempPglite } from '../db/test-databases.ts';
import { describeStoredBooking } from './stored-booking.suite.ts';

describe('booking stored requests on PGlite', () => {
  describeStoredBooking(openTempPglite, { racers: 10 });
});
