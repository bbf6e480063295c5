/**
 * Reads the network the booking engine works on out of the database: centers,
 * clinicians, their templates (sessions and admin blocks), time off, and the live
 * appointments over a horizon of days, as the engine's `NetworkInput`.
 *
 * The engine has no way to take in appointments made before it was built (it only
 * books by its own policy), so what is already booked reaches it as closed time:
 *
 * - every live appointment (`booked`, `completed`) is time off for its clinician, so no
 *   slot overlapping it is offered;
 * - a clinician-day whose live visits already reach the template's daily visit cap is
 *   closed whole (the engine counts only the visits it books itself);
 * - a clinician's caseload is `activePatients`: the distinct patients with a live
 *   appointment with them that started at most `CASELOAD_LOOKBACK_DAYS` ago or later.
 *
 * The one thing this cannot say is *which* patients a capped clinician already has, so a
 * clinician at the caseload cap is refused for every new request except a follow-up
 * naming them as its prior clinician (fail closed); the booking transaction counts
 * patients exactly.
 *
 * Cost: seven queries and a compile of the whole horizon per snapshot, O(slots ×
 * appointments per clinician) in the compile's time-off test. Fine for a clinic; at
 * 2,400 clinicians and ~300,000 appointments it is the thing to cache (see
 * docs/database.md, "Booking service").
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  type ClinicianInput,
  DEFAULT_DISCIPLINES,
  type Modality,
  type NetworkInput,
  type TemplateInput,
} from '../engine/booking/model.ts';
import { TimelyError } from '../engine/errors.ts';
import type { CalendarDefinition } from '../engine/rules/calendar.ts';
import {
  addDays,
  type DayNumber,
  dayNumberOfDate,
  type Instant,
  type LocalDate,
  localDateOfDay,
  localDayOf,
  MS_PER_DAY,
  startOfLocalDay,
} from '../engine/time.ts';

/** Live appointments: they hold the clinician's time (the exclusion constraint's statuses). */
export const LIVE_STATUSES = ['booked', 'completed'] as const;
/** How far back a live appointment keeps a patient on a clinician's caseload. */
export const CASELOAD_LOOKBACK_DAYS = 90;

export interface ClinicianFacts {
  readonly centerId: string;
  readonly discipline: string;
  readonly modalities: readonly Modality[];
}

export interface LiveAppointment {
  readonly id: string;
  readonly clinicianId: string;
  readonly start: number;
  readonly end: number;
}

export interface NetworkSnapshot {
  readonly network: NetworkInput;
  /** Clinicians the engine knows, by id. */
  readonly clinicians: ReadonlyMap<string, ClinicianFacts>;
  /** Live appointments in the horizon, by clinician id. */
  readonly appointments: ReadonlyMap<string, readonly LiveAppointment[]>;
  readonly horizon: { readonly from: LocalDate; readonly to: LocalDate };
}

export interface SnapshotOptions {
  readonly now: number;
  readonly horizonDays: number;
  readonly calendar: CalendarDefinition;
  readonly timeZone: string;
  /** Leaves this appointment out, as if it were already released (a reschedule). */
  readonly excludeAppointmentId?: string | undefined;
}

export async function loadNetworkSnapshot(
  db: Kysely<Database>,
  options: SnapshotOptions,
): Promise<NetworkSnapshot> {
  const zone = options.timeZone;
  const firstDay = localDayOf(options.now as Instant, zone);
  const lastDay = addDays(firstDay, options.horizonDays - 1);
  const from = localDateOfDay(firstDay);
  const to = localDateOfDay(lastDay);
  const horizonStart = new Date(startOfLocalDay(firstDay, zone));
  const horizonEnd = new Date(startOfLocalDay(addDays(lastDay, 1), zone));
  const caseloadSince = new Date(options.now - CASELOAD_LOOKBACK_DAYS * MS_PER_DAY);

  const [centers, clinicianRows, templateRows, sessionRows, adminRows, timeOffRows] =
    await Promise.all([
      db.selectFrom('medical_centers').select(['id', 'name', 'lat', 'lon']).orderBy('id').execute(),
      db
        .selectFrom('clinicians')
        .select(['center_id', 'id', 'discipline', 'languages', 'modalities', 'caseload_cap'])
        .where('active', '=', true)
        .orderBy('center_id')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('templates')
        .select(['center_id', 'id', 'clinician_id', 'effective_from', 'effective_to'])
        .select('daily_visit_cap')
        .where('effective_from', '<=', to)
        .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', from)]))
        .orderBy('center_id')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('template_sessions')
        .select(['center_id', 'template_id', 'weekday', 'start_time', 'minutes', 'kind'])
        .orderBy('center_id')
        .orderBy('template_id')
        .orderBy('weekday')
        .orderBy('start_time')
        .execute(),
      db
        .selectFrom('admin_blocks')
        .select(['center_id', 'template_id', 'weekday', 'start_time', 'minutes', 'label'])
        .execute(),
      db
        .selectFrom('time_off')
        .select(['clinician_id', 'starts_at', 'ends_at', 'reason'])
        .where('starts_at', '<', horizonEnd)
        .where('ends_at', '>', horizonStart)
        .execute(),
    ]);
  // Read after the network: an appointment booked in between is then seen, not missed.
  let appointmentQuery = db
    .selectFrom('appointments')
    .select(['id', 'clinician_id', 'starts_at', 'ends_at'])
    .where('status', 'in', LIVE_STATUSES)
    .where('starts_at', '<', horizonEnd)
    .where('ends_at', '>', horizonStart);
  if (options.excludeAppointmentId !== undefined) {
    appointmentQuery = appointmentQuery.where('id', '<>', options.excludeAppointmentId);
  }
  let caseloadQuery = db
    .selectFrom('appointments')
    .innerJoin('clinicians', (join) =>
      join
        .onRef('clinicians.center_id', '=', 'appointments.center_id')
        .onRef('clinicians.id', '=', 'appointments.clinician_id'),
    )
    .select(['appointments.clinician_id'])
    .select(({ fn }) => fn.count<number>('appointments.patient_id').distinct().as('patients'))
    .where('clinicians.caseload_cap', 'is not', null)
    .where('appointments.status', 'in', LIVE_STATUSES)
    .where('appointments.starts_at', '>=', caseloadSince)
    .groupBy('appointments.clinician_id');
  if (options.excludeAppointmentId !== undefined) {
    caseloadQuery = caseloadQuery.where('appointments.id', '<>', options.excludeAppointmentId);
  }
  const [appointmentRows, caseloadRows] = await Promise.all([
    appointmentQuery.execute(),
    caseloadQuery.execute(),
  ]);

  const templateKey = (center: string, id: string) => `${center}/${id}`;
  const sessionsByTemplate = groupBy(sessionRows, (s) => templateKey(s.center_id, s.template_id));
  const adminByTemplate = groupBy(adminRows, (a) => templateKey(a.center_id, a.template_id));
  const templates: TemplateInput[] = [];
  const capByTemplate = new Map<string, number | null>();
  const templatesByClinician = new Map<string, typeof templateRows>();
  for (const row of templateRows) {
    const key = templateKey(row.center_id, row.id);
    const sessions = sessionsByTemplate.get(key) ?? [];
    // The engine needs at least one session per template; one without any opens nothing.
    if (sessions.length === 0) continue;
    templates.push({
      id: key,
      sessions: sessions.map((s) => ({
        weekday: s.weekday,
        start: s.start_time.slice(0, 5),
        minutes: s.minutes,
        kind: s.kind,
      })),
      adminBlocks: (adminByTemplate.get(key) ?? []).map((a) => ({
        weekday: a.weekday,
        start: a.start_time.slice(0, 5),
        minutes: a.minutes,
        label: a.label,
      })),
      ...(row.daily_visit_cap === null ? {} : { dailyVisitCap: row.daily_visit_cap }),
    });
    capByTemplate.set(key, row.daily_visit_cap);
    const list = templatesByClinician.get(`${row.center_id}/${row.clinician_id}`) ?? [];
    list.push(row);
    templatesByClinician.set(`${row.center_id}/${row.clinician_id}`, list);
  }

  const appointments = new Map<string, LiveAppointment[]>();
  for (const row of appointmentRows) {
    const list = appointments.get(row.clinician_id) ?? [];
    list.push({
      id: row.id,
      clinicianId: row.clinician_id,
      start: row.starts_at.getTime(),
      end: row.ends_at.getTime(),
    });
    appointments.set(row.clinician_id, list);
  }
  const timeOffByClinician = groupBy(timeOffRows, (t) => t.clinician_id);
  const caseload = new Map(caseloadRows.map((r) => [r.clinician_id, Number(r.patients)]));

  const facts = new Map<string, ClinicianFacts>();
  const clinicians: ClinicianInput[] = [];
  const disciplines = [...DEFAULT_DISCIPLINES];
  for (const row of clinicianRows) {
    const own = (templatesByClinician.get(`${row.center_id}/${row.id}`) ?? []).filter((t) =>
      capByTemplate.has(templateKey(t.center_id, t.id)),
    );
    if (own.length === 0) continue;
    if (facts.has(row.id)) {
      throw new TimelyError(
        'NETWORK_INCONSISTENT',
        `clinician id "${row.id}" is used in two medical centers; the booking engine needs one`,
        { path: 'clinicians.id' },
      );
    }
    if (!disciplines.some((d) => d.id === row.discipline)) {
      disciplines.push({ id: row.discipline, physician: false });
    }
    const schedule = own.map((t) => ({
      template: templateKey(t.center_id, t.id),
      from: t.effective_from,
      ...(t.effective_to === null ? {} : { to: t.effective_to }),
    }));
    const live = appointments.get(row.id) ?? [];
    const timeOff = [
      ...(timeOffByClinician.get(row.id) ?? []).map((t) => ({
        from: t.starts_at.getTime(),
        to: t.ends_at.getTime(),
        reason: t.reason,
      })),
      ...live.map((a) => ({ from: a.start, to: a.end, reason: 'booked' })),
      ...cappedDays(live, own, capByTemplate, zone, templateKey),
    ];
    facts.set(row.id, {
      centerId: row.center_id,
      discipline: row.discipline,
      modalities: row.modalities,
    });
    clinicians.push({
      id: row.id,
      discipline: row.discipline,
      center: row.center_id,
      languages: row.languages,
      modalities: row.modalities,
      ...(row.caseload_cap === null ? {} : { caseloadCap: row.caseload_cap }),
      activePatients: caseload.get(row.id) ?? 0,
      schedule,
      timeOff,
    });
  }

  const network: NetworkInput = {
    calendar: options.calendar,
    horizon: { from, to },
    disciplines,
    centers: centers.map((c) => ({ id: c.id, name: c.name, lat: c.lat ?? 0, lon: c.lon ?? 0 })),
    templates,
    clinicians,
  };
  return { network, clinicians: facts, appointments, horizon: { from, to } };
}

/** Whole local days on which a clinician's live visits already reach the daily cap. */
function cappedDays(
  live: readonly LiveAppointment[],
  templates: readonly {
    center_id: string;
    id: string;
    effective_from: string;
    effective_to: string | null;
  }[],
  capByTemplate: ReadonlyMap<string, number | null>,
  zone: string,
  templateKey: (center: string, id: string) => string,
): { from: number; to: number; reason: string }[] {
  const perDay = new Map<number, number>();
  for (const a of live) {
    const day = localDayOf(a.start as Instant, zone);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const closed: { from: number; to: number; reason: string }[] = [];
  for (const [day, count] of perDay) {
    const cap = dailyCapOn(day as DayNumber, templates, capByTemplate, templateKey);
    if (cap !== null && count >= cap) {
      closed.push({
        from: startOfLocalDay(day as DayNumber, zone),
        to: startOfLocalDay(addDays(day as DayNumber, 1), zone),
        reason: 'daily visit cap reached',
      });
    }
  }
  return closed;
}

function dailyCapOn(
  day: DayNumber,
  templates: readonly {
    center_id: string;
    id: string;
    effective_from: string;
    effective_to: string | null;
  }[],
  capByTemplate: ReadonlyMap<string, number | null>,
  templateKey: (center: string, id: string) => string,
): number | null {
  // The engine uses the first assignment (by start) covering the day.
  const covering = templates
    .filter(
      (t) =>
        dayNumberOfDate(t.effective_from as LocalDate) <= day &&
        (t.effective_to === null || day <= dayNumberOfDate(t.effective_to as LocalDate)),
    )
    .sort((a, b) => a.effective_from.localeCompare(b.effective_from));
  const first = covering[0];
  return first ? (capByTemplate.get(templateKey(first.center_id, first.id)) ?? null) : null;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}
