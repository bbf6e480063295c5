/** The access overview's aggregate routes on embedded PGlite, in a temporary folder: always runs. */
import { describe } from 'vitest';
import { openTempPglite } from '../../db/test-databases.ts';
import { describeAccessOverview } from './access-overview.suite.ts';

describe('access overview routes on PGlite', () => {
  describeAccessOverview(openTempPglite);
});
