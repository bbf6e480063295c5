/**
 * Turns schema failures into one TimelyError whose message and path name the record
 * and the field (e.g. `network.clinicians[12] (id "c-0012").languages: …`), so a user can
 * find the bad line in a file of thousands.
 */
import type { z } from 'zod';
import { TimelyError, type TimelyErrorCode } from './errors.ts';
import { firstProblem } from './field-problem.ts';

export function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** A label for the innermost record on the path that has an `id`, for messages. */
function recordLabel(input: unknown, path: readonly PropertyKey[]): string {
  let node: unknown = input;
  let label = '';
  for (const key of path) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<PropertyKey, unknown>)[key];
    if (typeof key === 'number' && node && typeof node === 'object') {
      const id = (node as { id?: unknown }).id;
      if (typeof id === 'string') label = ` (id "${id}")`;
    }
  }
  return label;
}

export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  root: string,
  code: TimelyErrorCode = 'FIELD_INVALID',
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problem = firstProblem(result.error);
  const path = formatPath(root, problem.segments);
  const others = result.error.issues.length - 1;
  const more = others > 0 ? ` (and ${others} more problem${others === 1 ? '' : 's'})` : '';
  throw new TimelyError(
    code,
    `${path}${recordLabel(input, problem.segments)}: ${problem.message}${more}`,
    { path },
  );
}
