/** The accounts suite on embedded PGlite: always runs. */
import { describe } from 'vitest';
import { openTempPglite } from '../db/test-databases.ts';
import { describeAccounts } from './accounts.suite.ts';

describe('accounts on PGlite', () => {
  describeAccounts(openTempPglite);
});
