/**
 * Turns the schema's findings into "what was expected (got …)" sentences, one per field.
 * zod's own messages ("Too small: expected number to be >=0") say neither the value
 * found nor, for an unknown key, which keys are known; the merged input supplies the
 * first and the JSON Schema the second.
 */
import type { z } from 'zod';
import { type JsonSchemaNode, jsonSchemaAt } from './scenario-json-schema.ts';
import { closestName, describeValue, listOf } from './scenario-problem.ts';

type Issue = z.core.$ZodIssue;

export interface FieldFinding {
  readonly segments: readonly PropertyKey[];
  readonly message: string;
}

/** One finding per field; zod may report a field twice (e.g. not whole and too small). */
export function findingsOf(issues: readonly Issue[], input: unknown): FieldFinding[] {
  const out: FieldFinding[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    for (const finding of findingsOfIssue(issue, input)) {
      const key = JSON.stringify(finding.segments.map(String));
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(finding);
    }
  }
  return out;
}

function findingsOfIssue(issue: Issue, input: unknown): FieldFinding[] {
  const segments = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(jsonSchemaAt(segments)?.properties ?? {});
    return issue.keys.map((key) => {
      const near = closestName(key, known);
      const hint =
        near === undefined
          ? `, expected ${listOf(known)}`
          : ` (did you mean ${JSON.stringify(near)}?)`;
      return { segments: [...segments, key], message: `unknown field${hint}` };
    });
  }
  // A bad record key is reported at the key's own path; what was found is the key.
  const value =
    issue.code === 'invalid_key' ? String(segments[segments.length - 1]) : valueAt(input, segments);
  const expected = expectation(issue, value, segments);
  return [{ segments, message: `${expected} (got ${describeValue(value)})` }];
}

function expectation(issue: Issue, value: unknown, segments: readonly PropertyKey[]): string {
  switch (issue.code) {
    case 'invalid_type': {
      const type = typeName(refinedType(issue.expected, jsonSchemaAt(segments)));
      return value === undefined ? `required: expected ${type}` : `expected ${type}`;
    }
    case 'too_small':
      return `expected ${bound(issue.origin, 'least', issue.minimum, issue.inclusive, issue.exact)}`;
    case 'too_big':
      return `expected ${bound(issue.origin, 'most', issue.maximum, issue.inclusive, issue.exact)}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'invalid_key': {
      const inner = issue.issues[0];
      if (inner?.code === 'too_small') return `expected a key of ${lengthBound(inner, 'least')}`;
      if (inner?.code === 'too_big') return `expected a key of ${lengthBound(inner, 'most')}`;
      return 'expected a valid key';
    }
    default:
      // Custom checks and formats (dates, HH:MM times) carry our own "expected …" message.
      return issue.message;
  }
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  date: 'a date as YYYY-MM-DD',
  time: 'a local time as HH:MM',
};

/**
 * zod names the base type ("number" for an integer field, "string" for a date); the JSON
 * Schema knows the finer one.
 */
function refinedType(expected: string, node: JsonSchemaNode | undefined): string {
  if (expected === 'number' && node?.type === 'integer') return 'int';
  if (expected === 'string' && node?.format === 'date') return 'date';
  if (expected === 'string' && node?.pattern?.includes(':[0-5]') === true) return 'time';
  return expected;
}

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

function lengthBound(issue: Issue & { code: 'too_small' | 'too_big' }, side: 'least' | 'most') {
  const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  return bound(issue.origin, side, limit, issue.inclusive, undefined);
}

function bound(
  origin: string,
  side: 'least' | 'most',
  limit: number | bigint,
  inclusive: boolean | undefined,
  exact: boolean | undefined,
): string {
  const unit = origin === 'array' ? 'item' : origin === 'string' ? 'character' : undefined;
  if (unit === undefined) {
    if (inclusive === false) return side === 'least' ? `more than ${limit}` : `less than ${limit}`;
    return `at ${side} ${limit}`;
  }
  const count = `${limit} ${unit}${limit === 1 || limit === 1n ? '' : 's'}`;
  return exact === true ? `exactly ${count}` : `at ${side} ${count}`;
}

/** The input value at `segments`, undefined when the path leads nowhere. */
export function valueAt(input: unknown, segments: readonly PropertyKey[]): unknown {
  let node = input;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    if (!Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}
