/** A refusal's field errors, as the declare form shows them. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { errorsAt, fieldErrorsOf } from './field-errors.tsx';

const refusal = (errors: unknown) =>
  new ApiError(400, 'The request is not valid.', { status: 400, errors });

describe('the field errors of a refused declaration', () => {
  it('keeps the field each error names, and says "Required." for a missing one', () => {
    const errors = fieldErrorsOf(
      refusal([
        {
          path: 'startsAt',
          in: 'body',
          message: 'Invalid input: expected string, received undefined',
        },
        { path: 'endsAt', in: 'body', message: 'must be after startsAt' },
      ]),
      'fallback',
    );
    expect(errors).toEqual([
      { path: 'startsAt', message: 'Required.' },
      { path: 'endsAt', message: 'must be after startsAt' },
    ]);
  });

  it('gives a field the errors about anything inside it', () => {
    const errors = [
      { path: 'scope.clinicianIds.1', message: 'unknown clinician' },
      { path: 'scopeNote', message: 'not this one' },
    ];
    expect(errorsAt(errors, 'scope').map((e) => e.path)).toEqual(['scope.clinicianIds.1']);
  });

  it('makes a refusal naming no field, or a failure that is no refusal, one error for the form', () => {
    expect(fieldErrorsOf(new ApiError(409, 'Conflict with the stored records.'), 'x')).toEqual([
      { path: '', message: 'Conflict with the stored records.' },
    ]);
    expect(fieldErrorsOf(new TypeError('boom'), 'Not declared.')).toEqual([
      { path: '', message: 'Not declared.' },
    ]);
  });
});
