/**
 * `timely backup FILE [--data DIR]`: the whole database `timely serve` uses into FILE —
 * with `pg_dump --format=custom` for the PostgreSQL server in DATABASE_URL, or PGlite's
 * own dump of the data folder DIR (default ./data), which no running `timely serve` may
 * have open. FILE appears only when complete (written beside it, then renamed), owner-
 * readable only. One audit event records the run (docs/backup.md).
 *
 * Prints what was written: the file's kind and size, the tables and rows, the time.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_DATA_DIR } from '../cli-database.ts';
import { defineCommand } from '../command.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { writeLines } from '../output.ts';

const options = z.object({ data: z.string().optional() });

export const command = defineCommand({
  name: 'backup',
  summary: 'back up the whole database into FILE (pg_dump for a server, a PGlite dump otherwise)',
  configure: (cmd) => {
    cmd
      .argument('<file>', 'the backup file to write (replaced, once complete, if it exists)')
      .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)');
  },
  run: async (input, io) => {
    const opts = options.parse(input.options);
    const [file = ''] = input.args;
    // Loaded here: every command module is imported on every invocation of `timely`.
    const { databaseTarget } = await import('../../backup/database-target.ts');
    const { backupDatabase } = await import('../../backup/backup-database.ts');
    const { backupLines } = await import('../../backup/summary.ts');
    const shown = opts.data ?? DEFAULT_DATA_DIR;
    const target = databaseTarget(process.env.DATABASE_URL, resolve(io.cwd, shown), shown);
    const report = await backupDatabase(target, resolve(io.cwd, file), file);
    writeLines(io.stdout, backupLines(report, target.description, file));
    return EXIT_OK;
  },
});
