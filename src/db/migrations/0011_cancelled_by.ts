/**
 * Who cancelled an appointment: `member` (the member called it off, or declined it) or
 * `plan` (the plan did: a clinician away, a strike, a scheduler's correction). The
 * breach list (`GET /access/breaches`) needs it to tell a member who declined an
 * appointment in time (`patient-declined`: the plan offered care by the deadline,
 * 28 CCR § 1300.67.2.2(c)(5)) from a plan that took one away (`no-capacity`).
 *
 * Null when nobody said: appointments cancelled before this column existed, or by a
 * reschedule (the old appointment gives way to the new one). Readers treat null as the
 * plan's doing, so an unknown cancellation never excuses a missed deadline. The column
 * is meaningful only while `status = 'cancelled'`; it is not tied to the status by a
 * constraint, so reinstating an appointment (status back to booked) needs no second
 * write.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE appointments ADD COLUMN cancelled_by text
    CONSTRAINT appointments_cancelled_by_check CHECK (cancelled_by IN ('member', 'plan'))`.execute(
    db,
  );
}
