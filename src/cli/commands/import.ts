/**
 * `timely import FILE... [--data DIR]`: CSV files (one per record type, see
 * docs/import-export.md) and FHIR R4 Bundles into the database that `timely serve`
 * uses (DATABASE_URL, else PGlite in DIR, default ./data), migrated first.
 *
 * All or nothing: everything is written in one transaction. If any row is bad, nothing
 * is written, and stderr lists every problem, one per line, as
 * `FILE:LINE field: problem` (CSV) or `FILE entry[N].path: problem` (FHIR); exit 2.
 * On success stdout has the count of records imported per type, and the audit trail one
 * event per patient, request and appointment written (role `cli`, in the transaction).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { TimelyError } from '../../engine/errors.ts';
import { defineCommand } from '../command.ts';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';
import { formatTable, writeLines } from '../output.ts';

const DEFAULT_DATA = './data';

const options = z.object({ data: z.string() });

export const command = defineCommand({
  name: 'import',
  summary: 'import CSV files and FHIR Bundles, all or nothing, listing every bad row',
  configure: (cmd) => {
    cmd
      .argument(
        '<file...>',
        'CSV files named <type>.csv (centers.csv, …) or FHIR Bundle .json files',
      )
      .option(
        '--data <dir>',
        'PGlite data folder (ignored when DATABASE_URL is set)',
        DEFAULT_DATA,
      );
  },
  run: async (input, io) => {
    const opts = options.parse(input.options);
    const sources = await Promise.all(input.args.map((name) => readSource(name, io.cwd)));

    // Loaded here, not at the top: every command module is imported on every invocation.
    const { openStore, TABLE_LABELS } = await import('../../transfer/open-store.ts');
    const { importSources } = await import('../../transfer/import-sources.ts');
    const { isImportRefused, problemLine } = await import('../../transfer/problems.ts');
    const store = await openStore(resolve(io.cwd, opts.data), opts.data);
    try {
      const counts = await importSources(store.db, sources);
      const rows = Object.entries(counts)
        .filter(([, count]) => count > 0)
        .map(([table, count]) => [TABLE_LABELS[table] ?? table, String(count)]);
      writeLines(io.stdout, [
        `timely: imported into ${store.description}`,
        ...formatTable(rows.length > 0 ? rows : [['nothing', '0']]),
      ]);
      return EXIT_OK;
    } catch (error) {
      if (!isImportRefused(error)) throw error;
      const count = error.problems.length;
      writeLines(io.stderr, [
        `timely: import refused, nothing was written: ${count} problem${count === 1 ? '' : 's'}`,
        ...error.problems.map(problemLine),
      ]);
      return EXIT_USAGE;
    } finally {
      await store.close();
    }
  },
});

async function readSource(name: string, cwd: string): Promise<{ name: string; text: string }> {
  try {
    return { name, text: await readFile(resolve(cwd, name), 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'not found'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot be read (${code})`;
    throw new TimelyError('FIELD_INVALID', `${name}: ${why}`, { path: name });
  }
}
