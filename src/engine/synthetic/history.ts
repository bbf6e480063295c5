/**
 * A synthetic history of care, made day by day through the booking engine — the one
 * booking model — so that every appointment in it, and every deadline it met or missed,
 * is a real outcome of the engine's policy. Each business day of the history:
 *   1. members who were not in care ask for it (urgent or routine intake, or psychiatry)
 *      and are placed: in network, referred out, or waitlisted;
 *   2. the day's appointments happen: most are attended, a few missed; a patient whose
 *      course of treatment goes on asks for the next visit, with their own clinician
 *      (the follow-up standard's clock starts at the visit), and the rest are discharged.
 * Appointments booked during the history may lie after it: that is the schedule ahead.
 * Seeded and deterministic: the same network, members, options and seed give the same
 * engine state.
 */
import { BookingEngine } from '../booking/engine.ts';
import type { NetworkInput, RequestInput, RequestType } from '../booking/model.ts';
import { Random } from '../random.ts';
import {
  addDays,
  type DayNumber,
  dayNumberOfDate,
  type Instant,
  instantAtLocal,
  isoWeekdayOf,
  type LocalDate,
  localDayOf,
  MS_PER_DAY,
  startOfLocalDay,
} from '../time.ts';
import type { SyntheticPatient } from './people.ts';

export interface SyntheticHistoryOptions {
  readonly seed: number;
  /** Plan members; new courses of treatment take them in a seeded order, each at most once. */
  readonly patients: readonly SyntheticPatient[];
  /** Days of history from the network's first day (the last one is the day before "today"). */
  readonly days: number;
  /** Mean new courses of treatment per weekday, network-wide (Poisson). */
  readonly coursesPerWeekday: number;
  /** Mean visits in a course, intake included (default 6). */
  readonly meanCourseVisits?: number;
  /** Share of visits missed (default 0.06). */
  readonly noShowRate?: number;
}

export interface SyntheticHistory {
  /** The engine holding every request's outcome, with attendance recorded for past visits. */
  readonly engine: BookingEngine;
  /** Every request made, in the order it was made. */
  readonly requests: readonly RequestInput[];
  /**
   * When each request (same order as `requests`) was made and placed, so stored rows can
   * say when they were booked: an intake during its call (the engine places a day's
   * calls together), a follow-up overnight after the visit it follows.
   */
  readonly placedAt: readonly Instant[];
  /** Members who asked for care at least once. */
  readonly patientsInCare: number;
}

const ZONE = 'America/Los_Angeles';
const INTAKE_TYPES: readonly RequestType[] = ['urgent-intake', 'routine-intake', 'psychiatry'];
const INTAKE_WEIGHTS = [0.06, 0.76, 0.18];
const STANDARD_OF: Record<RequestType, string> = {
  'urgent-intake': 'urgent-no-prior-auth',
  'routine-intake': 'nonurgent-nonphysician-mh',
  followup: 'followup-nonphysician-mh',
  psychiatry: 'nonurgent-psychiatry',
};
/** Weekly therapy; medication management with a psychiatrist every four weeks. */
const CADENCE_DAYS = { therapy: 7, psychiatry: 28 } as const;

interface Course {
  readonly patient: SyntheticPatient;
  readonly psychiatry: boolean;
  readonly modality: RequestInput['modality'];
  readonly maxTravelKm: number;
  visitsLeft: number;
}

export function syntheticHistory(
  network: NetworkInput,
  options: SyntheticHistoryOptions,
): SyntheticHistory {
  const random = new Random(options.seed);
  const meanVisits = options.meanCourseVisits ?? 6;
  const noShowRate = options.noShowRate ?? 0.06;
  const engine = new BookingEngine(network);
  const first = dayNumberOfDate(network.horizon.from as LocalDate);
  const requests: RequestInput[] = [];
  const placedAt: Instant[] = [];
  const courses = new Map<string, Course>();
  // Appointment ids by the day (offset from `first`) they happen on.
  const visitsOn: string[][] = Array.from({ length: options.days }, () => []);
  const order = shuffledIndexes(options.patients.length, random);
  let nextPatient = 0;

  const placeAll = (batch: RequestInput[], now: number) => {
    if (batch.length === 0) return;
    const placement = engine.place(batch, { now });
    for (const outcome of placement.outcomes()) {
      if (outcome.kind !== 'booked') continue;
      const offset = localDayOf(outcome.appointment.start, ZONE) - first;
      if (offset < options.days) visitsOn[offset]!.push(outcome.appointment.id);
    }
    requests.push(...batch);
    for (const request of batch) placedAt.push(Math.max(now, request.clockStart) as Instant);
  };

  for (let d = 0; d < options.days; d++) {
    const day = addDays(first, d);
    const intakes: RequestInput[] = [];
    if (isoWeekdayOf(day) <= 5) {
      const arrivals = random.poisson(options.coursesPerWeekday);
      for (let i = 0; i < arrivals && nextPatient < order.length; i++) {
        const patient = options.patients[order[nextPatient++]!]!;
        const type = random.weighted(INTAKE_TYPES, INTAKE_WEIGHTS);
        const m = random.next();
        const course: Course = {
          patient,
          psychiatry: type === 'psychiatry',
          modality: m < 0.5 ? 'any' : m < 0.85 ? 'in-person' : 'video',
          maxTravelKm: 15 + random.int(30),
          visitsLeft: 1 + geometric(random, meanVisits - 1),
        };
        courses.set(patient.id, course);
        // Calls come in during business hours, 08:00–17:00.
        const clockStart = instantAtLocal(day, 8 * 60 + random.int(9 * 60), ZONE);
        intakes.push(
          requestOf(course, `req-${requests.length + intakes.length + 1}`, type, clockStart),
        );
      }
    }
    placeAll(intakes, startOfLocalDay(day, ZONE));

    const followups: RequestInput[] = [];
    for (const id of visitsOn[d]!) {
      const appointment = engine.appointment(id);
      if (appointment.status !== 'booked' || appointment.clinicianId === null) continue;
      const attended = !random.chance(noShowRate);
      engine.recordAttendance(id, attended);
      const course = courses.get(appointment.patientId)!;
      if (attended) course.visitsLeft--;
      if (course.visitsLeft <= 0) {
        engine.dischargePatient(appointment.clinicianId, appointment.patientId);
        continue;
      }
      const cadence = course.psychiatry ? CADENCE_DAYS.psychiatry : CADENCE_DAYS.therapy;
      const request = requestOf(
        course,
        `req-${requests.length + followups.length + 1}`,
        course.psychiatry ? 'psychiatry' : 'followup',
        appointment.start,
      );
      // A missed visit is made up soon; an attended one is followed at the course's cadence.
      request.notBefore = appointment.start + (attended ? cadence : 2) * MS_PER_DAY;
      request.priorClinician = appointment.clinicianId;
      followups.push(request);
    }
    placeAll(followups, startOfLocalDay(addDays(day, 1) as DayNumber, ZONE));
  }
  return { engine, requests, placedAt, patientsInCare: nextPatient };
}

function requestOf(
  course: Course,
  id: string,
  type: RequestType,
  clockStart: Instant,
): RequestInput {
  return {
    id,
    patientId: course.patient.id,
    type,
    standard: STANDARD_OF[type],
    clockStart,
    language: course.patient.language,
    modality: course.modality,
    center: course.patient.center,
    maxTravelKm: course.maxTravelKm,
  };
}

/** Failures before the first success, mean `mean`. */
function geometric(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  const p = 1 / (mean + 1);
  return Math.floor(Math.log(1 - random.next()) / Math.log(1 - p));
}

function shuffledIndexes(n: number, random: Random): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}
