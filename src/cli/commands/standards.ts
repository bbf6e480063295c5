/**
 * `timely standards [--json]`: the timely-access standards in force, as an aligned
 * table or as JSON (the standard objects themselves).
 */
import { z } from 'zod';
import { CALIFORNIA_STANDARDS, describeLimit } from '../../engine/rules/standards.ts';
import { defineCommand } from '../command.ts';
import { describeClockStart } from '../describe.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { formatTable, writeJson, writeLines } from '../output.ts';

const options = z.object({ json: z.boolean().default(false) });

export const command = defineCommand({
  name: 'standards',
  summary: 'list the waiting-time standards (limit, when the clock starts, legal citation)',
  configure: (cmd) => {
    cmd.option('--json', 'print the standards as a JSON array');
  },
  run: (input, io) => {
    const { json } = options.parse(input.options);
    if (json) {
      writeJson(io.stdout, CALIFORNIA_STANDARDS);
      return EXIT_OK;
    }
    const rows = CALIFORNIA_STANDARDS.map((s) => [
      s.id,
      describeLimit(s.limit),
      describeClockStart(s.clockStartsAt),
      s.citation,
    ]);
    writeLines(io.stdout, formatTable([['ID', 'LIMIT', 'CLOCK STARTS AT', 'CITATION'], ...rows]));
    return EXIT_OK;
  },
});
