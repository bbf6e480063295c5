/**
 * The database as `timely serve` opens it, for import and export: the PostgreSQL server
 * in DATABASE_URL when set, else PGlite with its data in `dataDir`; migrated first.
 */
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../db/migrate.ts';
import { openDatabase, redactPassword } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';

export interface Store {
  readonly db: Kysely<Database>;
  /** for messages: "PostgreSQL at …" or "PGlite in …" (no password) */
  readonly description: string;
  close(): Promise<void>;
}

export async function openStore(dataDir: string, shownDataDir: string): Promise<Store> {
  const url = process.env.DATABASE_URL || undefined;
  const opened = await openDatabase({ url, dataDir });
  try {
    await migrateToLatest(opened.db);
  } catch (error) {
    await opened.close();
    throw error;
  }
  const description =
    opened.backend === 'postgres' && url
      ? `PostgreSQL at ${redactPassword(url)}`
      : `PGlite in ${shownDataDir}`;
  return { db: opened.db, description, close: opened.close };
}

/** Table names as people say them, for the counts an import and export print. */
export const TABLE_LABELS: Readonly<Record<string, string>> = {
  medical_centers: 'centers',
  clinicians: 'clinicians',
  templates: 'templates',
  template_sessions: 'template sessions',
  admin_blocks: 'admin blocks',
  stoppages: 'stoppages',
  time_off: 'time off',
  patients: 'patients',
  requests: 'requests',
  appointments: 'appointments',
};
