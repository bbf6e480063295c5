/**
 * What is wrong with a scenario, one problem per field, and the one error that carries
 * them all. A user fixing a file wants every problem at once, each naming the file to
 * edit, the field and what it should hold — not one problem per run.
 */
import { TimelyError } from '../engine/errors.ts';
import { formatPath } from '../engine/validation.ts';

export interface ScenarioProblem {
  /** The file in which the offending value was written (as given, or relative to the cwd). */
  readonly file: string;
  /** Path of the field, e.g. `stoppages[0].end`; '' when the file as a whole is at fault. */
  readonly path: string;
  /** What was expected, and what was found. */
  readonly message: string;
  /** Where in the file, 1-based, when known. */
  readonly line?: number;
  readonly column?: number;
}

/** `FILE: path: message`; a problem with no field says where in the file instead. */
export function problemLine(problem: ScenarioProblem): string {
  const where =
    problem.path !== ''
      ? problem.path
      : problem.line !== undefined
        ? `line ${problem.line}, column ${problem.column ?? 1}`
        : undefined;
  return [problem.file, where, problem.message].filter((part) => part !== undefined).join(': ');
}

export function fieldPath(segments: readonly PropertyKey[]): string {
  return formatPath('', segments);
}

/**
 * Every problem found in a set of scenario files. A TimelyError (FIELD_INVALID: the CLI
 * exits with 2) whose message has one line per problem and whose `path` is the first
 * problem's field; `problems` keeps them apart for a CLI or an API to show.
 */
export class ScenarioError extends TimelyError {
  readonly problems: readonly ScenarioProblem[];

  constructor(problems: readonly ScenarioProblem[]) {
    super('FIELD_INVALID', problems.map(problemLine).join('\n'), { path: problems[0]?.path });
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}

export function isScenarioError(error: unknown): error is ScenarioError {
  return error instanceof ScenarioError;
}

/** A value as a message shows it after "got": short, and never a whole mapping. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const text = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(text);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return 'an empty list';
    return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  }
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/**
 * "expected WHAT, one of a, b or c (got x)", or "expected WHAT (got x; did you mean b?)"
 * when x is close to one of them: a typo deserves the fix, not a list to search.
 */
export function expectedName(what: string, got: string, names: readonly string[]): string {
  const near = closestName(got, names);
  const shown = JSON.stringify(got);
  if (near !== undefined)
    return `expected ${what} (got ${shown}; did you mean ${JSON.stringify(near)}?)`;
  return `expected ${what}, ${listOf(names)} (got ${shown})`;
}

/** "one of a, b or c"; "only a"; "none defined". */
export function listOf(names: readonly string[]): string {
  const quoted = [...new Set(names)].map((n) => JSON.stringify(n));
  if (quoted.length === 0) return 'none defined';
  if (quoted.length === 1) return `only ${quoted[0]}`;
  return `one of ${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/**
 * The closest name to a misspelt one, when one is close enough to be a likely typo: an
 * edit or two apart (more for long names), or one name the start of the other
 * (`adminHours`). A real name that is merely similar (psychologist, psychiatrist) is not
 * a typo, hence the tight limit.
 */
export function closestName(name: string, names: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const limit = lower.length <= 4 ? 1 : Math.max(2, Math.floor(lower.length / 4));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of names) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined || lower.length < 4) return best;
  return names.find((candidate) => {
    const other = candidate.toLowerCase();
    return other.startsWith(lower) || lower.startsWith(other);
  });
}

/**
 * Edits from one name to the other: insertions, deletions, substitutions and swaps of
 * two neighbouring letters (the commonest typo: lcws for lcsw) each cost 1.
 */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      }
      row[j] = best;
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}
