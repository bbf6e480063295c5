/**
 * Loads scenario files: follows `extends` to the root, lays each file over its parent,
 * validates the result with the scenario schema and the cross-field checks, and either
 * returns a complete scenario or throws one ScenarioError listing every problem, each
 * against the file in which the offending value was written. Nothing half-valid comes out.
 */
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { type Scenario, scenarioSchema } from '../engine/simulation/scenario.ts';
import { crossFieldFindings } from './scenario-checks.ts';
import { type FieldFinding, findingsOf } from './scenario-issues.ts';
import { fileOf, type Layered, layerOver } from './scenario-merge.ts';
import {
  describeValue,
  fieldPath,
  ScenarioError,
  type ScenarioProblem,
} from './scenario-problem.ts';
import {
  hasScenarioExtension,
  readScenarioSource,
  SCENARIO_EXTENSIONS,
  type ScenarioSource,
} from './scenario-source.ts';

export { isScenarioError, ScenarioError, type ScenarioProblem } from './scenario-problem.ts';

export interface LoadOptions {
  /** Directory relative file names are resolved against and shown relative to (default: the process's). */
  readonly cwd?: string;
}

/** The scenario in `file`, or a ScenarioError with every problem found. */
export function loadScenario(file: string, options: LoadOptions = {}): Scenario {
  return loadScenarios([file], options)[0]!;
}

/**
 * The scenarios in `files`, in order, or one ScenarioError with the problems of all of
 * them (a run of several scenarios fails as a whole, so no comparison is half made).
 */
export function loadScenarios(files: readonly string[], options: LoadOptions = {}): Scenario[] {
  const cwd = options.cwd ?? process.cwd();
  const loaded = files.map((file) => checkScenarioFile(file, cwd));
  const problems = loaded.flatMap((l) => l.problems);
  problems.push(...duplicateNames(loaded));
  if (problems.length > 0) throw new ScenarioError(problems);
  return loaded.map((l) => l.scenario!);
}

interface Checked {
  readonly scenario: Scenario | undefined;
  readonly problems: ScenarioProblem[];
  /** Where a field of the merged scenario was written. */
  readonly where: (segments: readonly PropertyKey[]) => ScenarioProblem;
}

function checkScenarioFile(file: string, cwd: string): Checked {
  const chain = readChain(resolve(cwd, file), cwd);
  if (chain.problems.length > 0) {
    return { scenario: undefined, problems: chain.problems, where: () => chain.problems[0]! };
  }
  let layered: Layered | undefined;
  for (const source of chain.sources)
    layered = layerOver(layered, withoutExtends(source), source.file);
  const merged = layered!;

  const byFile = new Map(chain.sources.map((s) => [s.file, s]));
  const where = (segments: readonly PropertyKey[]): ScenarioProblem => {
    const owner = fileOf(merged.provenance, segments);
    const position = byFile.get(owner)?.locate(segments);
    return { file: owner, path: fieldPath(segments), message: '', ...position };
  };
  const problemOf = (finding: FieldFinding): ScenarioProblem => ({
    ...where(finding.segments),
    message: finding.message,
  });

  const parsed = scenarioSchema.safeParse(merged.value);
  const findings = parsed.success ? [] : findingsOf(parsed.error.issues, merged.value);
  // A field the schema already rejected needs no second message.
  const reported = new Set(findings.map((f) => fieldPath(f.segments)));
  for (const finding of crossFieldFindings(merged.value)) {
    if (!reported.has(fieldPath(finding.segments))) findings.push(finding);
  }
  const problems = findings.map(problemOf);
  const scenario = parsed.success && problems.length === 0 ? parsed.data : undefined;
  return { scenario, problems, where };
}

/** The files from the root ancestor to `absolutePath`, or the problems that stop the walk. */
function readChain(
  absolutePath: string,
  cwd: string,
): { sources: ScenarioSource[]; problems: ScenarioProblem[] } {
  const sources: ScenarioSource[] = [];
  const fail = (problem: ScenarioProblem) => ({ sources: [], problems: [problem] });
  let current = absolutePath;
  // The file whose `extends` named `current`; the problems of a missing parent are its own.
  let child: ScenarioSource | undefined;
  const blame = (message: string): ScenarioProblem =>
    child === undefined
      ? { file: shown(current, cwd), path: '', message }
      : { file: child.file, path: 'extends', message, ...child.locate(['extends']) };

  for (;;) {
    const named = child === undefined ? undefined : String(child.data.extends);
    const got = named === undefined ? '' : `${JSON.stringify(named)}: `;
    if (!hasScenarioExtension(current)) {
      const extensions = SCENARIO_EXTENSIONS.join(', ');
      return fail(blame(`expected a ${extensions} file (got ${got}${shown(current, cwd)})`));
    }
    const read = readScenarioSource(current, shown(current, cwd));
    if (read.kind === 'unreadable') {
      return fail(
        blame(`expected a scenario file (got ${got}${shown(current, cwd)}, ${read.reason})`),
      );
    }
    if (read.kind === 'invalid') return { sources: [], problems: [...read.problems] };

    const source = read.source;
    sources.push(source);
    const parent = source.data.extends;
    if (parent === undefined || parent === null) break;
    child = source;
    if (typeof parent !== 'string' || parent === '') {
      return fail(blame(`expected the path of a scenario file (got ${describeValue(parent)})`));
    }
    const next = resolve(dirname(current), parent);
    const seen = sources.findIndex((s) => s.absolutePath === next);
    if (seen >= 0) {
      const cycle = [...sources.slice(seen).map((s) => s.file), shown(next, cwd)].join(' → ');
      return fail(blame(`expected a chain of extends without a cycle (got ${cycle})`));
    }
    current = next;
  }
  return { sources: sources.reverse(), problems: [] };
}

/** `extends` is resolved by the loader and not inherited: a child names its own parent. */
function withoutExtends(source: ScenarioSource): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(source.data)) {
    if (key !== 'extends') out[key] = source.data[key];
  }
  return out;
}

/** Reports compare scenarios by name: two with one name would be indistinguishable. */
function duplicateNames(loaded: readonly Checked[]): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const first = new Map<string, ScenarioProblem>();
  for (const { scenario, where } of loaded) {
    if (scenario === undefined) continue;
    const earlier = first.get(scenario.name);
    if (earlier === undefined) {
      first.set(scenario.name, where(['name']));
      continue;
    }
    problems.push({
      ...where(['name']),
      message: `expected a name no other scenario of the run has (got ${JSON.stringify(scenario.name)}, as in ${earlier.file})`,
    });
  }
  return problems;
}

/** A file as messages show it: relative to the working directory when inside it. */
function shown(absolutePath: string, cwd: string): string {
  const path = relative(cwd, absolutePath);
  return path === '' || path.startsWith('..') || isAbsolute(path) ? absolutePath : path;
}
