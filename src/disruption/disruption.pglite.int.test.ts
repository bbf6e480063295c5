/** The disruption plan on embedded PGlite: always runs. */
import { describe } from 'vitest';
import { openTempPglite } from '../db/test-databases.ts';
import { describeDisruption } from './disruption.suite.ts';

describe('the disruption plan on PGlite', () => {
  describeDisruption(openTempPglite);
});
