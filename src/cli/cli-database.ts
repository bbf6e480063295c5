/**
 * Runs a command's work on the database `timely serve` would use (`openStore`: the
 * server in DATABASE_URL, else PGlite in `--data`, default ./data; migrated first), and
 * closes it again whatever the work does.
 */
import { resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CliIO } from './io.ts';

export const DEFAULT_DATA_DIR = './data';

export async function withCliDatabase<T>(
  dataOption: string | undefined,
  io: CliIO,
  work: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  // Loaded here: every command module is imported on every invocation of `timely`.
  const { openStore } = await import('../transfer/open-store.ts');
  const shown = dataOption ?? DEFAULT_DATA_DIR;
  const store = await openStore(resolve(io.cwd, shown), shown);
  try {
    return await work(store.db);
  } finally {
    await store.close();
  }
}
