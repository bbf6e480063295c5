/** Backup and restore round trip on embedded PGlite: always runs. */
import { describe } from 'vitest';
import { describeBackupRoundTrip } from './backup.suite.ts';
import { pgliteTier } from './backup-tiers.ts';

describe('timely backup and restore on PGlite', () => {
  describeBackupRoundTrip(pgliteTier);
});
