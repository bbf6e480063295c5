/**
 * Clinician utilisation and protected admin time in one week, per clinician, from the
 * engine's own template model — plain data in, plain figures out (no database here:
 * `utilisation-rollup.ts` reads the rows and stores the sums).
 *
 * Session hours offered are the slots the booking engine itself would open that week:
 * the week is compiled by `compileNetwork` (templates applied by effective date, both
 * ends included; no slot on a calendar holiday; no slot that time off overlaps, even in
 * part). So "offered" here and "bookable" in the engine can never disagree.
 *
 * A slot is *used* when a live appointment — booked, completed or a no-show — overlaps
 * it, the rule the engine holds appointments by (`holds.ts`: every slot an appointment
 * overlaps is taken). A no-show counts as used: the hour was given to a member and could
 * not be offered to another. A slot with several appointments takes the strongest
 * status: completed, then booked, then no-show (a no-show's hour given to a walk-in was
 * worked). Booked hours = completed + still booked + no-show hours.
 *
 * Admin blocks (protected planning & preparation time) follow the scheduler's week view
 * (`web/src/pages/scheduler/admin-blocks.ts`): a block is planned on its weekday when
 * its template is in force that day. It is *not delivered* when
 * - the day is a holiday of the calendar, or time off overlaps the block (the clinician
 *   was off; the same all-or-nothing rule as a session slot), or
 * - a live appointment overlaps it: the engine never books into admin time, but an
 *   import or a clerk could, and a block broken by a visit is not protected time.
 *
 * FTE: the share of the contract's five-day week a clinician's templates work (a day
 * counts when the template in force has a session or an admin block on it), at most 1.
 * The demo's full-time templates are 1.0 and its three-day part-time one 0.6 — the same
 * pro rata the simulator gives admin time (scenario `adminHoursPerWeek`, "part-time: pro
 * rata"). Holidays and time off do not lower it: it is what the contract promises.
 */

import { minutesOf } from '../engine/booking/consistency.ts';
import { DayIndex } from '../engine/booking/day-index.ts';
import type { NetworkInput, TemplateInput } from '../engine/booking/model.ts';
import { compileNetwork } from '../engine/booking/network.ts';
import { TimelyError } from '../engine/errors.ts';
import { BusinessCalendar, CALIFORNIA, type CalendarDefinition } from '../engine/rules/calendar.ts';
import {
  addDays,
  type DayNumber,
  dayNumberOfDate,
  isoWeekdayOf,
  localDateOfDay,
  MS_PER_MINUTE,
  parseLocalDate,
} from '../engine/time.ts';

/**
 * The contract the admin figures are read against: the employer's offer at the
 * bargaining table, 6 hours a week of planning & preparation per full-time clinician
 * (SPEC.md, "Clinician workload"), over a five-day week.
 */
export const CONTRACT = {
  name: "employer's offer: 6 h of planning & preparation a week",
  adminHoursPerFteWeek: 6,
  fteWeekdays: 5,
} as const;

/** Appointment statuses that use a clinician's time (cancelled ones do not). */
export const USED_STATUSES = ['booked', 'completed', 'no-show'] as const;
export type UsedStatus = (typeof USED_STATUSES)[number];

/** Which status a slot with several overlapping appointments takes: the highest. */
const STRENGTH: Readonly<Record<UsedStatus, number>> = { 'no-show': 1, booked: 2, completed: 3 };

/** A template assignment: the engine's (`templateAssignmentSchema`), `to` inclusive. */
export interface Assignment {
  readonly template: string;
  readonly from: string;
  readonly to?: string | undefined;
}

/** An active clinician, as the engine's model has one; ids unique within the input. */
export interface UtilisationClinician {
  readonly id: string;
  readonly center: string;
  readonly discipline: string;
  readonly schedule: readonly Assignment[];
  /** Half-open [from, to), epoch ms. */
  readonly timeOff: readonly { readonly from: number; readonly to: number }[];
}

export interface UsedAppointment {
  readonly clinician: string;
  /** Half-open [start, end), epoch ms. */
  readonly start: number;
  readonly end: number;
  readonly status: UsedStatus;
}

export interface WeekInput {
  /** The week's Monday, YYYY-MM-DD, in the calendar's time zone. */
  readonly monday: string;
  /** Holidays and time zone (California's by default, as the booking service). */
  readonly calendar?: CalendarDefinition | undefined;
  /** The engine's templates; one with admin blocks only may have no sessions here. */
  readonly templates: readonly TemplateInput[];
  readonly clinicians: readonly UtilisationClinician[];
  readonly appointments: readonly UsedAppointment[];
}

/** Minutes of one clinician's week (or, summed, of a group's). */
export interface WeekMinutes {
  /** Session slots open for booking: in force, not on a holiday, not under time off. */
  readonly offered: number;
  /** Offered slots used by a live appointment: completed + booked + noShow. */
  readonly used: number;
  readonly completed: number;
  readonly booked: number;
  readonly noShow: number;
  /** Admin blocks of the templates in force, before anything is taken off. */
  readonly adminPlanned: number;
  /** Of those, on a holiday or under time off. */
  readonly adminClosed: number;
  /** Of the rest, overlapped by a live appointment. */
  readonly adminBooked: number;
  /** adminPlanned − adminClosed − adminBooked. */
  readonly adminDelivered: number;
}

export interface ClinicianWeek extends WeekMinutes {
  readonly clinician: string;
  readonly center: string;
  readonly discipline: string;
  /** Days of the five-day week the templates in force work, at most 5. */
  readonly workdays: number;
}

export interface GroupWeek extends WeekMinutes {
  /** Clinicians with a template in force this week (headcount). */
  readonly clinicians: number;
  /** Σ workdays: the group's FTE is this ÷ CONTRACT.fteWeekdays. */
  readonly fteDays: number;
}

export const NO_MINUTES: WeekMinutes = {
  offered: 0,
  used: 0,
  completed: 0,
  booked: 0,
  noShow: 0,
  adminPlanned: 0,
  adminClosed: 0,
  adminBooked: 0,
  adminDelivered: 0,
};

/** A Monday as a day number; anything else is refused. */
export function mondayDay(monday: string): DayNumber {
  const day = dayNumberOfDate(parseLocalDate(monday, 'monday'));
  if (isoWeekdayOf(day) !== 1) {
    throw new TimelyError('FIELD_INVALID', `monday: ${monday} is not a Monday`, { path: 'monday' });
  }
  return day;
}

/** Each clinician with a template in force on some day of the week, and their minutes. */
export function utilisationOfWeek(input: WeekInput): ClinicianWeek[] {
  const monday = mondayDay(input.monday);
  const definition = input.calendar ?? CALIFORNIA;
  const calendar = new BusinessCalendar(definition);
  // The engine's day index turns wall-clock minutes into instants without time-zone
  // arithmetic on every block (the slots are placed through the same index).
  const index = new DayIndex(calendar, monday, addDays(monday, 6));
  const dates = Array.from({ length: 7 }, (_, d) => localDateOfDay(addDays(monday, d)));
  const holiday = dates.map((_, d) => calendar.holidayOn(addDays(monday, d)) !== undefined);
  const templates = new Map(input.templates.map((t) => [t.id, t]));
  const working = input.clinicians
    .map((clinician) => ({
      clinician,
      daily: dates.map((date) => templateOn(clinician, date, templates)),
    }))
    .filter((w) => w.daily.some((t) => t !== undefined));
  const slots = offeredSlots(
    input,
    definition,
    working.map((w) => w.clinician),
    templates,
  );
  const appointments = appointmentsByClinician(input.appointments);

  return working.map(({ clinician, daily }) => {
    const own = appointments.get(clinician.id) ?? [];
    const sessions = sessionMinutes(slots.get(clinician.id) ?? [], own);
    const admin = { planned: 0, closed: 0, booked: 0 };
    let workdays = 0;
    for (let d = 0; d < 7; d++) {
      const template = daily[d];
      if (template === undefined) continue;
      const { works, blocks } = weekdaysOf(template)[d + 1]!;
      if (works) workdays++;
      for (const block of blocks) {
        const start = index.instantAt(d, block.start);
        const end = index.instantAt(d, block.start + block.minutes);
        const minutes = (end - start) / MS_PER_MINUTE;
        admin.planned += minutes;
        if (holiday[d] || clinician.timeOff.some((off) => overlaps(off.from, off.to, start, end))) {
          admin.closed += minutes;
        } else if (own.some((a) => overlaps(a.start, a.end, start, end))) {
          admin.booked += minutes;
        }
      }
    }
    return {
      clinician: clinician.id,
      center: clinician.center,
      discipline: clinician.discipline,
      workdays: Math.min(workdays, CONTRACT.fteWeekdays),
      ...sessions,
      adminPlanned: admin.planned,
      adminClosed: admin.closed,
      adminBooked: admin.booked,
      adminDelivered: admin.planned - admin.closed - admin.booked,
    };
  });
}

interface TemplateDay {
  /** The template has a session or an admin block that weekday. */
  readonly works: boolean;
  /** Its admin blocks that weekday: start minute and length. */
  readonly blocks: readonly { readonly start: number; readonly minutes: number }[];
}

/**
 * A template's weekdays (index 1–7), worked out once per template object: a cached
 * network hands the same objects in week after week.
 */
const templateDays = new WeakMap<TemplateInput, readonly TemplateDay[]>();

function weekdaysOf(template: TemplateInput): readonly TemplateDay[] {
  let days = templateDays.get(template);
  if (!days) {
    days = Array.from({ length: 8 }, (_, weekday) => {
      const blocks = (template.adminBlocks ?? [])
        .filter((b) => b.weekday === weekday)
        .map((b) => ({ start: minutesOf(b.start), minutes: b.minutes }));
      const works = blocks.length > 0 || template.sessions.some((s) => s.weekday === weekday);
      return { works, blocks };
    });
    templateDays.set(template, days);
  }
  return days;
}

/** Sums clinicians' weeks by a key (center, discipline, or both). */
export function groupWeeks(
  weeks: readonly ClinicianWeek[],
  keyOf: (week: ClinicianWeek) => string,
): Map<string, GroupWeek> {
  const groups = new Map<string, GroupWeek>();
  for (const week of weeks) {
    const key = keyOf(week);
    const sum = groups.get(key) ?? { ...NO_MINUTES, clinicians: 0, fteDays: 0 };
    groups.set(key, {
      clinicians: sum.clinicians + 1,
      fteDays: sum.fteDays + week.workdays,
      offered: sum.offered + week.offered,
      used: sum.used + week.used,
      completed: sum.completed + week.completed,
      booked: sum.booked + week.booked,
      noShow: sum.noShow + week.noShow,
      adminPlanned: sum.adminPlanned + week.adminPlanned,
      adminClosed: sum.adminClosed + week.adminClosed,
      adminBooked: sum.adminBooked + week.adminBooked,
      adminDelivered: sum.adminDelivered + week.adminDelivered,
    });
  }
  return groups;
}

function overlaps(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return aStart < bEnd && bStart < aEnd;
}

/** The template in force on a date (YYYY-MM-DD), effective dates inclusive. */
function templateOn(
  clinician: UtilisationClinician,
  date: string,
  templates: ReadonlyMap<string, TemplateInput>,
): TemplateInput | undefined {
  const assignment = clinician.schedule.find(
    (a) => a.from <= date && (a.to === undefined || date <= a.to),
  );
  return assignment && templates.get(assignment.template);
}

interface Slot {
  readonly start: number;
  readonly end: number;
}

/**
 * The week's open session slots per clinician, compiled by the booking engine. The
 * engine needs a template to have sessions; admin-only templates open no slot anyway.
 * Centers' places and clinicians' languages do not change which slots open.
 */
function offeredSlots(
  input: WeekInput,
  calendar: CalendarDefinition,
  clinicians: readonly UtilisationClinician[],
  templates: ReadonlyMap<string, TemplateInput>,
): Map<string, Slot[]> {
  // Stored templates are one copy per clinician (docs/database.md): the engine compiles
  // each distinct set of sessions once instead of 2,400 copies of three.
  const shared = new Map<string, string>();
  const sharedTemplates: TemplateInput[] = [];
  const sharedId = new Map<string, string>();
  for (const template of templates.values()) {
    if (template.sessions.length === 0) continue;
    const content = sessionsKey(template);
    let id = shared.get(content);
    if (id === undefined) {
      id = `sessions-${shared.size + 1}`;
      shared.set(content, id);
      sharedTemplates.push({ id, sessions: template.sessions });
    }
    sharedId.set(template.id, id);
  }
  const compiled = clinicians
    .map((c) => ({
      ...c,
      schedule: c.schedule.flatMap((a) => {
        const id = sharedId.get(a.template);
        return id === undefined ? [] : [{ ...a, template: id }];
      }),
    }))
    .filter((c) => c.schedule.length > 0);
  const out = new Map<string, Slot[]>();
  if (compiled.length === 0) return out;
  const unique = (values: readonly string[]) => [...new Set(values)];
  const network: NetworkInput = {
    calendar,
    horizon: { from: input.monday, to: localDateOfDay(addDays(mondayDay(input.monday), 6)) },
    disciplines: unique(compiled.map((c) => c.discipline)).map((id) => ({ id })),
    centers: unique(compiled.map((c) => c.center)).map((id) => ({ id, lat: 0, lon: 0 })),
    templates: sharedTemplates,
    clinicians: compiled.map((c) => ({
      id: c.id,
      discipline: c.discipline,
      center: c.center,
      languages: ['en'],
      modalities: ['in-person' as const],
      schedule: c.schedule,
      timeOff: c.timeOff.map((off) => ({ from: off.from, to: off.to })),
    })),
  };
  const net = compileNetwork(network);
  for (let c = 0; c < net.clinicianIds.length; c++) {
    const list: Slot[] = [];
    const first = net.clinicianDayStart[c * net.days]!;
    const last = net.clinicianDayStart[(c + 1) * net.days]!;
    for (let s = first; s < last; s++)
      list.push({ start: net.slotStart[s]!, end: net.slotEnd[s]! });
    out.set(net.clinicianIds[c]!, list);
  }
  return out;
}

const sessionKeys = new WeakMap<TemplateInput, string>();

/** What a template's sessions are, as text: equal for templates that open equal slots. */
function sessionsKey(template: TemplateInput): string {
  let key = sessionKeys.get(template);
  if (key === undefined) {
    key = template.sessions
      .map((s) => `${s.weekday} ${s.start} ${s.minutes} ${s.kind}`)
      .sort()
      .join(',');
    sessionKeys.set(template, key);
  }
  return key;
}

function appointmentsByClinician(
  appointments: readonly UsedAppointment[],
): Map<string, UsedAppointment[]> {
  const out = new Map<string, UsedAppointment[]>();
  for (const a of appointments) {
    const list = out.get(a.clinician);
    if (list) list.push(a);
    else out.set(a.clinician, [a]);
  }
  for (const list of out.values()) list.sort((a, b) => a.start - b.start);
  return out;
}

function sessionMinutes(
  slots: readonly Slot[],
  appointments: readonly UsedAppointment[],
): Pick<WeekMinutes, 'offered' | 'used' | 'completed' | 'booked' | 'noShow'> {
  const sum = { offered: 0, used: 0, completed: 0, booked: 0, noShow: 0 };
  for (const slot of slots) {
    const minutes = (slot.end - slot.start) / MS_PER_MINUTE;
    sum.offered += minutes;
    let status: UsedStatus | undefined;
    // Sorted by start: none after the first that starts at or after the slot's end.
    for (const a of appointments) {
      if (a.start >= slot.end) break;
      if (a.end <= slot.start) continue;
      if (status === undefined || STRENGTH[a.status] > STRENGTH[status]) status = a.status;
    }
    if (status === undefined) continue;
    sum.used += minutes;
    if (status === 'completed') sum.completed += minutes;
    else if (status === 'booked') sum.booked += minutes;
    else sum.noShow += minutes;
  }
  return sum;
}
