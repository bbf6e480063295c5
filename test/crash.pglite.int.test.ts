/**
 * Crashes under load on embedded PGlite: the server process owns the data folder, and
 * each SIGKILL leaves it as a crash would; the next start recovers it. The test opens the
 * folder itself only before the first start and after the last stop, never while a
 * server holds it (PGlite is one process's database).
 */
import { describe } from 'vitest';
import { describeCrashes } from './crash.suite.ts';
import { pgliteTier } from './server-tiers.ts';

describe('crashes on PGlite', () => {
  describeCrashes(pgliteTier());
});
