/**
 * `timely restore FILE [--data DIR] [--force]`: replaces the database `timely serve` uses
 * with the backup in FILE (made by `timely backup`): a pg_dump archive into the
 * PostgreSQL server in DATABASE_URL (pg_restore, one transaction), or a PGlite dump into
 * the data folder DIR (default ./data, which no running `timely serve` may have open).
 *
 * A database that holds data is replaced only with --force; nothing is changed when the
 * file is missing, not a backup, or of the other kind. Prints what was restored.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_DATA_DIR } from '../cli-database.ts';
import { defineCommand } from '../command.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { writeLines } from '../output.ts';

const options = z.object({ data: z.string().optional(), force: z.boolean().optional() });

export const command = defineCommand({
  name: 'restore',
  summary: 'replace the database with a backup made by timely backup (--force over data)',
  configure: (cmd) => {
    cmd
      .argument('<file>', 'the backup file to restore')
      .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)')
      .option('--force', 'replace a database that holds data (back it up first)');
  },
  run: async (input, io) => {
    const opts = options.parse(input.options);
    const [file = ''] = input.args;
    // Loaded here: every command module is imported on every invocation of `timely`.
    const { databaseTarget } = await import('../../backup/database-target.ts');
    const { restoreDatabase } = await import('../../backup/restore-database.ts');
    const { restoreLines } = await import('../../backup/summary.ts');
    const shown = opts.data ?? DEFAULT_DATA_DIR;
    const dir = resolve(io.cwd, shown);
    const target = databaseTarget(process.env.DATABASE_URL, dir, shown);
    const report = await restoreDatabase(target, resolve(io.cwd, file), file, opts.force === true);
    // The folder kept aside, named as the user named the data folder.
    const keptIn = report.keptIn && shown + report.keptIn.slice(dir.length);
    writeLines(io.stdout, restoreLines({ ...report, keptIn }, file, target.description));
    return EXIT_OK;
  },
});
