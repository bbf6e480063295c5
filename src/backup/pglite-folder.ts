/**
 * A PGlite data folder as backup and restore see it: whether it holds a database,
 * whether a running Timely has it open, and opening it with the same settings as
 * `openDatabase` — here directly, because a dump needs the PGlite instance itself
 * (`dumpDataDir`, `loadDataDir`), which `openDatabase` keeps behind Kysely.
 *
 * PGlite takes no lock on its folder: a second process opens it happily, and two
 * PostgreSQL instances writing one folder corrupt it. What it does leave is PostgreSQL's
 * `postmaster.pid`, written when the folder opens and removed when it closes (checked on
 * PGlite 0.5: its content is the placeholder pid -42, so it cannot tell a live owner from
 * a dead one). Its presence is therefore taken to mean "in use" and refused; a folder
 * left by a killed process has it too, and the message says how to clear it.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { Kysely, PGliteDialect } from 'kysely';
import type { Database } from '../db/schema.ts';
import { VALUE_PARSERS } from '../db/value-parsers.ts';
import { TimelyError } from '../engine/errors.ts';

/** absent: no such path; empty: an empty folder; database: a PGlite data folder; other: anything else. */
export type FolderState = 'absent' | 'empty' | 'database' | 'other';

export const LOCK_FILE = 'postmaster.pid';

export async function folderState(dir: string): Promise<FolderState> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined) return 'absent';
  if (!info.isDirectory()) return 'other';
  const entries = await readdir(dir);
  if (entries.length === 0) return 'empty';
  return entries.includes('PG_VERSION') ? 'database' : 'other';
}

/** Refuses a folder that a running `timely serve` (or any PGlite) may have open. */
export async function refuseIfInUse(dir: string, shown: string): Promise<void> {
  const lock = await stat(join(dir, LOCK_FILE)).catch(() => undefined);
  if (lock === undefined) return;
  throw new TimelyError(
    'CONFLICT',
    `PGlite in ${shown} is in use (${LOCK_FILE} present): stop the timely serve using it first; if none is running, the folder was not closed cleanly: delete ${join(shown, LOCK_FILE)} and retry`,
    { path: '--data' },
  );
}

export interface PgliteFolder {
  readonly pglite: PGlite;
  readonly db: Kysely<Database>;
  close(): Promise<void>;
}

/** Opens (or, with `load`, creates from a dump) the PGlite database in `dir`. */
export async function openPgliteFolder(dir: string, load?: Blob): Promise<PgliteFolder> {
  const pglite = await PGlite.create({
    dataDir: dir,
    // As openDatabase: the exclusion constraint's GiST index needs btree_gist.
    extensions: { btree_gist },
    parsers: { ...VALUE_PARSERS },
    ...(load === undefined ? {} : { loadDataDir: load }),
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    pglite,
    db,
    async close() {
      await db.destroy();
      // destroy() closes PGlite only if Kysely ever ran a query on it.
      if (!pglite.closed) await pglite.close();
    },
  };
}
