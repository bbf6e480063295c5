/**
 * The command line of `timely stoppage` read into one request per action, every option
 * checked before the database is opened. One commander command carries the options of
 * all the actions (the CLI registry gives each command one `run`), so an option given to
 * an action it does not belong to is refused here, named, rather than silently ignored.
 */
import { z } from 'zod';
import type {
  DeclareStoppageInput,
  EndStoppageInput,
  StoppageKind,
  StoppageScope,
} from '../disruption/model.ts';
import { STOPPAGE_KINDS } from '../disruption/model.ts';
import { TimelyError } from '../engine/errors.ts';
import { parseInstant } from '../engine/time.ts';

export const STOPPAGE_ACTIONS = [
  'declare',
  'list',
  'preview',
  'execute',
  'end',
  'report',
  'notifications',
] as const;
export type StoppageAction = (typeof STOPPAGE_ACTIONS)[number];

export const REPORT_FORMATS = ['table', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Plan entries `preview --entries` may list; the plan is paged by the service anyway. */
export const MAX_ENTRIES = 100_000;

/** Options as commander hands them over (repeatable ones collected into arrays). */
const rawOptions = z.object({
  name: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  kind: z.string().optional(),
  clinician: z.array(z.string()).optional(),
  discipline: z.array(z.string()).optional(),
  center: z.array(z.string()).optional(),
  union: z.boolean().optional(),
  participation: z.string().optional(),
  entries: z.string().optional(),
  quiet: z.boolean().optional(),
  at: z.string().optional(),
  moveBack: z.boolean().optional(),
  format: z.string().optional(),
  visitCost: z.string().optional(),
  prediction: z.string().optional(),
  scenario: z.string().optional(),
  out: z.string().optional(),
  json: z.boolean().optional(),
  data: z.string().optional(),
});
type RawOptions = z.infer<typeof rawOptions>;
type OptionKey = keyof RawOptions;

/** How each option is spelt on the command line, for the messages. */
const FLAGS: Readonly<Record<OptionKey, string>> = {
  name: '--name',
  from: '--from',
  to: '--to',
  kind: '--kind',
  clinician: '--clinician',
  discipline: '--discipline',
  center: '--center',
  union: '--union/--no-union',
  participation: '--participation',
  entries: '--entries',
  quiet: '--quiet',
  at: '--at',
  moveBack: '--move-back',
  format: '--format',
  visitCost: '--visit-cost',
  prediction: '--prediction',
  scenario: '--scenario',
  out: '--out',
  json: '--json',
  data: '--data',
};

/** The options each action takes (`--data` is everyone's). */
const ACCEPTS: Readonly<Record<StoppageAction, readonly OptionKey[]>> = {
  declare: [
    'name',
    'from',
    'to',
    'kind',
    'clinician',
    'discipline',
    'center',
    'union',
    'participation',
    'json',
  ],
  list: ['json'],
  preview: ['entries', 'json'],
  execute: ['quiet', 'json'],
  end: ['at', 'moveBack', 'json'],
  report: ['format', 'visitCost', 'prediction', 'scenario'],
  notifications: ['out'],
};

export type StoppageRequest =
  | { readonly action: 'declare'; readonly input: DeclareStoppageInput; readonly json: boolean }
  | { readonly action: 'list'; readonly json: boolean }
  | {
      readonly action: 'preview';
      readonly id: string;
      readonly entries: number;
      readonly json: boolean;
    }
  | {
      readonly action: 'execute';
      readonly id: string;
      readonly quiet: boolean;
      readonly json: boolean;
    }
  | {
      readonly action: 'end';
      readonly id: string;
      readonly input: EndStoppageInput;
      readonly json: boolean;
    }
  | {
      readonly action: 'report';
      readonly id: string;
      readonly format: ReportFormat;
      readonly visitCost: number | undefined;
      readonly prediction: string | undefined;
      readonly scenario: string | undefined;
    }
  | { readonly action: 'notifications'; readonly id: string; readonly out: string | undefined };

export interface ParsedStoppageCommand {
  readonly data: string | undefined;
  readonly request: StoppageRequest;
}

/**
 * Reads `timely stoppage ACTION [ID]` and its options. `timeZone` is the network's wall
 * clock, in which a date-time without an offset is read (as `timely deadline` does).
 */
export function parseStoppageCommand(
  args: readonly string[],
  options: Readonly<Record<string, unknown>>,
  timeZone: string,
): ParsedStoppageCommand {
  const opts = rawOptions.parse(options);
  const [actionText, id, ...extra] = args;
  const action = stoppageAction(actionText);
  refuseForeignOptions(action, opts);
  if (extra.length > 0) {
    throw invalid('id', `expected one stoppage id, got also "${extra.join(' ')}"`);
  }
  const request = requestOf(action, id, opts, timeZone);
  return { data: opts.data, request };
}

function stoppageAction(text: string | undefined): StoppageAction {
  const action = STOPPAGE_ACTIONS.find((a) => a === text);
  if (action === undefined) {
    throw invalid('action', `expected one of ${STOPPAGE_ACTIONS.join(', ')}, got "${text ?? ''}"`);
  }
  return action;
}

function refuseForeignOptions(action: StoppageAction, opts: RawOptions): void {
  const accepted = new Set<OptionKey>([...ACCEPTS[action], 'data']);
  for (const key of Object.keys(FLAGS) as OptionKey[]) {
    if (opts[key] === undefined || accepted.has(key)) continue;
    // `report --json` is the likely slip: say what report takes instead.
    const hint = action === 'report' && key === 'json' ? ' (use --format json)' : '';
    throw invalid(FLAGS[key], `not an option of "stoppage ${action}"${hint}`);
  }
}

function requestOf(
  action: StoppageAction,
  id: string | undefined,
  opts: RawOptions,
  timeZone: string,
): StoppageRequest {
  const json = opts.json === true;
  switch (action) {
    case 'declare':
      refuseId(action, id);
      return { action, input: declareInput(opts, timeZone), json };
    case 'list':
      refuseId(action, id);
      return { action, json };
    case 'preview':
      return {
        action,
        id: requireId(action, id),
        entries:
          opts.entries === undefined ? 0 : wholeNumber('--entries', opts.entries, 1, MAX_ENTRIES),
        json,
      };
    case 'execute':
      return { action, id: requireId(action, id), quiet: opts.quiet === true, json };
    case 'end':
      return {
        action,
        id: requireId(action, id),
        input: {
          ...(opts.at === undefined ? {} : { at: parseInstant(opts.at, timeZone, '--at') }),
          moveBack: opts.moveBack === true,
        },
        json,
      };
    case 'report':
      return {
        action,
        id: requireId(action, id),
        format: reportFormat(opts.format),
        visitCost: opts.visitCost === undefined ? undefined : visitCost(opts.visitCost),
        prediction: nonEmpty('--prediction', opts.prediction),
        scenario: predictionScenario(opts),
      };
    case 'notifications':
      return { action, id: requireId(action, id), out: nonEmpty('--out', opts.out) };
  }
}

function declareInput(opts: RawOptions, timeZone: string): DeclareStoppageInput {
  const name = required('--name', opts.name).trim();
  if (name === '') throw invalid('--name', 'expected a name, got an empty one');
  const startsAt = parseInstant(required('--from', opts.from), timeZone, '--from');
  const endsAt = parseInstant(required('--to', opts.to), timeZone, '--to');
  if (endsAt <= startsAt) {
    throw invalid('--to', `expected a time after --from, got "${opts.to}"`);
  }
  const scope: StoppageScope = {
    ...listOption('--clinician', opts.clinician, 'clinicianIds'),
    ...listOption('--discipline', opts.discipline, 'disciplines'),
    ...listOption('--center', opts.center, 'centerIds'),
    ...(opts.union === undefined ? {} : { unionMember: opts.union }),
  };
  return {
    name,
    kind: stoppageKind(opts.kind),
    startsAt,
    endsAt,
    scope,
    ...(opts.participation === undefined
      ? {}
      : { participation: participation(opts.participation) }),
  };
}

function stoppageKind(text: string | undefined): StoppageKind {
  if (text === undefined) return 'strike';
  const kind = STOPPAGE_KINDS.find((k) => k === text);
  if (kind === undefined) {
    throw invalid('--kind', `expected one of ${STOPPAGE_KINDS.join(', ')}, got "${text}"`);
  }
  return kind;
}

/** A repeatable option; each value may also hold a comma-separated list. */
function listOption<K extends string>(
  flag: string,
  values: readonly string[] | undefined,
  field: K,
): Partial<Record<K, string[]>> {
  if (values === undefined) return {};
  const items = values.flatMap((v) => v.split(',')).map((v) => v.trim());
  if (items.some((item) => item === '')) {
    throw invalid(flag, `expected a value, got an empty one in "${values.join(',')}"`);
  }
  return { [field]: [...new Set(items)] } as Partial<Record<K, string[]>>;
}

/** 0 < p ≤ 1 (docs/disruption.md): a share of the clinicians in scope. */
function participation(text: string): number {
  const value = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(value > 0 && value <= 1)) {
    throw invalid(
      '--participation',
      `expected a share above 0 and at most 1 (e.g. 0.8), got "${text}"`,
    );
  }
  return value;
}

function reportFormat(text: string | undefined): ReportFormat {
  if (text === undefined) return 'table';
  const format = REPORT_FORMATS.find((f) => f === text);
  if (format === undefined) {
    throw invalid('--format', `expected one of ${REPORT_FORMATS.join(', ')}, got "${text}"`);
  }
  return format;
}

/** Dollars per external visit; a million is far above any fee and catches a slip of the finger. */
function visitCost(text: string): number {
  const value = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 0 && value <= 1_000_000)) {
    throw invalid('--visit-cost', `expected an amount from 0 to 1000000, got "${text}"`);
  }
  return value;
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw invalid(flag, `expected a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function required(flag: string, value: string | undefined): string {
  if (value === undefined) throw invalid(flag, 'required by "stoppage declare"');
  return value;
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw invalid(flag, 'expected a value');
  return value;
}

/** `--scenario` picks one of the prediction file's scenarios: alone it means nothing. */
function predictionScenario(opts: RawOptions): string | undefined {
  const scenario = nonEmpty('--scenario', opts.scenario);
  if (scenario !== undefined && opts.prediction === undefined) {
    throw invalid('--scenario', 'names a scenario of the --prediction file; give --prediction too');
  }
  return scenario;
}

function requireId(action: StoppageAction, id: string | undefined): string {
  if (id === undefined || id.trim() === '') {
    throw invalid('id', `"stoppage ${action}" needs the stoppage's id (see timely stoppage list)`);
  }
  return id.trim();
}

function refuseId(action: StoppageAction, id: string | undefined): void {
  if (id !== undefined) {
    throw invalid('id', `"stoppage ${action}" takes no id, got "${id}"`);
  }
}

function invalid(path: string, problem: string): TimelyError {
  return new TimelyError('FIELD_INVALID', `${path}: ${problem}`, { path });
}
