/**
 * What counts as "holds data" for a restore, on PGlite (the same SQL as a server): a
 * database `timely serve` has just migrated holds none — the rows its migrations seed are
 * not anyone's data — and a single center entered is enough to hold some.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MigrationList, migrateToLatest } from '../db/migrate.ts';
import { type OpenedDatabase, openDatabase } from '../db/open-database.ts';
import { describeContents, hasTimelySchema } from './database-contents.ts';

describe('what a database holds', () => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await openDatabase({}); // in memory
  });
  afterAll(async () => {
    await opened.close();
  });

  it('a database never migrated is not a Timely database and holds nothing', async () => {
    expect(await hasTimelySchema(opened.db)).toBe(false);
    expect(await describeContents(opened.db)).toEqual({
      rows: {},
      totalRows: 0,
      timely: false,
      dataRows: 0,
      migration: undefined,
    });
  });

  it('a database just migrated holds no data, though its migrations seeded some tables', async () => {
    await migrateToLatest(opened.db);
    const contents = await describeContents(opened.db);
    expect(await hasTimelySchema(opened.db)).toBe(true);
    expect(contents.timely).toBe(true);
    expect(contents.dataRows).toBe(0);
    expect(contents.totalRows).toBeGreaterThan(0);
    expect(contents.migration).toBe(new MigrationList().names().at(-1));
  });

  it('a single center entered is data', async () => {
    await opened.db
      .insertInto('medical_centers')
      .values({ id: 'north', name: 'North', lat: 34.05, lon: -118.25 })
      .execute();
    const contents = await describeContents(opened.db);
    expect(contents.rows.medical_centers).toBe(1);
    // The center, and what triggers derive from it (the booking change feed).
    expect(contents.dataRows).toBeGreaterThanOrEqual(1);
  });
});
