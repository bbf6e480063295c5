/**
 * Weeks of the provider survey from the database. For each week: the network as stored
 * (centers, active clinicians, the templates in force with their admin blocks, time off;
 * read once for all the weeks asked, by the booking service's own reader
 * `loadNetworkSnapshot`), the appointments as the books stood at the week's survey moment
 * (`appointmentsHeldAt`), a booking engine compiled over the days the survey can look at
 * and holding those appointments, and the survey itself (`src/access/provider-survey.ts`).
 * Reads only.
 *
 * The network tables keep no history: a template or time off changed since the survey
 * moment is read as it is now. So a week is computed for good only once it is over
 * (`provider-survey.ts`), and until then recomputed as the network changes.
 */
import type { Kysely } from 'kysely';
import {
  PAAS_QUESTIONS,
  type SurveyQuestions,
  type SurveyTally,
  surveyHorizon,
  surveyMoment,
  surveyProviders,
  tallySurvey,
} from '../access/provider-survey.ts';
import {
  type ClinicianFacts,
  heldByEngine,
  horizonBounds,
  LIVE_STATUSES,
  type LiveAppointment,
  loadNetworkSnapshot,
} from '../booking/network-snapshot.ts';
import type { Database } from '../db/schema.ts';
import { BookingEngine } from '../engine/booking/engine.ts';
import type { BookingPolicy } from '../engine/booking/policy.ts';
import { BusinessCalendar, CALIFORNIA, type CalendarDefinition } from '../engine/rules/calendar.ts';
import { californiaStandards, type StandardsTable } from '../engine/rules/standards.ts';
import {
  type DayNumber,
  dayNumberOfDate,
  type Instant,
  type LocalDate,
  localDateOfDay,
  MS_PER_DAY,
} from '../engine/time.ts';

export interface SurveySettings {
  readonly calendar?: CalendarDefinition | undefined;
  readonly standards?: StandardsTable | undefined;
  readonly questions?: SurveyQuestions | undefined;
  readonly policy?: Partial<BookingPolicy> | undefined;
}

export interface SurveyWeek {
  /** The week's Monday. */
  readonly week: LocalDate;
  /** The survey moment (`surveyMoment`). */
  readonly at: Instant;
  /** Clinicians surveyed: every one the engine knows (a census). */
  readonly clinicians: number;
  readonly tallies: readonly SurveyTally[];
  /** Appointments held as live at the survey moment. */
  readonly held: number;
  /**
   * Milliseconds: reading the network (once for a run of weeks: 0 after the first),
   * reading the week's appointments, building the engine with its holds, surveying.
   */
  readonly timings: {
    readonly network: number;
    readonly appointments: number;
    readonly build: number;
    readonly survey: number;
  };
}

/** Computes (does not store) the survey of each week (a Monday), in the order given. */
export async function* surveyWeeks(
  db: Kysely<Database>,
  weeks: readonly LocalDate[],
  settings: SurveySettings = {},
): AsyncGenerator<SurveyWeek> {
  if (weeks.length === 0) return;
  const definition = settings.calendar ?? CALIFORNIA;
  const calendar = new BusinessCalendar(definition);
  const zone = calendar.timeZone;
  const standards = settings.standards ?? californiaStandards;
  const questions = settings.questions ?? PAAS_QUESTIONS;
  const plans = weeks.map((week) => {
    const at = surveyMoment(dayNumberOfDate(week) as DayNumber, calendar);
    return { week, at, horizon: surveyHorizon(at, calendar, { standards, questions }) };
  });
  const first = plans.reduce((a, b) => (b.at < a.at ? b : a));
  const lastDay = Math.max(...plans.map((p) => p.horizon.last));

  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = Math.round(now - mark);
    mark = now;
    return ms;
  };
  // One read of the network for every week asked: templates and time off over all of
  // their horizons; each week's engine then opens only its own days.
  const snapshot = await loadNetworkSnapshot(db, {
    now: first.at,
    horizonDays: lastDay - first.horizon.first + 1,
    calendar: definition,
    timeZone: zone,
    appointments: 'none',
  });
  let network = lap();
  const centerIds = snapshot.network.centers.map((c) => c.id);

  for (const { week, at, horizon } of plans) {
    mark = performance.now();
    const from = localDateOfDay(horizon.first);
    const to = localDateOfDay(horizon.last);
    const bounds = horizonBounds(at, horizon.last - horizon.first + 1, zone);
    // Surveyed: the active clinicians with a template in force on the survey day — those
    // practicing when the office is called (one hired later, or gone, is not asked).
    const clinicians = snapshot.network.clinicians.filter((c) =>
      c.schedule.some((a) => a.from <= from && (a.to === undefined || a.to >= from)),
    );
    const appointments =
      clinicians.length === 0
        ? []
        : await appointmentsHeldAt(db, at, bounds, centerIds, snapshot.clinicians);
    const read = lap();
    if (clinicians.length === 0) {
      yield { week, at, clinicians: 0, tallies: [], held: 0, timings: zeroTimings(network, read) };
      network = 0;
      continue;
    }
    const engine = new BookingEngine(
      { ...snapshot.network, horizon: { from, to }, clinicians },
      { standards, policy: settings.policy },
    );
    for (const a of appointments) {
      engine.hold({
        id: `${a.centerId}/${a.id}`,
        clinicianId: a.clinicianId,
        patientId: a.patientId,
        start: a.start,
        end: a.end,
      });
    }
    const build = lap();
    const answers = surveyProviders(engine, { at, calendar, standards, questions });
    yield {
      week,
      at,
      clinicians: answers.length,
      tallies: tallySurvey(answers),
      held: appointments.length,
      timings: { network, appointments: read, build, survey: lap() },
    };
    network = 0;
  }
}

/** The survey of one week (see `surveyWeeks`). */
export async function computeSurveyWeek(
  db: Kysely<Database>,
  week: LocalDate,
  settings: SurveySettings = {},
): Promise<SurveyWeek> {
  for await (const result of surveyWeeks(db, [week], settings)) return result;
  throw new Error('no week computed');
}

function zeroTimings(network: number, appointments: number): SurveyWeek['timings'] {
  return { network, appointments, build: 0, survey: 0 };
}

/**
 * A visit is one template session, at most four hours (the engine's `sessionSchema`):
 * one that starts a day before the horizon cannot reach into it. The bound lets the
 * `(center_id, starts_at)` index serve the read on a year of appointments.
 */
const LONGEST_VISIT_MS = MS_PER_DAY;

/**
 * The appointments the engine holds for a survey at `at`, as the books stood then:
 * created at or before it (`created_at`) and not yet cancelled (`cancelled_at`) — a
 * no-show counts as missed from its start, and a cancellation with no time recorded as
 * never live. Held as the booking service's snapshot holds live ones (`heldByEngine`):
 * those overlapping the horizon, and for a clinician with a caseload cap those of the
 * look-back before it, whose patients count towards the cap.
 */
export async function appointmentsHeldAt(
  db: Kysely<Database>,
  at: number,
  bounds: {
    readonly horizonStart: number;
    readonly horizonEnd: number;
    readonly caseloadSince: number;
  },
  centerIds: readonly string[],
  clinicians: ReadonlyMap<string, ClinicianFacts>,
): Promise<LiveAppointment[]> {
  if (centerIds.length === 0) return [];
  const moment = new Date(at);
  const horizonStart = new Date(bounds.horizonStart);
  const horizonEnd = new Date(bounds.horizonEnd);
  const asOf = db
    .selectFrom('appointments')
    .select(['center_id', 'id', 'clinician_id', 'patient_id', 'starts_at', 'ends_at'])
    .where('center_id', 'in', [...centerIds])
    .where('created_at', '<=', moment)
    .where((eb) =>
      eb.or([
        eb('status', 'in', LIVE_STATUSES),
        eb.and([eb('status', '=', 'cancelled'), eb('cancelled_at', '>', moment)]),
        eb.and([eb('status', '=', 'no-show'), eb('starts_at', '>', moment)]),
      ]),
    );
  const overlapping = await asOf
    .where('starts_at', '>', new Date(bounds.horizonStart - LONGEST_VISIT_MS))
    .where('starts_at', '<', horizonEnd)
    .where('ends_at', '>', horizonStart)
    .execute();
  const capped = [...clinicians].filter(([, facts]) => facts.caseloadCapped).map(([id]) => id);
  const lookBack =
    capped.length === 0 || bounds.caseloadSince >= bounds.horizonStart
      ? []
      : await asOf
          .where('clinician_id', 'in', capped)
          .where('starts_at', '>=', new Date(bounds.caseloadSince))
          .where('ends_at', '<=', horizonStart)
          .execute();
  const held: LiveAppointment[] = [];
  for (const row of [...overlapping, ...lookBack]) {
    const appointment = {
      centerId: row.center_id,
      id: row.id,
      clinicianId: row.clinician_id,
      patientId: row.patient_id,
      start: row.starts_at.getTime(),
      end: row.ends_at.getTime(),
    };
    const facts = clinicians.get(row.clinician_id);
    // A clinician of another center with the same id is not the engine's clinician.
    if (facts?.centerId === row.center_id && heldByEngine(appointment, facts, bounds)) {
      held.push(appointment);
    }
  }
  return held;
}
