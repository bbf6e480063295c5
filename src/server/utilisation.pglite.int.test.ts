/** Clinician utilisation over HTTP on embedded PGlite, in a temporary folder: always runs. */
import { describe } from 'vitest';
import { openTempPglite } from '../db/test-databases.ts';
import { describeUtilisation } from './utilisation.suite.ts';

describe('clinician utilisation on PGlite', () => {
  describeUtilisation(openTempPglite);
});
