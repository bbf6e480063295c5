/**
 * The demo network: the synthetic Southern California network and its members, with 90
 * days of history and the next 30 days booked through the booking engine
 * (`syntheticHistory`), as database rows. Seeded and deterministic: the same size, seed
 * and "today" give the same rows.
 */
import type { NetworkInput } from '../engine/booking/model.ts';
import type { Appointment } from '../engine/booking/outcomes.ts';
import { DEFAULT_POLICY } from '../engine/booking/policy.ts';
import { Random } from '../engine/random.ts';
import { syntheticHistory } from '../engine/synthetic/history.ts';
import { syntheticNetwork } from '../engine/synthetic/network.ts';
import {
  type SyntheticPatient,
  syntheticName,
  syntheticPatients,
} from '../engine/synthetic/people.ts';
import {
  addDays,
  dayNumberOfDate,
  type Instant,
  type LocalDate,
  localDateOfDay,
  localDayOf,
  startOfLocalDay,
} from '../engine/time.ts';
import type { TableLoad } from './bulk-load.ts';
import { demoComplaints } from './complaints.ts';
import { networkTables } from './network-rows.ts';

export const DEMO_SIZES = {
  /** The network: ~2,400 clinicians, ~150,000 members. */
  full: { clinicians: 2_400, patients: 150_000 },
  /** For tests: ~100 clinicians. */
  small: { clinicians: 100, patients: 6_000 },
} as const;
export type DemoSize = keyof typeof DEMO_SIZES;

export const DEMO_SEED = 2024;
const ZONE = 'America/Los_Angeles';
export const HISTORY_DAYS = 90;
export const DAYS_AHEAD = 30;
/**
 * New courses of treatment per clinician per weekday. Bounded by the load time (full
 * demo into PGlite in under a minute), not by the clinicians' capacity: the demo books
 * about a third of their sessions, so its schedules have room to book into.
 */
const COURSES_PER_CLINICIAN_WEEKDAY = 0.3;

export interface DemoOptions {
  readonly size: DemoSize;
  /** The demo's "today", YYYY-MM-DD: history ends the day before, bookings run 30 days after. */
  readonly today: string;
  readonly seed?: number;
}

export interface DemoDataset {
  readonly network: NetworkInput;
  readonly tables: readonly TableLoad[];
  readonly counts: Readonly<Record<string, number>>;
  /** The clinician the demo clinician account is linked to. */
  readonly demoClinician: { readonly centerId: string; readonly id: string };
}

export function buildDemoDataset(options: DemoOptions): DemoDataset {
  const seed = options.seed ?? DEMO_SEED;
  const size = DEMO_SIZES[options.size];
  const today = dayNumberOfDate(options.today as LocalDate);
  // Midnight starting "today": visits before it have happened.
  const now = startOfLocalDay(today, ZONE);
  const queueFrom = startOfLocalDay(addDays(today, -1), ZONE);
  const complaintCount = Math.max(3, Math.round(size.clinicians / 200));
  const network = syntheticNetwork({
    seed,
    clinicians: size.clinicians,
    from: localDateOfDay(addDays(today, -HISTORY_DAYS)),
    to: localDateOfDay(addDays(today, DAYS_AHEAD)),
  });
  const patients = syntheticPatients({ seed: seed + 1, count: size.patients });
  const history = syntheticHistory(network, {
    seed: seed + 2,
    patients,
    days: HISTORY_DAYS,
    coursesPerWeekday: size.clinicians * COURSES_PER_CLINICIAN_WEEKDAY,
  });

  const clinicianNames = new Map<string, string>();
  const nameRandom = new Random(seed + 3);
  for (const c of network.clinicians) {
    const other = c.languages.filter((l) => l !== 'en');
    const language = other.length > 0 && nameRandom.chance(0.7) ? nameRandom.pick(other) : 'en';
    clinicianNames.set(c.id, syntheticName(nameRandom, language));
  }
  const clinicians = new Map(network.clinicians.map((c) => [c.id, c]));
  const patientById = new Map(patients.map((p) => [p.id, p]));

  const requestRows: unknown[][] = [];
  const appointmentRows: unknown[][] = [];
  const referralRows: unknown[][] = [];
  const missed: { centerId: string; patientId: string; requestId: string; deadline: number }[] = [];
  for (const [i, request] of history.requests.entries()) {
    // When the request was made and booked, not when the demo is loaded: the provider
    // survey (docs/provider-survey.md) reads the books as they stood on a past day.
    const createdAt = new Date(history.placedAt[i]!).toISOString();
    const patient = patientById.get(request.patientId)!;
    const outcome = history.engine.outcome(request.id);
    if (outcome.kind === 'cancelled') continue;
    const evaluation =
      outcome.kind === 'waitlisted' ? outcome.evaluation : outcome.appointment.evaluation;
    // Yesterday's new requests whose visit is still ahead wait in the scheduler's queue
    // instead: the engine placed them, but the demo leaves them open for a person to book.
    const queued =
      outcome.kind === 'booked' &&
      request.clockStart >= queueFrom &&
      outcome.appointment.start >= now;
    requestRows.push([
      patient.center,
      request.id,
      patient.id,
      request.type,
      request.standard,
      new Date(request.clockStart).toISOString(),
      new Date(evaluation.standardDeadline).toISOString(),
      request.notBefore === undefined ? null : new Date(request.notBefore).toISOString(),
      request.language ?? 'en',
      request.modality ?? 'any',
      request.priorClinician ?? null,
      queued ? 'open' : outcome.kind,
      request.maxTravelKm ?? null,
      createdAt,
    ]);
    if (queued) continue;
    if (evaluation.met === false) {
      missed.push({
        centerId: patient.center,
        patientId: patient.id,
        requestId: request.id,
        deadline: evaluation.deadline,
      });
    }
    if (outcome.kind === 'referred') {
      const a = outcome.appointment;
      referralRows.push([
        patient.center,
        `ref-${request.id}`,
        request.id,
        patient.id,
        a.externalProviderId,
        new Date(request.clockStart).toISOString(),
        new Date(a.start).toISOString(),
        a.start < now ? 'completed' : 'sent',
      ]);
    } else if (outcome.kind === 'booked') {
      appointmentRows.push([
        ...appointmentRow(outcome.appointment, request, patient, clinicians),
        createdAt,
      ]);
    }
  }
  const complaints = demoComplaints(missed, { seed: seed + 4, count: complaintCount, now });
  const demoClinician = network.clinicians.find(
    (c) => c.discipline !== 'psychiatrist' && c.schedule[0]?.template === 'full-time',
  )!;

  const tables: TableLoad[] = [
    ...networkTables(network, clinicianNames),
    {
      table: 'patients',
      columns: [
        { name: 'center_id', type: 'text' },
        { name: 'id', type: 'text' },
        { name: 'member_number', type: 'text' },
        { name: 'name', type: 'text' },
        { name: 'birth_date', type: 'date' },
        { name: 'language', type: 'text' },
      ],
      rows: patients.map((p) => [p.center, p.id, p.memberNumber, p.name, p.birthDate, p.language]),
    },
    {
      table: 'requests',
      columns: [
        { name: 'center_id', type: 'text' },
        { name: 'id', type: 'text' },
        { name: 'patient_id', type: 'text' },
        { name: 'type', type: 'text' },
        { name: 'standard', type: 'text' },
        { name: 'clock_start', type: 'timestamptz' },
        { name: 'deadline', type: 'timestamptz' },
        { name: 'not_before', type: 'timestamptz' },
        { name: 'language', type: 'text' },
        { name: 'modality', type: 'text' },
        { name: 'prior_clinician_id', type: 'text' },
        { name: 'status', type: 'text' },
        { name: 'max_travel_km', type: 'float8' },
        { name: 'created_at', type: 'timestamptz' },
      ],
      rows: requestRows,
    },
    {
      table: 'appointments',
      columns: [
        { name: 'center_id', type: 'text' },
        { name: 'id', type: 'text' },
        { name: 'clinician_id', type: 'text' },
        { name: 'patient_center_id', type: 'text' },
        { name: 'patient_id', type: 'text' },
        { name: 'request_id', type: 'text' },
        { name: 'starts_at', type: 'timestamptz' },
        { name: 'ends_at', type: 'timestamptz' },
        { name: 'modality', type: 'text' },
        { name: 'kind', type: 'text' },
        { name: 'status', type: 'text' },
        { name: 'created_at', type: 'timestamptz' },
      ],
      rows: appointmentRows,
    },
    {
      table: 'referrals',
      columns: [
        { name: 'center_id', type: 'text' },
        { name: 'id', type: 'text' },
        { name: 'request_id', type: 'text' },
        { name: 'patient_id', type: 'text' },
        { name: 'external_provider', type: 'text' },
        { name: 'referred_at', type: 'timestamptz' },
        { name: 'first_visit_at', type: 'timestamptz' },
        { name: 'status', type: 'text' },
      ],
      rows: referralRows,
    },
    ...complaints,
  ];
  const counts = Object.fromEntries(tables.map((t) => [t.table, t.rows.length]));
  return {
    network,
    tables,
    counts,
    demoClinician: { centerId: demoClinician.center, id: demoClinician.id },
  };
}

function appointmentRow(
  a: Appointment,
  request: {
    readonly type: keyof typeof DEFAULT_POLICY.slotKind;
    readonly modality?: string | undefined;
  },
  patient: SyntheticPatient,
  clinicians: ReadonlyMap<string, NetworkInput['clinicians'][number]>,
): unknown[] {
  const clinician = clinicians.get(a.clinicianId!)!;
  // The engine does not report a booking's modality: in person when the member asked for
  // it, or did not mind and the clinician sees people at the member's own center.
  const inPerson =
    clinician.modalities.includes('in-person') &&
    (request.modality === 'in-person' ||
      (request.modality !== 'video' && clinician.center === patient.center) ||
      !clinician.modalities.includes('video'));
  return [
    clinician.center,
    a.id,
    clinician.id,
    patient.center,
    patient.id,
    a.requestId,
    new Date(a.start).toISOString(),
    new Date(a.end).toISOString(),
    inPerson ? 'in-person' : 'video',
    DEFAULT_POLICY.slotKind[request.type],
    a.status === 'completed' || a.status === 'no-show' ? a.status : 'booked',
  ];
}

/** Today in the demo network's time zone, YYYY-MM-DD. */
export function demoToday(now: number = Date.now()): string {
  return localDateOfDay(localDayOf(now as Instant, ZONE));
}
