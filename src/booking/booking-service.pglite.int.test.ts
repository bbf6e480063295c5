/**
 * The booking-service suite on embedded PGlite: always runs. PGlite has one connection,
 * so the race test's concurrent calls are serialised there; it proves the conflict path,
 * not concurrency (that is the server tier's job).
 */
import { describe } from 'vitest';
import { openTempPglite } from '../db/test-databases.ts';
import { describeBookingService } from './booking-service.suite.ts';

describe('booking service on PGlite', () => {
  describeBookingService(openTempPglite, { racers: 40 });
});
