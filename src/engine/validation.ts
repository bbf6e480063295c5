/**
 * RECONSTRUCTED FILE — please review. The CLI engineer overwrote the uncommitted original
 * of this file by mistake (an editor "create" on the same path) and rebuilt it from its
 * one call site, `parseOrThrow(networkSchema, input, 'network')` in booking/network.ts.
 * Replace it with your original if it differed.
 *
 * Validates input against a zod schema and returns the parsed value, or throws a
 * TimelyError (FIELD_INVALID) naming the offending field under `path`.
 */
import type { z } from 'zod';
import { TimelyError } from './errors.ts';
import { firstProblem } from './field-problem.ts';

export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  path: string,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problem = firstProblem(parsed.error);
  const field = problem.path ? `${path}.${problem.path}` : path;
  throw new TimelyError('FIELD_INVALID', `${field}: ${problem.message}`, { path: field });
}
