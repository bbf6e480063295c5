/**
 * What the database must show after the crashes, read with the server stopped: every
 * acknowledged booking is there as it was acknowledged, and every booking that is there
 * is whole. A booking is one transaction writing four things — the request row, the
 * appointment (unless waitlisted), the idempotency key with its result, and the audit
 * events — so "not half-written" means each of them is found with all the others.
 * Each finding is a count or a list of ids: all must come out empty.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import type { Acknowledged } from './crash-load.ts';

export interface CrashFindings {
  readonly appointments: number;
  readonly requests: number;
  /** Acknowledged 201s whose appointment is missing or no longer `booked`. */
  readonly lostAppointments: readonly string[];
  /** Acknowledged 201s and 202s whose request is missing or not `booked`/`waitlisted`. */
  readonly lostRequests: readonly string[];
  /** Acknowledged appointments with no creation event in the audit trail. */
  readonly unauditedAcknowledged: readonly string[];
  /** Half-written bookings, by the part that is missing. */
  readonly appointmentsWithoutRequest: number;
  readonly bookedRequestsWithoutAppointment: number;
  readonly requestsWithoutKey: number;
  readonly keysWithoutRequest: number;
  readonly keysWithoutAppointment: number;
  readonly appointmentsWithoutCreationEvent: number;
  readonly requestsWithoutCreationEvent: number;
  /** Pairs of live appointments of one clinician that overlap (the exclusion constraint's job). */
  readonly overlaps: number;
  /** Patients with more than one live appointment: each call books one patient, once. */
  readonly patientsBookedTwice: number;
  /**
   * Patients of the calls retried after a kill whose live appointments are not exactly
   * the one the retry answered with (a replay must not book again, a fresh booking must
   * not find an earlier one).
   */
  readonly retriedNotOnce: readonly string[];
}

const LIVE = sql`('booked', 'completed')`;

export async function inspectBookings(
  db: Kysely<Database>,
  acknowledged: readonly Acknowledged[],
  retried: readonly Acknowledged[],
): Promise<CrashFindings> {
  const count = async (query: RawBuilder<unknown>) => {
    const row = (await query.execute(db)).rows[0] as { n: number } | undefined;
    return Number(row?.n ?? Number.NaN);
  };

  const bookedIds = acknowledged.flatMap((a) => (a.appointmentId ? [a.appointmentId] : []));
  const appointments = await db
    .selectFrom('appointments')
    .select(['id', 'status', 'patient_id'])
    .execute();
  const liveOf = (patientId: string) =>
    appointments
      .filter(
        (a) => a.patient_id === patientId && (a.status === 'booked' || a.status === 'completed'),
      )
      .map((a) => a.id);
  const appointmentStatus = new Map(appointments.map((a) => [a.id, a.status]));
  const requests = await db.selectFrom('requests').select(['id', 'status']).execute();
  const requestStatus = new Map(requests.map((r) => [r.id, r.status]));
  const created = new Set(
    (
      await db
        .selectFrom('audit_events')
        .select('entity_id')
        .where('entity_type', '=', 'Appointment')
        .where('action', '=', 'C')
        .execute()
    ).map((e) => e.entity_id),
  );

  return {
    appointments: appointments.length,
    requests: requests.length,
    lostAppointments: bookedIds.filter((id) => appointmentStatus.get(id) !== 'booked'),
    lostRequests: acknowledged
      .filter(
        (a) => requestStatus.get(a.requestId) !== (a.status === 201 ? 'booked' : 'waitlisted'),
      )
      .map((a) => a.requestId),
    unauditedAcknowledged: bookedIds.filter((id) => !created.has(id)),
    // The foreign key forbids this one; counted anyway, as the brief of a crash test is
    // to trust nothing.
    appointmentsWithoutRequest: await count(sql`
      SELECT count(*)::int AS n FROM appointments a
       WHERE a.request_id IS NULL OR NOT EXISTS (
         SELECT 1 FROM requests r WHERE r.center_id = a.patient_center_id AND r.id = a.request_id)`),
    bookedRequestsWithoutAppointment: await count(sql`
      SELECT count(*)::int AS n FROM requests r
       WHERE r.status = 'booked' AND NOT EXISTS (
         SELECT 1 FROM appointments a
          WHERE a.patient_center_id = r.center_id AND a.request_id = r.id AND a.status IN ${LIVE})`),
    // Every call carried a key, stored with its result in the booking's transaction.
    requestsWithoutKey: await count(sql`
      SELECT count(*)::int AS n FROM requests r
       WHERE NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.result->>'requestId' = r.id)`),
    keysWithoutRequest: await count(sql`
      SELECT count(*)::int AS n FROM idempotency_keys k
       WHERE NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = k.result->>'requestId')`),
    keysWithoutAppointment: await count(sql`
      SELECT count(*)::int AS n FROM idempotency_keys k
       WHERE k.result->>'kind' = 'booked' AND NOT EXISTS (
         SELECT 1 FROM appointments a WHERE a.id = k.result->'appointment'->>'id')`),
    appointmentsWithoutCreationEvent: appointments.filter((a) => !created.has(a.id)).length,
    requestsWithoutCreationEvent: await count(sql`
      SELECT count(*)::int AS n FROM requests r
       WHERE NOT EXISTS (
         SELECT 1 FROM audit_events e
          WHERE e.entity_type = 'Request' AND e.action = 'C' AND e.entity_id = r.id)`),
    overlaps: await count(sql`
      SELECT count(*)::int AS n FROM appointments a JOIN appointments b
        ON a.center_id = b.center_id AND a.clinician_id = b.clinician_id AND a.id < b.id
       AND tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(b.starts_at, b.ends_at, '[)')
     WHERE a.status IN ${LIVE} AND b.status IN ${LIVE}`),
    patientsBookedTwice: await count(sql`
      SELECT count(*)::int AS n FROM (
        SELECT 1 FROM appointments WHERE status IN ${LIVE}
         GROUP BY patient_center_id, patient_id HAVING count(*) > 1) twice`),
    retriedNotOnce: retried
      .filter((r) => {
        const live = liveOf(r.patientId);
        return r.appointmentId ? live.join() !== r.appointmentId : live.length > 0;
      })
      .map((r) => r.patientId),
  };
}
