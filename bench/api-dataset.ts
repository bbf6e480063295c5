/**
 * The API benchmark's data: the synthetic Southern California network over the 90 days
 * from today, with requests placed by the booking engine (so every appointment is a real
 * outcome of the one booking model), and its bulk load into a database through the
 * demo's loader (`src/demo/bulk-load.ts`: unnest inserts, triggers off, indexes and the
 * exclusion constraint rebuilt after the rows are in, so every appointment is checked).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { bulkLoad } from '../src/demo/bulk-load.ts';
import { networkTables } from '../src/demo/network-rows.ts';
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

/** Loads the dataset into a migrated, empty database (the demo's loader) and vacuums it; returns the seconds it took. */
export async function loadDataset(db: Kysely<Database>, data: Dataset): Promise<number> {
  const text = { type: 'text' } as const;
  const report = await bulkLoad(db, [
    ...networkTables(data.network),
    {
      table: 'patients',
      columns: [
        { name: 'center_id', ...text },
        { name: 'id', ...text },
        { name: 'member_number', ...text },
        { name: 'name', ...text },
      ],
      rows: [...data.patients].map(([id, center]) => [center, id, `M-${id}`, `Patient ${id}`]),
    },
    {
      table: 'appointments',
      columns: [
        { name: 'center_id', ...text },
        { name: 'id', ...text },
        { name: 'clinician_id', ...text },
        { name: 'patient_center_id', ...text },
        { name: 'patient_id', ...text },
        { name: 'starts_at', type: 'timestamptz' },
        { name: 'ends_at', type: 'timestamptz' },
        { name: 'modality', ...text },
        { name: 'kind', ...text },
      ],
      rows: data.appointments.map((a, i) => [
        a.centerId,
        `bench-${i + 1}`,
        a.clinicianId,
        a.patientCenterId,
        a.patientId,
        new Date(a.start).toISOString(),
        new Date(a.end).toISOString(),
        a.modality,
        a.kind,
      ]),
    },
  ]);
  // What a database that has been in use for a while has had done: its first vacuum
  // (hint bits, the visibility map). Left to autovacuum, it ran on the 325,000 new rows
  // during the first measured runs and took a core from them.
  const started = performance.now();
  await sql`VACUUM`.execute(db);
  return report.seconds + (performance.now() - started) / 1000;
}

/** Live appointments of one clinician that overlap: must be 0. */
export const OVERLAP_QUERY = `
  SELECT count(*)::int AS n FROM (
    SELECT starts_at, lag(ends_at) OVER (PARTITION BY center_id, clinician_id ORDER BY starts_at) AS prev_end
      FROM appointments WHERE status IN ('booked', 'completed')) t
   WHERE prev_end > starts_at`;
