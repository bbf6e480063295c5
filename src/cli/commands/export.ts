/**
 * `timely export --out DIR [--format csv|fhir] [--data DIR]`: the database's records
 * in the formats `timely import` reads. CSV: one file per type (centers.csv, …), every
 * file written, header included, even when empty. FHIR: one R4 `collection` Bundle,
 * DIR/bundle.json. Files are written in key order, so the same records give the same
 * bytes; existing files of those names in DIR are replaced. Each patient, request and
 * appointment exported leaves a read event in the audit trail (role `cli`) before any
 * file is written.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { TimelyError } from '../../engine/errors.ts';
import { defineCommand } from '../command.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { formatTable, writeLines } from '../output.ts';

const FORMATS = ['csv', 'fhir'] as const;

const options = z.object({ out: z.string(), format: z.string(), data: z.string() });

export const command = defineCommand({
  name: 'export',
  summary: 'export the records as CSV files or a FHIR Bundle (what import reads)',
  configure: (cmd) => {
    cmd
      .requiredOption('--out <dir>', 'folder to write into (created if missing)')
      .option('--format <format>', `${FORMATS.join(' or ')}`, 'csv')
      .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)', './data');
  },
  run: async (input, io) => {
    const opts = options.parse(input.options);
    const format = FORMATS.find((f) => f === opts.format);
    if (format === undefined) {
      throw new TimelyError(
        'FIELD_INVALID',
        `--format: expected csv or fhir, got "${opts.format}"`,
        {
          path: '--format',
        },
      );
    }
    const outDir = resolve(io.cwd, opts.out);
    await makeFolder(outDir, opts.out);

    const { openStore } = await import('../../transfer/open-store.ts');
    const store = await openStore(resolve(io.cwd, opts.data), opts.data);
    try {
      if (format === 'csv') {
        const { exportCsv } = await import('../../transfer/export-csv.ts');
        const files = await exportCsv(store.db);
        for (const file of files) await writeFile(join(outDir, file.name), file.text);
        writeLines(io.stdout, [
          `timely: exported from ${store.description} to ${opts.out}`,
          ...formatTable(files.map((f) => [join(opts.out, f.name), String(f.rows)])),
        ]);
      } else {
        const { bundleText, exportFhirBundle, FHIR_EXPORT_FILE } = await import(
          '../../transfer/export-fhir.ts'
        );
        const bundle = await exportFhirBundle(store.db);
        await writeFile(join(outDir, FHIR_EXPORT_FILE), bundleText(bundle));
        const counts = new Map<string, number>();
        for (const entry of bundle.entry ?? []) {
          const type = entry.resource?.resourceType ?? '?';
          counts.set(type, (counts.get(type) ?? 0) + 1);
        }
        writeLines(io.stdout, [
          `timely: exported from ${store.description} to ${join(opts.out, FHIR_EXPORT_FILE)}`,
          ...formatTable([...counts].map(([type, count]) => [type, String(count)])),
        ]);
      }
      return EXIT_OK;
    } finally {
      await store.close();
    }
  },
});

async function makeFolder(path: string, shown: string): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing !== undefined && !existing.isDirectory()) {
    throw new TimelyError('FIELD_INVALID', `--out: ${shown} is a file, not a folder`, {
      path: '--out',
    });
  }
  await mkdir(path, { recursive: true });
}
