/** request_outcomes kept by triggers, on embedded PGlite: always runs. */
import { describe } from 'vitest';
import { describeRequestOutcomes } from './request-outcomes.suite.ts';
import { openTempPglite } from './test-databases.ts';

describe('request_outcomes on PGlite', () => {
  describeRequestOutcomes(openTempPglite);
});
