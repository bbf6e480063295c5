/**
 * Exit codes of `timely`, following the common Unix convention (as in BSD sysexits and
 * most CLIs): 0 success, 1 something went wrong that the user did not cause, 2 the
 * command line or the input it names was wrong.
 */
import type { TimelyErrorCode } from '../engine/errors.ts';

export const EXIT_OK = 0;
export const EXIT_UNEXPECTED = 1;
export const EXIT_USAGE = 2;

export type ExitCode = typeof EXIT_OK | typeof EXIT_UNEXPECTED | typeof EXIT_USAGE;

/**
 * Every domain error code, mapped in one place. A `Record` over the union makes the type
 * checker ask for a decision whenever a new code is added to TimelyErrorCode.
 */
export const EXIT_CODE_OF_ERROR: Readonly<Record<TimelyErrorCode, ExitCode>> = {
  FIELD_INVALID: EXIT_USAGE,
  STANDARD_UNKNOWN: EXIT_USAGE,
  CALENDAR_INVALID: EXIT_USAGE,
  CALENDAR_RANGE: EXIT_USAGE,
  NETWORK_INCONSISTENT: EXIT_USAGE,
  SLOT_TAKEN: EXIT_USAGE,
  NOT_FOUND: EXIT_USAGE,
  CONFLICT: EXIT_USAGE,
};
