/**
 * The booking service's refusals as HTTP problems. The service throws the engine's
 * `TimelyError` (a code and the path of the bad input); which status each one gets is
 * decided here, for the booking routes, next to the request shape the paths refer to.
 */
import { TimelyError } from '../../engine/errors.ts';
import { type FieldLocation, fieldProblem, Problem, type ProblemKind } from '../problem.ts';
import { IDEMPOTENCY_HEADER } from './booking-schemas.ts';

/** Where a service path points in the HTTP request. */
type Where = { readonly in: FieldLocation; readonly path: string };

/**
 * Maps an error from the booking service; anything that is not a `TimelyError` is
 * returned unchanged (the server's handler turns it into a 500 or an SQLSTATE problem).
 */
export function bookingProblemOf(error: unknown, requestIn: 'body' | 'query'): unknown {
  if (!(error instanceof TimelyError)) return error;
  const path = error.path ?? '';
  const message = messageOf(error);
  const at = (kind: ProblemKind, where: Where) => fieldProblem(kind, where.in, where.path, message);
  switch (error.code) {
    case 'NOT_FOUND':
      // An unknown appointment in the URL is a 404; an unknown patient named in the
      // request is a reference to a record that does not exist (422, as elsewhere).
      if (path === 'appointmentId' || path === 'requestId') {
        return at('not-found', { in: 'path', path: 'id' });
      }
      return at('unprocessable', { in: requestIn, path });
    case 'FIELD_INVALID':
      if (path === 'idempotencyKey') {
        return at('unprocessable', { in: 'header', path: IDEMPOTENCY_HEADER });
      }
      // The appointment exists but is not booked any more (or has no request); the
      // stored request is booked already (or closed).
      if (path === 'appointmentId' || path === 'requestId') {
        return at('conflict', { in: 'path', path: 'id' });
      }
      // A request id that is taken: a taken key, as elsewhere.
      if (path === 'id') return at('conflict', { in: requestIn, path: 'id' });
      // A picked slot that is not one of the request's options.
      return at('unprocessable', { in: requestIn, path });
    case 'STANDARD_UNKNOWN':
    case 'CALENDAR_RANGE':
      return at('invalid-request', { in: requestIn, path: path || 'clockStart' });
    default:
      return new Problem('internal', 'an unexpected error occurred; it has been logged');
  }
}

/** The service's message without its leading "path: " (the problem names the field itself). */
function messageOf(error: TimelyError): string {
  const prefix = `${error.path}: `;
  return error.path !== undefined && error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
}
