/**
 * Runs the API: opens the database (a server when a URL is given, else PGlite in
 * `dataDir`), migrates it to the latest schema, and listens. `close()` stops accepting
 * connections, lets in-flight requests finish (Fastify's `close`), then closes the
 * database; calling it again returns the same promise.
 */

import type { Kysely } from 'kysely';
import { migrateToLatest } from '../db/migrate.ts';
import { openDatabase } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';
import { buildServer, DOCS_PREFIX, type ServerSecurityOptions, type TimelyServer } from './app.ts';
import type { LogSettings } from './logger.ts';

export interface StartOptions {
  readonly port: number;
  readonly host: string;
  /** a PostgreSQL URL; wins over `dataDir` */
  readonly databaseUrl?: string | undefined;
  /** PGlite's data folder */
  readonly dataDir?: string | undefined;
  readonly logger?: LogSettings | undefined;
  readonly security?: ServerSecurityOptions | undefined;
  /** Work on the migrated database before listening (`serve --demo` loads the demo here). */
  readonly prepare?: ((db: Kysely<Database>) => Promise<void>) | undefined;
}

export interface RunningServer {
  readonly app: TimelyServer;
  /** `http://host:port` */
  readonly address: string;
  readonly docs: string;
  readonly backend: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const database = await openDatabase({ url: options.databaseUrl, dataDir: options.dataDir });
  let app: TimelyServer | undefined;
  let address: string;
  try {
    await migrateToLatest(database.db);
    await options.prepare?.(database.db);
    app = buildServer({ db: database.db, logger: options.logger, security: options.security });
    address = await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await app?.close();
    await database.close();
    throw error;
  }
  const server = app;
  let closing: Promise<void> | undefined;
  return {
    app: server,
    address,
    docs: `${address}${DOCS_PREFIX}`,
    backend: database.backend,
    close() {
      closing ??= (async () => {
        try {
          await server.close();
        } finally {
          await database.close();
        }
      })();
      return closing;
    },
  };
}
