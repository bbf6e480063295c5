/**
 * Throw-away databases for the data-layer tests, one per test file run: PGlite in a
 * fresh temporary folder, or a freshly created database on the PostgreSQL server named
 * by `TIMELY_TEST_DATABASE_URL` (so parallel runs and CI jobs never see each other's
 * rows), dropped again afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type OpenedDatabase, openDatabase } from './open-database.ts';

export const SERVER_URL_VARIABLE = 'TIMELY_TEST_DATABASE_URL';

export interface TestDatabase extends OpenedDatabase {
  /** Closes the database and deletes it (folder or server database). */
  dispose(): Promise<void>;
}

export async function openTempPglite(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'timely-db-test-'));
  const opened = await openDatabase({ dataDir });
  return {
    ...opened,
    async dispose() {
      await opened.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** `serverUrl` names any database the role can connect to and create databases from. */
export async function openFreshServerDatabase(serverUrl: string): Promise<TestDatabase> {
  // Generated from [a-z0-9_] only, so it is safe to splice into CREATE/DROP DATABASE.
  const name = `timely_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  // template0: the database starts truly empty, whatever was added to template1.
  await onServer(serverUrl, `CREATE DATABASE ${name} TEMPLATE template0`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let opened: OpenedDatabase;
  try {
    opened = await openDatabase({ url: url.toString() });
  } catch (error) {
    await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name}`);
    throw error;
  }
  return {
    ...opened,
    async dispose() {
      await opened.close();
      // WITH (FORCE), PostgreSQL 13+: a connection a failed test left open must not
      // keep the database alive.
      await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
