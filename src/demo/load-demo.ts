/**
 * Loads the demo network into a migrated database that holds nothing yet: builds the
 * dataset (`dataset.ts`), bulk-loads it in one transaction (`bulk-load.ts`), then
 * creates the demo accounts (`accounts.ts`). A database that already holds records or
 * accounts is refused, so the demo never mixes with anything.
 */
import { type Kysely, sql } from 'kysely';
import { refreshRecentUtilisation } from '../access/utilisation-rollup.ts';
import type { Database } from '../db/schema.ts';
import { TimelyError } from '../engine/errors.ts';
import { createDemoAccounts, type DemoLogin } from './accounts.ts';
import { bulkLoad, type LoadReport } from './bulk-load.ts';
import { buildDemoDataset, type DemoOptions } from './dataset.ts';

export interface DemoLoad {
  readonly counts: Readonly<Record<string, number>>;
  readonly logins: readonly DemoLogin[];
  /** Seconds to generate the dataset (the engine's work), to load it, and in all. */
  readonly buildSeconds: number;
  readonly loadSeconds: number;
  readonly seconds: number;
  /** The load's seconds per table. */
  readonly tables: LoadReport['tables'];
}

/** Tables whose rows make a database "not empty" for the demo. */
const OWNED_TABLES = ['medical_centers', 'clinicians', 'patients', 'users'] as const;

/** Whether the database holds no centers, clinicians, patients or accounts. */
export async function databaseIsEmpty(db: Kysely<Database>): Promise<boolean> {
  for (const table of OWNED_TABLES) {
    const row = await db
      .selectFrom(table)
      .select(sql<number>`1`.as('one'))
      .limit(1)
      .executeTakeFirst();
    if (row) return false;
  }
  return true;
}

export async function loadDemo(db: Kysely<Database>, options: DemoOptions): Promise<DemoLoad> {
  const started = performance.now();
  if (!(await databaseIsEmpty(db))) {
    throw new TimelyError(
      'FIELD_INVALID',
      'the database already holds data: the demo loads only into an empty one (use another --data folder)',
      { path: '--data' },
    );
  }
  const dataset = buildDemoDataset(options);
  const buildSeconds = (performance.now() - started) / 1000;
  const load = await bulkLoad(db, dataset.tables);
  const logins = await createDemoAccounts(db, dataset.demoClinician);
  // The overview's utilisation weeks now, not on its first look (docs/utilisation.md).
  await refreshRecentUtilisation(db, 13);
  return {
    counts: dataset.counts,
    logins,
    buildSeconds,
    loadSeconds: load.seconds,
    tables: load.tables,
    seconds: (performance.now() - started) / 1000,
  };
}
