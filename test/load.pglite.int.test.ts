/** The mixed load on embedded PGlite, in a data folder made for the run. */
import { describe } from 'vitest';
import { describeLoad } from './load.suite.ts';
import { pgliteTier } from './server-tiers.ts';

describe('mixed load on PGlite', () => {
  describeLoad(pgliteTier());
});
