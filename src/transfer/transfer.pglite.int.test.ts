/** Import and export on embedded PGlite, in temporary folders: always runs. */
import { describe } from 'vitest';
import { openTempPglite } from '../db/test-databases.ts';
import { describeTransfer } from './transfer.suite.ts';

describe('import and export on PGlite', () => {
  describeTransfer(openTempPglite);
});
