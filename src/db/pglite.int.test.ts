/** The data-layer suite on embedded PGlite, in a temporary folder: always runs. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeDataLayer } from './data-layer.suite.ts';
import { migrateToLatest } from './migrate.ts';
import { openDatabase } from './open-database.ts';
import { openTempPglite } from './test-databases.ts';

describe('data layer on PGlite', () => {
  describeDataLayer(openTempPglite);
});

describe('PGlite data folder', () => {
  it('keeps rows and the migration record across a close and reopen', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'timely-db-reopen-'));
    try {
      const first = await openDatabase({ dataDir });
      expect(first.backend).toBe('pglite');
      await migrateToLatest(first.db);
      await first.db.insertInto('medical_centers').values({ id: 'north', name: 'North' }).execute();
      await first.close();

      const second = await openDatabase({ dataDir });
      try {
        expect(await migrateToLatest(second.db)).toEqual([]);
        const centers = await second.db.selectFrom('medical_centers').select('id').execute();
        expect(centers).toEqual([{ id: 'north' }]);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
