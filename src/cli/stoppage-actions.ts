/**
 * The actions of `timely stoppage`, each a thin run of one DisruptionService call and
 * its output (docs/disruption.md). Options are already checked (stoppage-options.ts);
 * the service checks the rest — the stoppage exists, its status allows the step, the
 * scope names clinicians — and its TimelyError becomes one line and a non-zero exit.
 */
import type { PlanEntry } from '../disruption/model.ts';
import type { DisruptionService } from '../disruption/service.ts';
import { isTimelyError, TimelyError } from '../engine/errors.ts';
import type { AuditContext } from '../server/audit.ts';
import { EXIT_OK } from './exit-codes.ts';
import type { CliIO } from './io.ts';
import { writeJson, writeLines } from './output.ts';
import { impactCsv, notificationsCsv } from './stoppage-csv.ts';
import {
  endResultJson,
  isoIn,
  planEntryJson,
  reportJson,
  stoppageJson,
  summaryJson,
} from './stoppage-json.ts';
import type { StoppageRequest } from './stoppage-options.ts';
import { ExecutionBar, isTerminal } from './stoppage-progress.ts';
import {
  endLines,
  entriesLines,
  executionLine,
  listLines,
  reportLines,
  stoppageLines,
  summaryLines,
} from './stoppage-text.ts';

/** Rows asked of the service per page (plan entries, notifications). */
const PAGE = 500;

export interface StoppageRun {
  readonly service: DisruptionService;
  readonly context: AuditContext;
  readonly io: CliIO;
  /** The network's wall clock, for the times printed. */
  readonly timeZone: string;
  /** Reads what `report --prediction FILE` names (checked before the database opened). */
  readonly prediction: unknown;
  /** Writes the notification list to `notifications --out FILE`. */
  readonly writeOut: (text: string) => Promise<void>;
}

export async function runStoppageAction(
  request: StoppageRequest,
  run: StoppageRun,
): Promise<number> {
  const { service, context, io, timeZone } = run;
  const iso = isoIn(timeZone);
  switch (request.action) {
    case 'declare': {
      const stoppage = await namingOptions(service.declare(request.input, context), DECLARE_FLAGS);
      if (request.json) writeJson(io.stdout, stoppageJson(stoppage, iso));
      else writeLines(io.stdout, stoppageLines(stoppage, timeZone));
      return EXIT_OK;
    }
    case 'list': {
      const stoppages = await service.list();
      if (request.json)
        writeJson(
          io.stdout,
          stoppages.map((s) => stoppageJson(s, iso)),
        );
      else writeLines(io.stdout, listLines(stoppages, timeZone));
      return EXIT_OK;
    }
    case 'preview': {
      const summary = await service.preview(request.id, context);
      const entries =
        request.entries > 0 ? await firstEntries(run, request.id, request.entries) : undefined;
      if (request.json) {
        writeJson(io.stdout, {
          ...summaryJson(summary, iso),
          ...(entries === undefined ? {} : { entries: entries.map((e) => planEntryJson(e, iso)) }),
        });
      } else {
        writeLines(io.stdout, [
          ...summaryLines(summary),
          ...(entries === undefined ? [] : ['', ...entriesLines(entries, timeZone)]),
        ]);
      }
      return EXIT_OK;
    }
    case 'execute':
      return execute(run, request.id, request.quiet, request.json);
    case 'end': {
      const result = await namingOptions(
        service.end(request.id, request.input, context),
        END_FLAGS,
      );
      if (request.json) writeJson(io.stdout, endResultJson(result, iso));
      else writeLines(io.stdout, endLines(result, timeZone, request.input.moveBack === true));
      return EXIT_OK;
    }
    case 'report': {
      if (request.prediction !== undefined) {
        await namingOptions(
          service.attachPrediction(request.id, run.prediction, request.scenario, context),
          PREDICTION_FLAGS,
        );
      }
      const report = await service.report(
        request.id,
        request.visitCost === undefined ? {} : { visitCost: request.visitCost },
      );
      if (request.format === 'json') writeJson(io.stdout, reportJson(report, iso));
      else if (request.format === 'csv') io.stdout.write(impactCsv(report.rows));
      else writeLines(io.stdout, reportLines(report, timeZone));
      return EXIT_OK;
    }
    case 'notifications': {
      const rows = [];
      let after: number | undefined;
      do {
        const page = await service.notifications(
          request.id,
          { limit: PAGE, ...(after === undefined ? {} : { after }) },
          context,
        );
        rows.push(...page.items);
        after = page.next ?? undefined;
      } while (after !== undefined);
      const csv = notificationsCsv(rows, iso);
      if (request.out === undefined) {
        io.stdout.write(csv);
      } else {
        await run.writeOut(csv);
        writeLines(io.stdout, [
          `timely: ${rows.length} notification${rows.length === 1 ? '' : 's'} written to ${request.out}`,
        ]);
      }
      return EXIT_OK;
    }
  }
}

/**
 * The service names its input's fields; the user typed options. Each pattern matches
 * the start of the service's path; where the rest of the path still helps (a field
 * inside the prediction file), it is kept after the option.
 */
type FlagOf = readonly [pattern: RegExp, flag: string, keepRest?: boolean];

const DECLARE_FLAGS: readonly FlagOf[] = [
  [/^name$/, '--name'],
  [/^kind$/, '--kind'],
  [/^startsAt$/, '--from'],
  [/^endsAt$/, '--to'],
  [/^participation$/, '--participation'],
  [/^scope\.clinicianIds\b/, '--clinician'],
  [/^scope\.disciplines\b/, '--discipline'],
  [/^scope\.centerIds\b/, '--center'],
  [/^scope\b/, 'the scope (--clinician, --discipline, --center, --union)'],
];
const END_FLAGS: readonly FlagOf[] = [
  [/^at$/, '--at'],
  [/^moveBack$/, '--move-back'],
];
const PREDICTION_FLAGS: readonly FlagOf[] = [
  [/^prediction\.?/, '--prediction', true],
  [/^scenario$/, '--scenario'],
];

/** Rewrites "path: problem" from the service as "--option: problem". */
async function namingOptions<T>(work: Promise<T>, flags: readonly FlagOf[]): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!isTimelyError(error) || error.code !== 'FIELD_INVALID' || error.path === undefined) {
      throw error;
    }
    const path = error.path;
    const found = flags.find(([pattern]) => pattern.test(path));
    if (found === undefined) throw error;
    const [pattern, flag, keepRest] = found;
    const rest = keepRest ? path.replace(pattern, '') : '';
    const problem = error.message.startsWith(`${path}: `)
      ? error.message.slice(path.length + 2)
      : error.message;
    throw new TimelyError('FIELD_INVALID', `${flag}: ${rest === '' ? '' : `${rest}: `}${problem}`, {
      path: flag,
    });
  }
}

/** The plan's first `wanted` entries, in the order they were placed. */
async function firstEntries(run: StoppageRun, id: string, wanted: number): Promise<PlanEntry[]> {
  const entries: PlanEntry[] = [];
  let after: number | undefined;
  while (entries.length < wanted) {
    const page = await run.service.planEntries(
      id,
      { limit: Math.min(PAGE, wanted - entries.length), ...(after === undefined ? {} : { after }) },
      run.context,
    );
    entries.push(...page.items);
    if (page.next === null) break;
    after = page.next;
  }
  return entries.slice(0, wanted);
}

/**
 * Applies the previewed plan. A stoppage left `executing` (a run cut off) is resumed by
 * the service; saying so on stderr tells the user why fewer entries move this time.
 */
async function execute(
  run: StoppageRun,
  id: string,
  quiet: boolean,
  json: boolean,
): Promise<number> {
  const { service, context, io } = run;
  const before = await service.progress(id);
  if (before.status === 'executing') {
    writeLines(io.stderr, [
      `timely: resuming the execution of ${id}: ${before.applied} of ${before.entries} plan entries were applied before it stopped`,
    ]);
  }
  const bar = !quiet && isTerminal(io.stderr) ? new ExecutionBar(io.stderr) : undefined;
  let progress: Awaited<ReturnType<DisruptionService['execute']>>;
  try {
    progress = await service.execute(
      id,
      context,
      bar === undefined ? {} : { onProgress: (p) => bar.update(p) },
    );
  } finally {
    bar?.finish();
  }
  if (json) writeJson(io.stdout, progress);
  else writeLines(io.stdout, [executionLine(progress)]);
  return EXIT_OK;
}
