/**
 * Turns a zod validation failure into the one problem a person should fix first, with
 * the dotted path of the offending field (e.g. `holidays.2.date`).
 *
 * zod reports a failed union as "Invalid input" with one list of issues per branch, and
 * an unknown key at the path of the object that holds it. Neither names the field: we
 * descend into the branch that came closest (fewest issues) and append the unknown key.
 */
import type { z } from 'zod';

export interface FieldProblem {
  /** Dotted path of the field, '' for the value as a whole. */
  readonly path: string;
  /** The same path as keys and array indices. */
  readonly segments: readonly PropertyKey[];
  readonly message: string;
}

type Issue = z.core.$ZodIssue;

export function firstProblem(error: z.ZodError): FieldProblem {
  const issue = error.issues[0];
  if (!issue) return { path: '', segments: [], message: 'invalid' };
  return problemOf(issue, []);
}

function problemOf(issue: Issue, prefix: readonly PropertyKey[]): FieldProblem {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') {
    const closest = closestBranch(issue.errors);
    if (closest?.[0]) return problemOf(closest[0], path);
  }
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) {
    const segments = [...path, issue.keys[0]];
    return { path: dotted(segments), segments, message: 'unknown field' };
  }
  return { path: dotted(path), segments: path, message: issue.message };
}

function closestBranch(branches: readonly Issue[][]): readonly Issue[] | undefined {
  let best: Issue[] | undefined;
  for (const branch of branches) {
    if (branch.length > 0 && (best === undefined || branch.length < best.length)) best = branch;
  }
  return best;
}

function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}
