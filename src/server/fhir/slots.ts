/**
 * Slots are not stored: they are derived from a clinician's weekly template, time off
 * and live appointments, for a bounded range of instants. Pure functions over plain
 * data (the queries are in `slot-search.ts`).
 *
 * - Each session of the template in force on a clinic-local day is one Slot, at its
 *   wall-clock time in the center's time zone (Temporal's "compatible" disambiguation
 *   across daylight-saving changes). When several templates are in force on a day, the
 *   one that took effect last applies.
 * - A session overlapping a live appointment (`booked`, `completed`) is `busy`; one
 *   overlapping time off is `busy-unavailable`; otherwise `free`. Overlap is half-open
 *   (`a.start < b.end && b.start < a.end`), so back-to-back never overlaps.
 * - A live appointment that overlaps no session (booked outside the template) is a
 *   `busy` slot of its own, so a clinician's taken time is always visible.
 * - An inactive clinician has no session slots (their appointments still show).
 *
 * A slot's id is `{clinicianId}.{start as YYYYMMDDTHHMMSSZ}`: the read of one slot
 * derives that clinician's slots at that instant again.
 *
 * Not modelled yet: a day whose visits reached the template's `daily_visit_cap` still
 * shows its remaining sessions as free (the booking service closes such a day).
 */

import { Temporal } from 'temporal-polyfill';
import type { BusinessCalendar } from '../../engine/rules/calendar.ts';
import { dayNumberOfDate, type LocalDate } from '../../engine/time.ts';
import type { DerivedSlot } from './resources.ts';

export interface SlotClinician {
  readonly centerId: string;
  readonly id: string;
  readonly active: boolean;
  readonly timeZone: string;
}

export interface SlotTemplate {
  readonly centerId: string;
  readonly clinicianId: string;
  readonly templateId: string;
  /** YYYY-MM-DD */
  readonly effectiveFrom: string;
  readonly effectiveTo: string | null;
  readonly sessions: readonly SlotSession[];
}

export interface SlotSession {
  /** ISO weekday, Monday = 1 */
  readonly weekday: number;
  /** HH:MM:SS, clinic-local */
  readonly startTime: string;
  readonly minutes: number;
  readonly kind: string;
}

/** Time off or a live appointment: a busy interval of one clinician. */
export interface SlotBusy {
  readonly centerId: string;
  readonly clinicianId: string;
  readonly start: number;
  readonly end: number;
  readonly kind?: string | undefined;
}

export interface SlotInputs {
  /**
   * The plan's holidays: no session is held on one, as the booking engine compiles
   * templates (a Slot the engine would never book must not show as free).
   */
  readonly calendar: BusinessCalendar;
  readonly clinicians: readonly SlotClinician[];
  readonly templates: readonly SlotTemplate[];
  readonly timeOff: readonly SlotBusy[];
  readonly appointments: readonly SlotBusy[];
}

/** `[from, to)`, epoch milliseconds: the range slot *starts* must fall in. */
export interface SlotRange {
  readonly from: number;
  readonly to: number;
}

const keyOf = (centerId: string, clinicianId: string) => `${centerId}\u0000${clinicianId}`;

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

/** Every slot starting in `range`, ordered by start, then id. */
export function deriveSlots(inputs: SlotInputs, range: SlotRange): DerivedSlot[] {
  const templates = groupBy(inputs.templates, (t) => keyOf(t.centerId, t.clinicianId));
  const timeOff = groupBy(inputs.timeOff, (b) => keyOf(b.centerId, b.clinicianId));
  const appointments = groupBy(inputs.appointments, (b) => keyOf(b.centerId, b.clinicianId));
  const slots: DerivedSlot[] = [];
  for (const clinician of inputs.clinicians) {
    const key = keyOf(clinician.centerId, clinician.id);
    const away = timeOff.get(key) ?? [];
    const booked = appointments.get(key) ?? [];
    const sessions = clinician.active
      ? sessionIntervals(clinician, templates.get(key) ?? [], range, inputs.calendar)
      : [];
    for (const session of sessions) {
      const status = booked.some((b) => overlaps(b, session))
        ? 'busy'
        : away.some((b) => overlaps(b, session))
          ? 'busy-unavailable'
          : 'free';
      slots.push({ ...session, id: slotId(clinician.id, session.start), status });
    }
    for (const appointment of booked) {
      if (appointment.start < range.from || appointment.start >= range.to) continue;
      if (sessions.some((s) => overlaps(s, appointment))) continue;
      slots.push({
        id: slotId(clinician.id, appointment.start),
        clinicianId: clinician.id,
        start: appointment.start,
        end: appointment.end,
        status: 'busy',
        kind: appointment.kind,
      });
    }
  }
  return slots.sort((a, b) => a.start - b.start || compareText(a.id, b.id));
}

function sessionIntervals(
  clinician: SlotClinician,
  templates: readonly SlotTemplate[],
  range: SlotRange,
  calendar: BusinessCalendar,
): { clinicianId: string; start: number; end: number; kind: string }[] {
  const zone = clinician.timeZone;
  // One local day of margin each side: the range is in instants, the template in days.
  let day = Temporal.Instant.fromEpochMilliseconds(range.from)
    .toZonedDateTimeISO(zone)
    .toPlainDate()
    .subtract({ days: 1 });
  const last = Temporal.Instant.fromEpochMilliseconds(range.to)
    .toZonedDateTimeISO(zone)
    .toPlainDate()
    .add({ days: 1 });
  const out: { clinicianId: string; start: number; end: number; kind: string }[] = [];
  for (; Temporal.PlainDate.compare(day, last) <= 0; day = day.add({ days: 1 })) {
    const iso = day.toString();
    if (calendar.holidayOn(dayNumberOfDate(iso as LocalDate)) !== undefined) continue;
    const template = templates
      .filter((t) => t.effectiveFrom <= iso && (t.effectiveTo === null || iso <= t.effectiveTo))
      .sort((a, b) => compareText(b.effectiveFrom, a.effectiveFrom))[0];
    if (template === undefined) continue;
    for (const session of template.sessions) {
      if (session.weekday !== day.dayOfWeek) continue;
      const start = localInstant(day, iso, session.startTime, zone);
      if (start < range.from || start >= range.to) continue;
      out.push({
        clinicianId: clinician.id,
        start,
        end: start + session.minutes * 60_000,
        kind: session.kind,
      });
    }
  }
  return out;
}

/**
 * The instant of a clinic-local date and time. Temporal's time-zone arithmetic costs
 * tens of microseconds a call and a Slot search makes hundreds; the same few session
 * times recur every week, so answers are kept (bounded: cleared when full).
 */
const instants = new Map<string, number>();
const MAX_INSTANTS = 200_000;

function localInstant(day: Temporal.PlainDate, iso: string, time: string, zone: string): number {
  const key = `${zone}|${iso}|${time}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    instant = day
      .toPlainDateTime(Temporal.PlainTime.from(time))
      .toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
    if (instants.size >= MAX_INSTANTS) instants.clear();
    instants.set(key, instant);
  }
  return instant;
}

/** `c01.20260302T170000Z` */
export function slotId(clinicianId: string, start: number): string {
  const iso = new Date(start).toISOString(); // 2026-03-02T17:00:00.000Z
  return `${clinicianId}.${iso.slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** The clinician and start instant a slot id names, or undefined. */
export function parseSlotId(id: string): { clinicianId: string; start: number } | undefined {
  const match = /^(.+)\.(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(id);
  if (match === null) return undefined;
  const [, clinicianId = '', y, mo, d, h, mi, s] = match;
  const start = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(start) || slotId(clinicianId, start) !== id) return undefined;
  return { clinicianId, start };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
