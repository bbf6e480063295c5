/**
 * A refused write's field errors (the problem's `errors`, each naming its field by a
 * dotted path: `scope.clinicianIds`, `endsAt`), shown next to the fields they name and
 * listed in a summary; a refusal naming no field is one error for the whole form.
 */
import { ApiError } from '../../api/client.ts';

export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export function fieldErrorsOf(error: unknown, fallback: string): FieldError[] {
  if (!(error instanceof ApiError)) return [{ path: '', message: fallback }];
  const listed = error.problem?.errors;
  if (Array.isArray(listed) && listed.length > 0) {
    return listed.map((e: { path?: unknown; message?: unknown }) => ({
      path: String(e.path ?? ''),
      message: readable(String(e.message ?? '')),
    }));
  }
  return [{ path: '', message: error.message }];
}

/**
 * The schema's words for a field left empty ("Invalid input: expected string, received
 * undefined") said as a person would; every other message as the server wrote it.
 */
export function readable(message: string): string {
  return /received undefined$/.test(message) ? 'Required.' : message;
}

/** The errors about a field or anything inside it (`scope` holds `scope.centerIds`). */
export function errorsAt(errors: readonly FieldError[], path: string): FieldError[] {
  return errors.filter((e) => e.path === path || e.path.startsWith(`${path}.`));
}

/** The id of a field's message, for its `aria-describedby`; undefined when none. */
export function describedBy(errors: readonly FieldError[], path: string): string | undefined {
  return errorsAt(errors, path).length > 0 ? `err-${path}` : undefined;
}

export function FieldMessage({
  errors,
  path,
}: {
  readonly errors: readonly FieldError[];
  readonly path: string;
}) {
  const mine = errorsAt(errors, path);
  if (mine.length === 0) return null;
  return (
    <span className="field-error" id={`err-${path}`}>
      {mine.map((e) => e.message).join('; ')}
    </span>
  );
}
