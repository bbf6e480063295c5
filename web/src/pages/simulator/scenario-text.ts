/**
 * A scenario as typed in the simulator's editor (YAML or JSON) → a scenario the engine
 * can run, or one problem per field, each with its path (`stoppages[0].end`) and what
 * was expected. The browser twin of the CLI's loader (src/simulation/load-scenario.ts):
 * the same layering of a file over the one it `extends`, the same schema, the same
 * messages and cross-field checks — only the files come from `GET /scenarios` instead
 * of the disk, so `extends: baseline.yaml` names an example.
 */
// First: zod's settings must be in place before the schemas below are built.
import './zod-jitless.ts';
import { LineCounter, parseDocument } from 'yaml';
import { type Scenario, scenarioSchema } from '../../../../src/engine/simulation/scenario.ts';
import { crossFieldFindings } from '../../../../src/simulation/scenario-checks.ts';
import { findingsOf } from '../../../../src/simulation/scenario-issues.ts';
import { isMapping, type Layered, layerOver } from '../../../../src/simulation/scenario-merge.ts';
import { describeValue, fieldPath, listOf } from '../../../../src/simulation/scenario-problem.ts';

/** An example scenario file, as `GET /scenarios` lists it. */
export interface ScenarioFile {
  readonly file: string;
  readonly source: string;
}

export interface FieldProblem {
  /** The field (`network.clinicians`), or '' for the text as a whole. */
  readonly path: string;
  readonly message: string;
  /** Where in the text, for a syntax error (1-based). */
  readonly line?: number;
}

/** Values set by the page's own controls, which win over the text's. */
export interface ScenarioOverrides {
  readonly seed?: number | undefined;
  readonly days?: number | undefined;
}

export type CheckedScenario =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/** Longest chain of `extends` followed; the examples are two deep. */
const MAX_CHAIN = 16;

export function checkScenarioText(
  text: string,
  examples: readonly ScenarioFile[],
  overrides: ScenarioOverrides = {},
): CheckedScenario {
  const edited = parseMapping(text);
  if (!edited.ok) return edited;

  // The chain from the edited text up to its root ancestor, as the loader walks it.
  const chain: Record<string, unknown>[] = [edited.data];
  const visited: string[] = [];
  for (let data = edited.data; data.extends !== undefined && data.extends !== null; ) {
    const named = data.extends;
    const fail = (message: string): CheckedScenario => ({
      ok: false,
      problems: [{ path: 'extends', message }],
    });
    const known = examples.map((e) => e.file);
    if (typeof named !== 'string' || named === '') {
      return fail(
        `expected the file of an example, ${listOf(known)} (got ${describeValue(named)})`,
      );
    }
    const file = named.replace(/^\.\//, '');
    if (visited.includes(file) || visited.length >= MAX_CHAIN) {
      return fail(
        `expected a chain of extends without a cycle (got ${[...visited, file].join(' → ')})`,
      );
    }
    visited.push(file);
    const parent = examples.find((e) => e.file === file);
    if (parent === undefined) {
      return fail(
        `expected the file of an example, ${listOf(known)} (got ${JSON.stringify(named)})`,
      );
    }
    const parsed = parseMapping(parent.source);
    // An example the server sent is valid; if not, say so rather than run half of it.
    if (!parsed.ok) return fail(`the example ${file} cannot be read`);
    data = parsed.data;
    chain.push(data);
  }

  let layered: Layered | undefined;
  for (const data of chain.reverse()) layered = layerOver(layered, withoutExtends(data), '');
  const merged: Record<string, unknown> = { ...layered!.value };
  if (overrides.seed !== undefined) merged.seed = overrides.seed;
  if (overrides.days !== undefined) merged.days = overrides.days;

  const parsed = scenarioSchema.safeParse(merged);
  const findings = parsed.success ? [] : findingsOf(parsed.error.issues, merged);
  // A field the schema already rejected needs no second message (as in the loader).
  const reported = new Set(findings.map((f) => fieldPath(f.segments)));
  for (const finding of crossFieldFindings(merged)) {
    if (!reported.has(fieldPath(finding.segments))) findings.push(finding);
  }
  if (parsed.success && findings.length === 0) return { ok: true, scenario: parsed.data };
  return {
    ok: false,
    problems: findings.map((f) => ({ path: fieldPath(f.segments), message: f.message })),
  };
}

type Parsed =
  | { readonly ok: true; readonly data: Record<string, unknown> }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/** YAML (JSON is YAML too) into a mapping, or its syntax problems with their lines. */
function parseMapping(text: string): Parsed {
  const lineCounter = new LineCounter();
  // uniqueKeys: a key written twice is a mistake, not "the last one wins".
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({
        path: '',
        line: lineCounter.linePos(error.pos[0]).line,
        message: `not valid YAML or JSON: ${firstLine(error.message)}`,
      })),
    };
  }
  let data: unknown;
  try {
    // A few lines of aliases can expand to millions of nodes: refused, as the loader does.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    return { ok: false, problems: [{ path: '', message: 'not usable: too many aliases' }] };
  }
  if (data === null || data === undefined) data = {};
  if (!isMapping(data)) {
    const message = `expected a mapping of scenario fields (got ${describeValue(data)})`;
    return { ok: false, problems: [{ path: '', message }] };
  }
  return { ok: true, data };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** `extends` is resolved here and not inherited: a child names its own parent. */
function withoutExtends(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(data)) if (key !== 'extends') out[key] = data[key];
  return out;
}
