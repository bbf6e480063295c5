/** Hotline cases over HTTP on embedded PGlite: always runs. */
import { describe } from 'vitest';
import { openTempPglite } from '../db/test-databases.ts';
import { describeHotline } from './hotline.suite.ts';

describe('hotline cases on PGlite', () => {
  describeHotline(openTempPglite);
});
