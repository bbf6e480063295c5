/**
 * Field schemas shared by the routes: ids, calendar days, wall-clock times, time zones.
 * Each refuses what the database would refuse (or store wrongly), so a bad value is a
 * 400 naming the field, not a database error.
 */
import { z } from 'zod';

/** Ids are text (the engine's ids are strings; imports keep theirs): a safe URL segment. */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._~-]*$/, 'expected letters, digits, ".", "_", "~" or "-"');

/** A calendar day, YYYY-MM-DD, that exists (zod checks month lengths and leap years). */
export const localDateSchema = z.iso.date({ error: 'expected a date YYYY-MM-DD' });

/** A clinic-local wall-clock time, HH:MM or HH:MM:SS. */
export const wallTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'expected a time HH:MM or HH:MM:SS');

/** An ISO weekday, Monday = 1 … Sunday = 7. */
export const weekdaySchema = z.number().int().min(1).max(7);

export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, 'expected an IANA time zone such as America/Los_Angeles');

export const nameSchema = z.string().trim().min(1).max(200);

/** A short code such as a discipline or a language tag. */
export const codeSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z][a-z0-9-]*$/, 'expected lower-case letters, digits and "-"');

/** A row's creation time, sent as an ISO 8601 instant in UTC. */
export const instantSchema = z.iso.datetime();

/** `true`/`false` in a query string. */
export const booleanQuerySchema = z.enum(['true', 'false']);

/** A language tag such as `en` or `es-MX` (BCP 47, simplified). */
export const languageSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a language tag such as en or es-MX')
  .max(16);

/** True when an update has at least one field to set (undefined = leave as is). */
export function hasChanges(changes: Readonly<Record<string, unknown>>): boolean {
  return Object.values(changes).some((value) => value !== undefined);
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
