/**
 * Clinic-local time for the scheduler page: every medical center of the network is in
 * California, so days, weeks and wall-clock times are Los Angeles's, whatever the
 * browser's own zone.
 */
export const CLINIC_ZONE = 'America/Los_Angeles';

const PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: CLINIC_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The zone's offset from UTC at an instant, in milliseconds (negative in California). */
function offsetAt(instant: number): number {
  const parts = Object.fromEntries(
    PARTS.formatToParts(new Date(instant)).map((part) => [part.type, part.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant of a clinic-local wall-clock time (`2026-11-23`, `09:30`). */
export function clinicInstant(date: string, time = '00:00'): number {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const [hh = 0, mm = 0] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const first = wall - offsetAt(wall);
  return wall - offsetAt(first);
}

/** The clinic-local date (YYYY-MM-DD) of an instant. */
export function clinicDate(instant: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: CLINIC_ZONE }).format(new Date(instant));
}

/** The Monday (YYYY-MM-DD) of the clinic-local week holding a date. */
export function mondayOf(date: string): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  const weekday = (day.getUTCDay() + 6) % 7; // Monday = 0
  return addDays(date, -weekday);
}

export function addDays(date: string, days: number): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const TIME = new Intl.DateTimeFormat('en-US', {
  timeZone: CLINIC_ZONE,
  hour: 'numeric',
  minute: '2-digit',
});
const DATE_TIME = new Intl.DateTimeFormat('en-US', {
  timeZone: CLINIC_ZONE,
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});
const DAY = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  weekday: 'short',
  month: 'short',
  day: 'numeric',
});

export const formatTime = (instant: number | string) => TIME.format(new Date(instant));
export const formatDateTime = (instant: number | string) => DATE_TIME.format(new Date(instant));
/** A YYYY-MM-DD date as "Mon, Nov 23". */
export const formatDay = (date: string) => DAY.format(new Date(`${date}T00:00:00Z`));

/** The value of a `datetime-local` input for an instant, in clinic time. */
export function localInputValue(instant: number): string {
  const date = clinicDate(instant);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: CLINIC_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant));
  return `${date}T${time}`;
}

/** A `datetime-local` value read as clinic time, as an ISO instant. */
export function fromLocalInput(value: string): string | null {
  const [date, time] = value.split('T');
  if (!date || !time) return null;
  const instant = clinicInstant(date, time);
  return Number.isNaN(instant) ? null : new Date(instant).toISOString();
}
