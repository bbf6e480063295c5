/** The public status page's figures on embedded PGlite, in a temporary folder: always runs. */
import { describe } from 'vitest';
import { openTempPglite } from '../db/test-databases.ts';
import { describePublicStatus } from './public-status.suite.ts';

describe('public status on PGlite', () => {
  describePublicStatus(openTempPglite);
});
