/**
 * `timely stoppage ACTION [ID] [options]`: the disruption plan from the command line
 * (docs/disruption.md) — declare a stoppage, preview its plan, execute it, end it, and
 * read its impact report and notification list:
 *
 *   declare --name N --from ISO --to ISO [--kind strike|absence] [--clinician ID ...]
 *           [--discipline D ...] [--center C ...] [--union|--no-union] [--participation P]
 *   list
 *   preview ID [--entries N]
 *   execute ID [--quiet]          (again on a run cut off: finishes it)
 *   end ID [--at ISO] [--move-back]
 *   report ID [--format table|csv|json] [--visit-cost N] [--prediction FILE [--scenario S]]
 *   notifications ID [--out FILE]
 *
 * with --json on declare, list, preview, execute and end, and --data DIR on all. Times
 * without an offset are the network's wall clock (America/Los_Angeles). Every step is
 * audited as the command line (`commandAuditContext('stoppage')`); bad input is one
 * "timely: …" line naming the option, exit 2.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { TimelyError } from '../../engine/errors.ts';
import { calendarNamed } from '../../engine/rules/calendar.ts';
import { withCliDatabase } from '../cli-database.ts';
import { defineCommand } from '../command.ts';
import { parseStoppageCommand, STOPPAGE_ACTIONS } from '../stoppage-options.ts';

/** Repeatable options gather their values (commander keeps only the last otherwise). */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export const command = defineCommand({
  name: 'stoppage',
  summary: 'the disruption plan: declare, list, preview, execute, end, report, notifications',
  configure: (cmd) => {
    cmd
      .argument('<action>', STOPPAGE_ACTIONS.join(' | '))
      .argument('[id]', 'the stoppage (all actions but declare and list)')
      .option('--name <name>', 'declare: what the stoppage is called')
      .option('--from <date-time>', 'declare: when it starts (ISO 8601; no offset: network time)')
      .option('--to <date-time>', 'declare: when it ends, excluded')
      .option('--kind <kind>', 'declare: strike (default) or absence')
      .option('--clinician <id>', 'declare: a clinician who stops (repeatable)', collect)
      .option(
        '--discipline <discipline>',
        'declare: clinicians of a discipline (repeatable)',
        collect,
      )
      .option('--center <id>', 'declare: clinicians of a medical center (repeatable)', collect)
      .option('--union', 'declare: only union members')
      .option('--no-union', 'declare: only clinicians who are not union members')
      .option(
        '--participation <share>',
        'declare: share in scope expected to stop, 0 < p ≤ 1 (default 1)',
      )
      .option('--entries <n>', 'preview: list the first N plan entries too')
      .option('--quiet', 'execute: no progress bar')
      .option('--at <date-time>', 'end: when the clinicians return (default now)')
      .option('--move-back', 'end: move follow-ups back to their own clinician where possible')
      .option(
        '--format <format>',
        'report: table (default), csv (rows per day and standard) or json',
      )
      .option('--visit-cost <amount>', 'report: cost of an external visit (default 250)')
      .option('--prediction <file>', 'report: attach `timely simulate --json` output first')
      .option(
        '--scenario <name>',
        'report: the scenario of the --prediction file (default the first)',
      )
      .option('--out <file>', 'notifications: write the CSV there instead of stdout')
      .option('--json', 'declare, list, preview, execute, end: print JSON')
      .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)');
  },
  run: async (input, io) => {
    const timeZone = calendarNamed().timeZone;
    const { data, request } = parseStoppageCommand(input.args, input.options, timeZone);
    // Files named on the command line are checked before the database is opened.
    const prediction =
      request.action === 'report' && request.prediction !== undefined
        ? await readPrediction(request.prediction, io.cwd)
        : undefined;
    const out =
      request.action === 'notifications' && request.out !== undefined
        ? await writablePath(request.out, io.cwd)
        : undefined;

    // Loaded here: every command module is imported on every invocation of `timely`.
    const { DisruptionService } = await import('../../disruption/service.ts');
    const { commandAuditContext } = await import('../../server/audit.ts');
    const { runStoppageAction } = await import('../stoppage-actions.ts');
    return withCliDatabase(data, io, (db) =>
      runStoppageAction(request, {
        service: new DisruptionService(db),
        context: commandAuditContext('stoppage'),
        io,
        timeZone,
        prediction,
        // The list names members: readable by its owner only.
        writeOut: (text) => writeFile(out!, text, { mode: 0o600 }),
      }),
    );
  },
});

/** The output of `timely simulate --json`; the service checks its shape. */
async function readPrediction(file: string, cwd: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw fileProblem('--prediction', file, error);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new TimelyError(
      'FIELD_INVALID',
      `--prediction: ${file} is not JSON (the output of timely simulate --json): ${why}`,
      { path: '--prediction' },
    );
  }
}

/** --out must name a file in a folder that exists, not a folder. */
async function writablePath(file: string, cwd: string): Promise<string> {
  const path = resolve(cwd, file);
  const found = await stat(path).catch(() => undefined);
  if (found?.isDirectory()) {
    throw new TimelyError('FIELD_INVALID', `--out: ${file} is a directory`, { path: '--out' });
  }
  const folder = await stat(dirname(path)).catch(() => undefined);
  if (!folder?.isDirectory()) {
    throw new TimelyError('FIELD_INVALID', `--out: the folder of ${file} does not exist`, {
      path: '--out',
    });
  }
  return path;
}

function fileProblem(flag: string, file: string, error: unknown): TimelyError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'not found'
      : code === 'EISDIR'
        ? 'is a directory'
        : `cannot be read (${code})`;
  return new TimelyError('FIELD_INVALID', `${flag}: ${file}: ${why}`, { path: flag });
}
