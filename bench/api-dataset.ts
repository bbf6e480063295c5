/**
 * The API benchmark's data: the synthetic Southern California network over the 90 days
 * from today, with requests placed by the booking engine (so every appointment is a real
 * outcome of the one booking model), and its bulk load into a database — multi-row
 * `INSERT … SELECT FROM unnest(…)` of a few thousand rows a statement, with triggers
 * (foreign keys, the change log) off for the load (`session_replication_role = replica`);
 * the exclusion constraint, an index, still checks every appointment.
 */
import { BookingEngine } from '../src/engine/booking/engine.ts';
import type { NetworkInput, RequestInput } from '../src/engine/booking/model.ts';
import { DEFAULT_POLICY } from '../src/engine/booking/policy.ts';
import { syntheticNetwork } from '../src/engine/synthetic/network.ts';
import { syntheticRequests } from '../src/engine/synthetic/requests.ts';
import { addDays, type Instant, localDateOfDay, localDayOf } from '../src/engine/time.ts';

export const ZONE = 'America/Los_Angeles';

export interface BenchAppointment {
  readonly centerId: string;
  readonly clinicianId: string;
  readonly patientCenterId: string;
  readonly patientId: string;
  readonly start: number;
  readonly end: number;
  readonly modality: 'in-person' | 'video';
  readonly kind: 'intake' | 'followup';
}

export interface Dataset {
  readonly network: NetworkInput;
  readonly patients: ReadonlyMap<string, string>;
  readonly appointments: readonly BenchAppointment[];
  /** Requests not placed: what the load sends (their patients are loaded). */
  readonly fresh: readonly RequestInput[];
  readonly placeSeconds: number;
}

/** Anything with `query(text, params)`: a `pg` client or PGlite. */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

/** `clinicians` clinicians, `requests` requests placed, `fresh` more for the load. */
export function buildDataset(clinicians: number, requests: number, fresh: number): Dataset {
  const today = localDayOf(Date.now() as Instant, ZONE);
  const network = syntheticNetwork({
    seed: 41,
    clinicians,
    from: localDateOfDay(today),
    to: localDateOfDay(addDays(today, 89)),
    externalProviders: 0,
  });
  const all = syntheticRequests(network, { seed: 42, count: requests + fresh, arrivalDays: 60 });
  const placed = all.slice(0, requests);
  const started = performance.now();
  // No external providers in the database: everything is booked internally (late if need be).
  const engine = new BookingEngine(network, { policy: { referOut: false } });
  engine.place(placed, { now: Date.now() });
  const placeSeconds = (performance.now() - started) / 1000;
  const patients = new Map<string, string>();
  const home = network.centers[0]!.id;
  for (const r of all) patients.set(r.patientId, r.center ?? home);
  const clinicians_ = new Map(network.clinicians.map((c) => [c.id, c]));
  const typeOf = new Map(placed.map((r) => [r.id, r.type]));
  const appointments: BenchAppointment[] = [];
  for (const a of engine.allAppointments()) {
    if (a.status !== 'booked' || a.clinicianId === null) continue;
    const clinician = clinicians_.get(a.clinicianId)!;
    appointments.push({
      centerId: clinician.center,
      clinicianId: a.clinicianId,
      patientCenterId: patients.get(a.patientId)!,
      patientId: a.patientId,
      start: a.start,
      end: a.end,
      modality: clinician.modalities.includes('in-person') ? 'in-person' : 'video',
      kind: DEFAULT_POLICY.slotKind[typeOf.get(a.requestId)!],
    });
  }
  return { network, patients, appointments, fresh: all.slice(requests), placeSeconds };
}

const CHUNK = 5_000;

async function insertColumns(
  db: Queryable,
  table: string,
  columns: readonly { name: string; type: string }[],
  rows: readonly unknown[][],
): Promise<void> {
  const names = columns.map((c) => c.name).join(', ');
  const params = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const text = `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${params})`;
  for (let from = 0; from < rows.length; from += CHUNK) {
    const chunk = rows.slice(from, from + CHUNK);
    await db.query(
      text,
      columns.map((_, i) => chunk.map((row) => row[i])),
    );
  }
}

/** Loads the dataset into a migrated, empty database; returns the seconds it took. */
export async function loadDataset(db: Queryable, data: Dataset): Promise<number> {
  const started = performance.now();
  const { network } = data;
  await db.query(`SET session_replication_role = replica`);
  await insertColumns(
    db,
    'medical_centers',
    [
      { name: 'id', type: 'text' },
      { name: 'name', type: 'text' },
      { name: 'lat', type: 'float8' },
      { name: 'lon', type: 'float8' },
    ],
    network.centers.map((c) => [c.id, c.name ?? c.id, c.lat, c.lon]),
  );
  // Arrays per row do not go through unnest: clinicians are few, one statement each chunk.
  for (let from = 0; from < network.clinicians.length; from += 500) {
    const chunk = network.clinicians.slice(from, from + 500);
    const values = chunk
      .map(
        (_, i) =>
          `($${i * 6 + 1}, $${i * 6 + 2}, $${i * 6 + 3}, $${i * 6 + 4}, $${i * 6 + 5}::text[], $${i * 6 + 6}::text[])`,
      )
      .join(', ');
    await db.query(
      `INSERT INTO clinicians (center_id, id, name, discipline, languages, modalities) VALUES ${values}`,
      chunk.flatMap((c) => [
        c.center,
        c.id,
        `Clinician ${c.id}`,
        c.discipline,
        c.languages,
        c.modalities,
      ]),
    );
  }
  const templates = new Map(network.templates.map((t) => [t.id, t]));
  const templateRows: unknown[][] = [];
  const sessionRows: unknown[][] = [];
  const adminRows: unknown[][] = [];
  for (const c of network.clinicians) {
    c.schedule.forEach((assignment, k) => {
      const template = templates.get(assignment.template)!;
      const id = `${c.id}-t${k}`;
      templateRows.push([
        c.center,
        id,
        c.id,
        template.id,
        assignment.from,
        assignment.to ?? null,
        template.dailyVisitCap ?? null,
      ]);
      for (const s of template.sessions)
        sessionRows.push([c.center, id, s.weekday, s.start, s.minutes, s.kind]);
      for (const a of template.adminBlocks ?? []) {
        adminRows.push([
          c.center,
          id,
          a.weekday,
          a.start,
          a.minutes,
          a.label ?? 'planning & preparation',
        ]);
      }
    });
  }
  await insertColumns(
    db,
    'templates',
    [
      { name: 'center_id', type: 'text' },
      { name: 'id', type: 'text' },
      { name: 'clinician_id', type: 'text' },
      { name: 'name', type: 'text' },
      { name: 'effective_from', type: 'date' },
      { name: 'effective_to', type: 'date' },
      { name: 'daily_visit_cap', type: 'int4' },
    ],
    templateRows,
  );
  const sessionColumns = [
    { name: 'center_id', type: 'text' },
    { name: 'template_id', type: 'text' },
    { name: 'weekday', type: 'int4' },
    { name: 'start_time', type: 'time' },
    { name: 'minutes', type: 'int4' },
  ];
  await insertColumns(
    db,
    'template_sessions',
    [...sessionColumns, { name: 'kind', type: 'text' }],
    sessionRows,
  );
  await insertColumns(
    db,
    'admin_blocks',
    [...sessionColumns, { name: 'label', type: 'text' }],
    adminRows,
  );
  await insertColumns(
    db,
    'patients',
    [
      { name: 'center_id', type: 'text' },
      { name: 'id', type: 'text' },
      { name: 'member_number', type: 'text' },
      { name: 'name', type: 'text' },
    ],
    [...data.patients].map(([id, center]) => [center, id, `M-${id}`, `Patient ${id}`]),
  );
  await insertColumns(
    db,
    'appointments',
    [
      { name: 'center_id', type: 'text' },
      { name: 'clinician_id', type: 'text' },
      { name: 'patient_center_id', type: 'text' },
      { name: 'patient_id', type: 'text' },
      { name: 'starts_at', type: 'timestamptz' },
      { name: 'ends_at', type: 'timestamptz' },
      { name: 'modality', type: 'text' },
      { name: 'kind', type: 'text' },
    ],
    data.appointments.map((a) => [
      a.centerId,
      a.clinicianId,
      a.patientCenterId,
      a.patientId,
      new Date(a.start).toISOString(),
      new Date(a.end).toISOString(),
      a.modality,
      a.kind,
    ]),
  );
  await db.query(`SET session_replication_role = origin`);
  await db.query('ANALYZE');
  return (performance.now() - started) / 1000;
}

/** Live appointments of one clinician that overlap: must be 0. */
export const OVERLAP_QUERY = `
  SELECT count(*)::int AS n FROM (
    SELECT starts_at, lag(ends_at) OVER (PARTITION BY center_id, clinician_id ORDER BY starts_at) AS prev_end
      FROM appointments WHERE status IN ('booked', 'completed')) t
   WHERE prev_end > starts_at`;
