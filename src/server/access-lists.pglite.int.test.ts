/** The at-risk and breach lists over HTTP on embedded PGlite: always runs. */
import { describe } from 'vitest';
import { openTempPglite } from '../db/test-databases.ts';
import { describeAccessLists } from './access-lists.suite.ts';

describe('the at-risk and breach lists on PGlite', () => {
  describeAccessLists(openTempPglite);
});
