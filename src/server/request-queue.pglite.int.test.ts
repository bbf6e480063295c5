/** The request queue over HTTP on embedded PGlite: always runs. */
import { describe } from 'vitest';
import { openTempPglite } from '../db/test-databases.ts';
import { describeRequestQueue } from './request-queue.suite.ts';

describe('the request queue on PGlite', () => {
  describeRequestQueue(openTempPglite);
});
