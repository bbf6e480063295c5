/**
 * Resolves `--calendar NAME|FILE`: a built-in calendar by name, or a JSON file in the
 * `calendarDefinition` format (see README, "Calendars"). Reading the file is I/O, so it
 * lives here; validation is the engine's (BusinessCalendar checks the definition).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TimelyError } from '../engine/errors.ts';
import {
  BusinessCalendar,
  builtInCalendarNames,
  type CalendarDefinition,
  calendarNamed,
} from '../engine/rules/calendar.ts';

const OPTION = '--calendar';

/** A value is read as a file when it looks like one: a path separator or a .json ending. */
function looksLikePath(value: string): boolean {
  return /[\\/]/.test(value) || /\.json$/i.test(value);
}

export async function resolveCalendar(value: string, cwd: string): Promise<BusinessCalendar> {
  if (builtInCalendarNames().includes(value)) return calendarNamed(value);
  if (!looksLikePath(value)) {
    throw new TimelyError(
      'CALENDAR_INVALID',
      `${OPTION}: unknown calendar "${value}" (built in: ${builtInCalendarNames().join(', ')}; or a path to a JSON file)`,
      { path: OPTION },
    );
  }
  return calendarFromFile(value, cwd);
}

async function calendarFromFile(file: string, cwd: string): Promise<BusinessCalendar> {
  const fail = (problem: string): TimelyError =>
    new TimelyError('CALENDAR_INVALID', `calendar file ${file}: ${problem}`, { path: OPTION });

  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw fail(readProblem(error));
  }

  let data: unknown;
  try {
    // Editors on Windows may save a byte-order mark, which JSON.parse refuses.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw fail(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }

  try {
    // The constructor validates `data` against calendarDefinition; the cast only lets
    // unvalidated input reach the validator.
    return new BusinessCalendar(data as CalendarDefinition);
  } catch (error) {
    if (error instanceof TimelyError) {
      throw fail(`not a valid calendar: ${error.message.replace(/^calendar:? /, '')}`);
    }
    throw error;
  }
}

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'not found';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot be read (${error instanceof Error ? error.message : String(error)})`;
}
