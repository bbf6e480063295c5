/**
 * What the books must say after a stoppage's plan is executed, counted in SQL on the
 * database itself (not through the service that wrote it). Each check counts violations:
 * every one must be 0.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/schema.ts';

export interface CheckWindow {
  readonly stoppageId: string;
  /** The plan's window: from max(startsAt, the preview's now) to endsAt. */
  readonly from: Date;
  readonly to: Date;
  /** When execution began: rows created from then on are execution's. */
  readonly executeStartedAt: Date;
}

export interface CheckResult {
  readonly name: string;
  readonly violations: number;
}

/** Runs every check; the order is the order of the report. */
export async function checkExecution(
  db: Kysely<Database>,
  window: CheckWindow,
): Promise<readonly CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [name, query] of Object.entries(checks(window))) {
    const { rows } = await query.execute(db);
    results.push({ name, violations: Number(rows[0]?.violations ?? Number.NaN) });
  }
  return results;
}

type Check = ReturnType<typeof sql<{ violations: number }>>;

function checks({ stoppageId, from, to, executeStartedAt }: CheckWindow): Record<string, Check> {
  const moved = sql`result IN ('moved-same-clinician', 'moved-other-clinician')`;
  return {
    // Sorted by start, a clinician's appointments overlap exactly where one starts before
    // the latest end of those before it. Live = what the exclusion constraint covers.
    'live appointments overlapping for one clinician': sql<{ violations: number }>`
      SELECT count(*)::int AS violations FROM (
        SELECT starts_at, max(ends_at) OVER (
                 PARTITION BY center_id, clinician_id ORDER BY starts_at, id
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS latest_end
        FROM appointments WHERE status IN ('booked', 'completed')) s
      WHERE starts_at < latest_end`,
    'plan entries (not kept) never applied': sql<{ violations: number }>`
      SELECT count(*)::int AS violations FROM stoppage_plan
      WHERE stoppage_id = ${stoppageId} AND result <> 'kept' AND applied_at IS NULL`,
    'appointments planned by more than one entry': sql<{ violations: number }>`
      SELECT count(*)::int AS violations FROM (
        SELECT 1 FROM stoppage_plan WHERE stoppage_id = ${stoppageId}
        GROUP BY center_id, appointment_id HAVING count(*) > 1) d`,
    // Applied once: execution created exactly one appointment per moved entry, one
    // referral per referred-out entry, and nothing else (nobody else books meanwhile).
    'appointments created by execution minus moved entries': sql<{ violations: number }>`
      SELECT abs((SELECT count(*) FROM appointments WHERE created_at >= ${executeStartedAt})
               - (SELECT count(*) FROM stoppage_plan
                  WHERE stoppage_id = ${stoppageId} AND ${moved}))::int AS violations`,
    'referrals created by execution minus referred-out entries': sql<{ violations: number }>`
      SELECT abs((SELECT count(*) FROM referrals WHERE created_at >= ${executeStartedAt})
               - (SELECT count(*) FROM stoppage_plan
                  WHERE stoppage_id = ${stoppageId} AND result = 'referred-out'))::int
             AS violations`,
    'changed entries whose old appointment is not cancelled': sql<{ violations: number }>`
      SELECT count(*)::int AS violations
      FROM stoppage_plan p
      JOIN appointments a ON a.center_id = p.center_id AND a.id = p.appointment_id
      WHERE p.stoppage_id = ${stoppageId} AND p.result <> 'kept' AND a.status <> 'cancelled'`,
    'moved entries without their new appointment booked': sql<{ violations: number }>`
      SELECT count(*)::int AS violations
      FROM stoppage_plan p
      LEFT JOIN appointments a ON a.center_id = p.next_center_id AND a.id = p.next_id
      WHERE p.stoppage_id = ${stoppageId} AND ${moved}
        AND (a.id IS NULL OR a.status <> 'booked' OR a.clinician_id <> p.next_clinician_id
             OR a.starts_at <> p.next_starts_at)`,
    'referred-out entries without their referral': sql<{ violations: number }>`
      SELECT count(*)::int AS violations
      FROM stoppage_plan p
      WHERE p.stoppage_id = ${stoppageId} AND p.result = 'referred-out'
        AND NOT EXISTS (SELECT 1 FROM referrals r
                        WHERE r.id = p.next_id AND r.request_id = p.request_id)`,
    'unplaceable entries whose request is not waitlisted': sql<{ violations: number }>`
      SELECT count(*)::int AS violations
      FROM stoppage_plan p
      JOIN requests r ON r.center_id = p.patient_center_id AND r.id = p.request_id
      WHERE p.stoppage_id = ${stoppageId} AND p.result = 'unplaceable'
        AND r.status <> 'waitlisted'`,
    'kept entries whose appointment is not booked': sql<{ violations: number }>`
      SELECT count(*)::int AS violations
      FROM stoppage_plan p
      JOIN appointments a ON a.center_id = p.center_id AND a.id = p.appointment_id
      WHERE p.stoppage_id = ${stoppageId} AND p.result = 'kept' AND a.status <> 'booked'`,
    'live appointments of participating clinicians in the window': sql<{ violations: number }>`
      SELECT count(*)::int AS violations
      FROM appointments a
      JOIN stoppage_clinicians s
        ON s.center_id = a.center_id AND s.clinician_id = a.clinician_id
       AND s.stoppage_id = ${stoppageId} AND s.participating
      WHERE a.status = 'booked' AND a.starts_at >= ${from} AND a.starts_at < ${to}`,
    'participating clinicians without time off for the stoppage': sql<{ violations: number }>`
      SELECT count(*)::int AS violations
      FROM stoppage_clinicians s
      WHERE s.stoppage_id = ${stoppageId} AND s.participating
        AND NOT EXISTS (SELECT 1 FROM time_off t
                        WHERE t.center_id = s.center_id AND t.clinician_id = s.clinician_id
                          AND t.stoppage_id = ${stoppageId})`,
  };
}
