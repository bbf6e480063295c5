/**
 * Reads the network the booking engine works on out of the database, in one
 * repeatable-read transaction: centers, active clinicians, their templates (sessions
 * and admin blocks), time off over a horizon of days, the live appointments the engine
 * must hold (`BookingEngine.hold`: their time, the day caps, the caseload), and the
 * change-log watermark of that same snapshot, from which the cache reads what changed
 * afterwards (`change-log.ts`).
 *
 * Live appointments held: those of the engine's clinicians that overlap the horizon,
 * and — for clinicians with a caseload cap — those that started at most
 * `CASELOAD_LOOKBACK_DAYS` ago, since each of their patients counts towards the cap
 * (the booking transaction counts the same way: `cap-checks.ts`).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { epochMs } from '../db/epoch-ms.ts';
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
  type Instant,
  type LocalDate,
  localDateOfDay,
  localDayOf,
  MS_PER_DAY,
  startOfLocalDay,
} from '../engine/time.ts';
import { currentWatermark, type Watermark } from './change-log.ts';

/** Live appointments: they hold the clinician's time (the exclusion constraint's statuses). */
export const LIVE_STATUSES = ['booked', 'completed'] as const;
/** How far back a live appointment keeps a patient on a clinician's caseload. */
export const CASELOAD_LOOKBACK_DAYS = 90;

export interface ClinicianFacts {
  readonly centerId: string;
  readonly discipline: string;
  readonly modalities: readonly Modality[];
  /** Whether a caseload cap applies (then past appointments count towards it). */
  readonly caseloadCapped: boolean;
}

/** A live appointment, as the engine holds it. */
export interface LiveAppointment {
  readonly centerId: string;
  readonly id: string;
  readonly clinicianId: string;
  readonly patientId: string;
  readonly start: number;
  readonly end: number;
}

export interface NetworkSnapshot {
  readonly network: NetworkInput;
  /** Clinicians the engine knows, by id. */
  readonly clinicians: ReadonlyMap<string, ClinicianFacts>;
  /** Live appointments the engine must hold (see the file's comment). */
  readonly appointments: readonly LiveAppointment[];
  readonly horizon: { readonly from: LocalDate; readonly to: LocalDate };
  /** First local day of the horizon. */
  readonly day: DayNumber;
  /** The change log as of this snapshot. */
  readonly watermark: Watermark;
}

export interface SnapshotOptions {
  readonly now: number;
  readonly horizonDays: number;
  readonly calendar: CalendarDefinition;
  readonly timeZone: string;
  /**
   * `none`: read the network only, no appointment (the provider survey reads the books
   * as they stood at several past instants itself). Default `live`.
   */
  readonly appointments?: 'live' | 'none' | undefined;
}

/** Whether a live appointment is one the engine holds (see the file's comment). */
export function heldByEngine(
  appointment: { readonly start: number; readonly end: number },
  facts: ClinicianFacts | undefined,
  bounds: { readonly horizonStart: number; readonly caseloadSince: number },
): boolean {
  if (facts === undefined) return false;
  if (appointment.end > bounds.horizonStart) return true;
  return facts.caseloadCapped && appointment.start >= bounds.caseloadSince;
}

export function horizonBounds(
  now: number,
  horizonDays: number,
  zone: string,
): { day: DayNumber; horizonStart: number; horizonEnd: number; caseloadSince: number } {
  const day = localDayOf(now as Instant, zone);
  return {
    day,
    horizonStart: startOfLocalDay(day, zone),
    horizonEnd: startOfLocalDay(addDays(day, horizonDays), zone),
    caseloadSince: now - CASELOAD_LOOKBACK_DAYS * MS_PER_DAY,
  };
}

export async function loadNetworkSnapshot(
  db: Kysely<Database>,
  options: SnapshotOptions,
): Promise<NetworkSnapshot> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => readSnapshot(trx, options));
}

async function readSnapshot(
  db: Transaction<Database>,
  options: SnapshotOptions,
): Promise<NetworkSnapshot> {
  const zone = options.timeZone;
  // The first statement fixes the transaction's snapshot: the watermark is its own.
  const watermark = await currentWatermark(db);
  const bounds = horizonBounds(options.now, options.horizonDays, zone);
  const firstDay = bounds.day;
  const lastDay = addDays(firstDay, options.horizonDays - 1);
  const from = localDateOfDay(firstDay);
  const to = localDateOfDay(lastDay);
  const horizonStart = new Date(bounds.horizonStart);
  const horizonEnd = new Date(bounds.horizonEnd);
  const caseloadSince = new Date(bounds.caseloadSince);

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
  const appointmentRows =
    options.appointments === 'none'
      ? []
      : await db
          .selectFrom('appointments')
          .select(['center_id', 'id', 'clinician_id', 'patient_id'])
          // As numbers, not Dates: a network's books are a hundred thousand rows and more.
          .select([epochMs('starts_at').as('starts_at'), epochMs('ends_at').as('ends_at')])
          .where('status', 'in', LIVE_STATUSES)
          .where('ends_at', '>', caseloadSince < horizonStart ? caseloadSince : horizonStart)
          // Past appointments count only towards a caseload cap: read them for the
          // clinicians who have one (on the full demo, none: half the rows read).
          .where((eb) =>
            eb.or([
              eb('ends_at', '>', horizonStart),
              eb.exists(
                eb
                  .selectFrom('clinicians as c')
                  .select(sql.lit(1).as('one'))
                  .whereRef('c.center_id', '=', 'appointments.center_id')
                  .whereRef('c.id', '=', 'appointments.clinician_id')
                  .where('c.caseload_cap', 'is not', null),
              ),
            ]),
          )
          .execute();

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

  const timeOffByClinician = groupBy(timeOffRows, (t) => t.clinician_id);

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
    const timeOff = (timeOffByClinician.get(row.id) ?? []).map((t) => ({
      from: t.starts_at.getTime(),
      to: t.ends_at.getTime(),
      reason: t.reason,
    }));
    facts.set(row.id, {
      centerId: row.center_id,
      discipline: row.discipline,
      modalities: row.modalities,
      caseloadCapped: row.caseload_cap !== null,
    });
    clinicians.push({
      id: row.id,
      discipline: row.discipline,
      center: row.center_id,
      languages: row.languages,
      modalities: row.modalities,
      ...(row.caseload_cap === null ? {} : { caseloadCap: row.caseload_cap }),
      // Every patient counted is held as an appointment: nobody is counted twice.
      activePatients: 0,
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
  const appointments: LiveAppointment[] = [];
  for (const row of appointmentRows) {
    const appointment = {
      centerId: row.center_id,
      id: row.id,
      clinicianId: row.clinician_id,
      patientId: row.patient_id,
      start: row.starts_at,
      end: row.ends_at,
    };
    if (heldByEngine(appointment, facts.get(row.clinician_id), bounds)) {
      appointments.push(appointment);
    }
  }
  return {
    network,
    clinicians: facts,
    appointments,
    horizon: { from, to },
    day: firstDay,
    watermark,
  };
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
