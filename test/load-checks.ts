/**
 * What the database must show after a load run, whatever the timings were:
 *
 * - no clinician double-booked (two live appointments overlapping), anywhere;
 * - every booking the client was told about (201 or 202) stored as it was told;
 * - no write the server refused (CSRF) left anything behind (its idempotency key);
 * - the audit trail holds, for each call, exactly the events its answer required (one
 *   per record of a member's care shown or written, one per sign-in and sign-out) under
 *   the call's request id, and no event from any call the client did not make;
 * - every session signed in during the run has ended (signed out, or replaced at a
 *   sign-in that found it planted).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import type { LoadOutcome } from './load-plan.ts';

export interface LoadFindings {
  /** Pairs of live appointments of one clinician that overlap. */
  readonly overlaps: number;
  readonly acknowledged: number;
  /** Acknowledged bookings not found as acknowledged. */
  readonly lost: readonly string[];
  /** Keys of refused writes that were stored anyway. */
  readonly refusedButStored: readonly string[];
  /** Events the answers required, and events the trail holds for the run. */
  readonly phiEventsExpected: number;
  readonly auditEventsFound: number;
  /** Calls whose events do not number what their answer required (first ten). */
  readonly auditMismatches: readonly string[];
  /** Events of the run under a request id no call of the client had. */
  readonly strayAuditEvents: number;
  /** Answered calls without an `x-request-id`. */
  readonly callsWithoutRequestId: number;
  readonly sessionsStillOpen: number;
}

const LIVE = sql`('booked', 'completed')`;

export async function inspectLoad(
  db: Kysely<Database>,
  outcome: LoadOutcome,
  since: Date,
): Promise<LoadFindings> {
  const overlaps = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM appointments a JOIN appointments b
      ON a.center_id = b.center_id AND a.clinician_id = b.clinician_id AND a.id < b.id
     AND tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(b.starts_at, b.ends_at, '[)')
   WHERE a.status IN ${LIVE} AND b.status IN ${LIVE}`.execute(db);

  const lost: string[] = [];
  const appointmentIds = outcome.acknowledged.flatMap((a) => a.appointmentId ?? []);
  const appointments = new Map<string, { status: string; request_id: string | null }>();
  for (const ids of chunks(appointmentIds)) {
    for (const row of await db
      .selectFrom('appointments')
      .select(['id', 'status', 'request_id'])
      .where('id', 'in', ids)
      .execute()) {
      appointments.set(row.id, row);
    }
  }
  const requests = new Map<string, string>();
  for (const ids of chunks(outcome.acknowledged.map((a) => a.requestId))) {
    for (const row of await db
      .selectFrom('requests')
      .select(['id', 'status'])
      .where('id', 'in', ids)
      .execute()) {
      requests.set(row.id, row.status);
    }
  }
  for (const booking of outcome.acknowledged) {
    const request = requests.get(booking.requestId);
    if (booking.appointmentId === undefined) {
      if (request !== 'waitlisted') lost.push(`${booking.key}: request ${request ?? 'missing'}`);
      continue;
    }
    const appointment = appointments.get(booking.appointmentId);
    if (
      request !== 'booked' ||
      appointment?.status !== 'booked' ||
      appointment.request_id !== booking.requestId
    ) {
      lost.push(
        `${booking.key}: request ${request ?? 'missing'}, appointment ${appointment?.status ?? 'missing'}`,
      );
    }
  }

  const refusedButStored: string[] = [];
  for (const keys of chunks(outcome.refusedKeys)) {
    const rows = await db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('key', 'in', keys)
      .execute();
    refusedButStored.push(...rows.map((r) => r.key));
  }

  const trail = await db
    .selectFrom('audit_events')
    .select(['request_id', sql<number>`count(*)::int`.as('events')])
    .where('recorded_at', '>=', since)
    .groupBy('request_id')
    .execute();
  const found = new Map(trail.map((t) => [t.request_id ?? '', Number(t.events)]));
  const callIds = new Set<string>();
  const auditMismatches: string[] = [];
  let phiEventsExpected = 0;
  let callsWithoutRequestId = 0;
  for (const call of outcome.calls) {
    if (call.status === 0) continue;
    if (call.requestId === null) {
      callsWithoutRequestId += 1;
      continue;
    }
    callIds.add(call.requestId);
    phiEventsExpected += call.audit;
    const events = found.get(call.requestId) ?? 0;
    if (events !== call.audit && auditMismatches.length < 10) {
      auditMismatches.push(
        `${call.name} (${call.status}): ${events} events, expected ${call.audit}`,
      );
    }
  }
  let strayAuditEvents = 0;
  let auditEventsFound = 0;
  for (const [requestId, events] of found) {
    auditEventsFound += events;
    if (!callIds.has(requestId)) strayAuditEvents += events;
  }

  const open = await db
    .selectFrom('sessions')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('created_at', '>=', since)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();

  return {
    overlaps: Number(overlaps.rows[0]?.n ?? Number.NaN),
    acknowledged: outcome.acknowledged.length,
    lost,
    refusedButStored,
    phiEventsExpected,
    auditEventsFound,
    auditMismatches,
    strayAuditEvents,
    callsWithoutRequestId,
    sessionsStillOpen: Number(open.n),
  };
}

/** `IN` lists of a bounded size (one statement's parameters stay well under 65,535). */
function chunks<T>(items: readonly T[], size = 5000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
