/**
 * The booking service's refusals as OperationOutcomes, decided here for the FHIR create
 * as `../routes/booking-problems.ts` decides them for the REST route (same statuses):
 *
 * - a lost race or a cap is a 409 `conflict` whose outcome lists the next options, each a
 *   `next-option` extension holding the Slot to send back (and, for a person, the same
 *   Slots in `issue.diagnostics`), with the standard, deadline and evaluation;
 * - a reference to a record that does not exist, a picked Slot that is not an option, or
 *   an Idempotency-Key reused with another body is a 422 (the request is well formed,
 *   the records refuse it), naming the element or the header;
 * - an unknown standard or a date outside the calendar is a 400 naming the element.
 */
import type { ConflictResult } from '../../booking/booking-service.ts';
import { TimelyError } from '../../engine/errors.ts';
import { IDEMPOTENCY_HEADER } from '../routes/booking-schemas.ts';
import type { BookingElements } from './appointment-profile.ts';
import { judgedExtensions, nextOptionExtension, optionSlotId } from './booking-extensions.ts';
import { FhirError, type IssueCode } from './outcome.ts';
import { SYSTEMS } from './resources.ts';

const CONFLICT_MESSAGE: Record<ConflictResult['reason'], string> = {
  'slot-taken': 'the slot was taken meanwhile',
  'daily-visit-cap': 'the practitioner’s day is full',
  'caseload-cap': 'the practitioner’s caseload is full',
  'clinician-inactive': 'the practitioner no longer takes bookings',
};

/** 409: nothing was booked; the outcome carries what the client can pick instead. */
export function conflictOutcome(result: ConflictResult, elements: BookingElements): FhirError {
  const slots = result.options.map((option) => `Slot/${optionSlotId(option)}`);
  const message =
    slots.length > 0
      ? `${CONFLICT_MESSAGE[result.reason]}; nothing was booked: send one of the next options in Appointment.slot`
      : `${CONFLICT_MESSAGE[result.reason]}; nothing was booked, and nothing else fits now`;
  return FhirError.of(
    409,
    [
      {
        code: 'conflict',
        message,
        expression: elements.slot,
        reason: { system: SYSTEMS.bookingConflict, code: result.reason },
        diagnostics: slots.length > 0 ? `next options: ${slots.join(', ')}` : undefined,
      },
    ],
    [...judgedExtensions(result), ...result.options.map(nextOptionExtension)],
  );
}

/**
 * Maps an error thrown by the booking service; anything that is not a `TimelyError` is
 * returned unchanged (the FHIR error handler makes it a 500 without its message).
 */
export function bookingOutcomeOf(error: unknown, elements: BookingElements): unknown {
  if (!(error instanceof TimelyError)) return error;
  const message = messageOf(error);
  const at = (status: number, code: IssueCode, expression: string | undefined) =>
    FhirError.of(status, [
      {
        code,
        expression,
        message: expression === undefined ? message : `${expression}: ${message}`,
      },
    ]);
  switch (error.code) {
    case 'NOT_FOUND':
      return at(422, 'not-found', error.path === 'patientId' ? elements.patient : undefined);
    case 'FIELD_INVALID':
      if (error.path === 'idempotencyKey') {
        return FhirError.of(422, [
          {
            code: 'business-rule',
            header: IDEMPOTENCY_HEADER,
            message: `${IDEMPOTENCY_HEADER}: ${message}`,
          },
        ]);
      }
      if (error.path === 'slot') return at(422, 'business-rule', elements.slot);
      if (error.path === 'patientId') return at(422, 'multiple-matches', elements.patient);
      return at(422, 'business-rule', undefined);
    case 'STANDARD_UNKNOWN':
      return at(400, 'code-invalid', elements.standard);
    case 'CALENDAR_RANGE':
      return at(400, 'value', elements.clockStart);
    default:
      // An engine failure (an inconsistent network, …) is ours, not the client's.
      return new Error(`booking failed: ${error.code}`);
  }
}

/** The service's message without its leading "path: " (the issue names the element). */
function messageOf(error: TimelyError): string {
  const prefix = `${error.path}: `;
  return error.path !== undefined && error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
}
