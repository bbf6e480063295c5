/**
 * What the load client is told (the plan) and what it reports back (the outcome). The
 * client is a separate process (`load-client.ts`), so both cross a process boundary as
 * JSON: plain data only.
 *
 * The plan is read from the database the server is about to serve (the small or full
 * demo): the accounts, the members to book for, clinicians to search, and the records
 * the access probes aim at — a clinician's own patient and appointment, and other
 * clinicians' (which that clinician must never reach).
 */
import { type Kysely, sql } from 'kysely';
import type { Role } from '../src/auth/principal.ts';
import type { Database } from '../src/db/schema.ts';
import type { DemoLogin } from '../src/demo/accounts.ts';

export interface Ref {
  readonly centerId: string;
  readonly id: string;
}

export interface Login {
  readonly name: string;
  readonly password: string;
  readonly token: string;
}

export interface LoadPlan {
  /** `http://127.0.0.1:port` of the server under load. */
  readonly address: string;
  readonly seconds: number;
  /** Calls in flight at once (one worker each). */
  readonly concurrency: number;
  readonly seed: number;
  readonly accounts: Readonly<Record<Role, Login>>;
  /** An account whose sign-ins always fail (a wrong password): each try is audited. */
  readonly lockedOutName: string;
  /** Members to book for, at the centers bookings compete in (so they race for slots). */
  readonly bookingPatients: readonly Ref[];
  /** Clinicians whose slots and appointments the FHIR searches read. */
  readonly clinicians: readonly Ref[];
  readonly centers: readonly string[];
  /** The clinician account's own records, and records it must not reach. */
  readonly access: {
    readonly clinician: Ref;
    readonly ownPatient: Ref;
    readonly ownAppointment: string;
    readonly otherPatients: readonly Ref[];
    readonly otherAppointments: readonly string[];
    readonly otherClinicians: readonly Ref[];
  };
}

/** One HTTP call as the client saw it. */
export interface CallRecord {
  /** The kind of call, e.g. `book`, `fhir-slot`, `csrf-missing`. */
  readonly name: string;
  readonly status: number;
  readonly ms: number;
  /** The server's `x-request-id`: the audit trail's events of this call carry it. */
  readonly requestId: string | null;
  /** The audit events this call must have written (from what it answered). */
  readonly audit: number;
  /** Not what the call had to answer (a 5xx, a refusal that should have passed…). */
  readonly problem?: string | undefined;
}

export interface AcknowledgedBooking {
  readonly key: string;
  readonly requestId: string;
  /** Absent when the request was waitlisted (202). */
  readonly appointmentId?: string | undefined;
}

export interface LoadOutcome {
  readonly seconds: number;
  readonly calls: readonly CallRecord[];
  readonly acknowledged: readonly AcknowledgedBooking[];
  /** Idempotency keys of writes the server refused (CSRF): none may be stored. */
  readonly refusedKeys: readonly string[];
  /** Each security probe's runs that held and that did not. */
  readonly probes: Readonly<Record<string, { passed: number; failed: number }>>;
}

/** Members of the two largest centers: enough competition for the same slots. */
const BOOKING_CENTERS = 2;

export async function readLoadPlan(
  db: Kysely<Database>,
  logins: readonly DemoLogin[],
  lockedOutName: string,
  run: Pick<LoadPlan, 'seconds' | 'concurrency' | 'seed'>,
): Promise<Omit<LoadPlan, 'address'>> {
  const accounts = Object.fromEntries(
    logins.map((l) => [l.role, { name: l.name, password: l.password, token: l.token }]),
  ) as Record<Role, Login>;
  const clinicianAccount = await db
    .selectFrom('users')
    .select(['clinician_center_id', 'clinician_id'])
    .where('name', '=', accounts.clinician.name)
    .executeTakeFirstOrThrow();
  const own: Ref = {
    centerId: clinicianAccount.clinician_center_id ?? '',
    id: clinicianAccount.clinician_id ?? '',
  };
  const busiest = await db
    .selectFrom('patients')
    .select(['center_id', sql<number>`count(*)::int`.as('members')])
    .groupBy('center_id')
    .orderBy('members', 'desc')
    .orderBy('center_id')
    .limit(BOOKING_CENTERS)
    .execute();
  const bookingPatients = await db
    .selectFrom('patients')
    .select(['center_id as centerId', 'id'])
    .where(
      'center_id',
      'in',
      busiest.map((b) => b.center_id),
    )
    .orderBy('center_id')
    .orderBy('id')
    .execute();
  const clinicians = await db
    .selectFrom('clinicians')
    .select(['center_id as centerId', 'id'])
    .where('active', '=', true)
    .orderBy('id')
    .limit(50)
    .execute();
  const centers = (await db.selectFrom('medical_centers').select('id').orderBy('id').execute()).map(
    (c) => c.id,
  );
  const ownAppointment = await db
    .selectFrom('appointments')
    .select(['id', 'patient_center_id', 'patient_id'])
    .where('center_id', '=', own.centerId)
    .where('clinician_id', '=', own.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  // Members who never had an appointment with the clinician, and are not booked during
  // the run (so they cannot become the clinician's): not theirs to read.
  const otherPatients = await db
    .selectFrom('patients as p')
    .select(['p.center_id as centerId', 'p.id'])
    .where(
      'p.center_id',
      'not in',
      busiest.map((b) => b.center_id),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('appointments as a')
            .select('a.id')
            .whereRef('a.patient_center_id', '=', 'p.center_id')
            .whereRef('a.patient_id', '=', 'p.id')
            .where('a.clinician_id', '=', own.id)
            .where('a.center_id', '=', own.centerId),
        ),
      ),
    )
    .orderBy('p.id')
    .limit(20)
    .execute();
  const otherAppointments = await db
    .selectFrom('appointments')
    .select('id')
    .where('clinician_id', '!=', own.id)
    .orderBy('id')
    .limit(20)
    .execute();
  return {
    ...run,
    accounts,
    lockedOutName,
    bookingPatients,
    clinicians: clinicians.filter((c) => c.id !== own.id),
    centers,
    access: {
      clinician: own,
      ownPatient: { centerId: ownAppointment.patient_center_id, id: ownAppointment.patient_id },
      ownAppointment: ownAppointment.id,
      otherPatients,
      otherAppointments: otherAppointments.map((a) => a.id),
      otherClinicians: clinicians.filter((c) => c.id !== own.id).slice(0, 10),
    },
  };
}
