/** The HTTP API suite on embedded PGlite, in a temporary folder: always runs. */
import { describe } from 'vitest';
import { openTempPglite } from '../db/test-databases.ts';
import { describeApi } from './api.suite.ts';

describe('HTTP API on PGlite', () => {
  describeApi(openTempPglite);
});
