/**
 * `timely deadline --standard ID --at ISO-8601 [--calendar NAME|FILE] [--json]`: when
 * the clock that starts at `--at` runs out under a standard.
 *
 * `--at` takes an instant (with an offset or Z) or a local date-time, read in the
 * calendar's time zone — the clinic's wall clock, which is what a scheduler reads.
 */
import { z } from 'zod';
import { deadlineFor } from '../../engine/rules/deadline.ts';
import { californiaStandards, describeLimit } from '../../engine/rules/standards.ts';
import { formatInstant, parseInstant } from '../../engine/time.ts';
import { resolveCalendar } from '../calendar-option.ts';
import { defineCommand } from '../command.ts';
import { describeClockStart, describeLocalTime } from '../describe.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { formatTable, writeJson, writeLines } from '../output.ts';

const options = z.object({
  standard: z.string(),
  at: z.string(),
  calendar: z.string(),
  json: z.boolean().default(false),
});

export const command = defineCommand({
  name: 'deadline',
  summary: 'compute the deadline of a request under a standard',
  configure: (cmd) => {
    cmd
      .requiredOption('--standard <id>', 'standard id (see `timely standards`)')
      .requiredOption(
        '--at <date-time>',
        'when the clock starts: ISO 8601 with offset or Z, or local time in the calendar’s zone',
      )
      .option(
        '--calendar <name|file>',
        'built-in calendar name or path to a calendar JSON file',
        'california',
      )
      .option('--json', 'print {"standard","clockStart","deadline","limit"} as JSON');
  },
  run: async (input, io) => {
    const opts = options.parse(input.options);
    const standard = californiaStandards.get(opts.standard, '--standard');
    const calendar = await resolveCalendar(opts.calendar, io.cwd);
    const zone = calendar.timeZone;
    const clockStart = parseInstant(opts.at, zone, '--at');
    const deadline = deadlineFor(standard.limit, clockStart, calendar);

    if (opts.json) {
      writeJson(io.stdout, {
        standard: standard.id,
        clockStart: formatInstant(clockStart, zone),
        deadline: formatInstant(deadline, zone),
        limit: standard.limit,
      });
      return EXIT_OK;
    }
    writeLines(
      io.stdout,
      formatTable([
        ['Standard', `${standard.id} (${standard.title})`],
        [
          'Limit',
          `${describeLimit(standard.limit)} from ${describeClockStart(standard.clockStartsAt)}`,
        ],
        ['Clock start', describeLocalTime(clockStart, zone)],
        ['Deadline', describeLocalTime(deadline, zone)],
        ['Calendar', `${calendar.name} (${zone})`],
      ]),
    );
    return EXIT_OK;
  },
});
