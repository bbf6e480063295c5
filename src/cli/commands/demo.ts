/**
 * `timely demo [--size small|full] [--data DIR]`: loads the demo network — a synthetic
 * Southern California network, its members and 90 days of history and 30 days ahead
 * booked through the booking engine — into the database `timely serve` would use, and
 * prints the demo logins. Refuses a database that already holds data (exit 2).
 */
import { z } from 'zod';
import { TimelyError } from '../../engine/errors.ts';
import { withCliDatabase } from '../cli-database.ts';
import { defineCommand } from '../command.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { writeLines } from '../output.ts';

const SIZES = ['small', 'full'] as const;
export type DemoSize = (typeof SIZES)[number];

const options = z.object({
  size: z.string(),
  data: z.string().optional(),
});

export const command = defineCommand({
  name: 'demo',
  summary: 'load the synthetic demo network into an empty database and print the demo logins',
  configure: (cmd) => {
    cmd
      .option('--size <size>', `${SIZES.join(' | ')} (small: ~100 clinicians, for tests)`, 'full')
      .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)');
  },
  run: async (input, io) => {
    const opts = options.parse(input.options);
    const size = demoSize(opts.size);
    // Loaded here: every command module is imported on every invocation of `timely`.
    const { loadDemo } = await import('../../demo/load-demo.ts');
    const { demoToday } = await import('../../demo/dataset.ts');
    const { demoSummaryLines } = await import('../../demo/summary.ts');
    const load = await withCliDatabase(opts.data, io, (db) =>
      loadDemo(db, { size, today: demoToday() }),
    );
    writeLines(io.stdout, demoSummaryLines(load));
    return EXIT_OK;
  },
});

export function demoSize(text: string): DemoSize {
  const size = SIZES.find((s) => s === text);
  if (!size) {
    throw new TimelyError(
      'FIELD_INVALID',
      `--size: expected one of ${SIZES.join(', ')}, got "${text}"`,
      {
        path: '--size',
      },
    );
  }
  return size;
}
