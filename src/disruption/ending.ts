/**
 * Ending a stoppage (docs/disruption.md, "End"): the clinicians return at `at`, their
 * stoppage time off after it is removed (their templates open again), and — when asked
 * — follow-ups the plan moved to another clinician go back to their own clinician where
 * the booking engine finds that clinician a slot inside the deadline.
 *
 * Moving back is done one follow-up at a time in the plan's order (its priority
 * order): the engine, holding every live appointment, lets go of the follow-up's
 * current one and asks for its first option; the patient's own clinician comes first
 * by the continuity policy when they have a slot inside the deadline. Only then is the
 * move written — the current appointment cancelled by the plan, the new one inserted —
 * in one transaction that takes the clinician's lock and counts their caps as a
 * reschedule does (`lockAndCheckCaps`), and that a cap or the exclusion constraint can
 * refuse (then the follow-up is left as it is).
 */
import { type Kysely, sql } from 'kysely';
import { BookingConflict, lockAndCheckCaps } from '../booking/cap-checks.ts';
import type { Database } from '../db/schema.ts';
import { SQL_STATE, sqlStateOf } from '../db/sql-state.ts';
import { TimelyError } from '../engine/errors.ts';
import { BusinessCalendar } from '../engine/rules/calendar.ts';
import { type AuditContext, auditRecord } from '../server/audit.ts';
import type { EndStoppageInput, Stoppage } from './model.ts';
import { engineOnTheBooks, type PlanSettings } from './planner.ts';
import { wrongStatus } from './stoppage-store.ts';

/** Days ahead the engine looks for a slot with the patient's own clinician. */
const MOVE_BACK_HORIZON_DAYS = 60;

interface Candidate {
  readonly seq: number;
  readonly clinician_id: string;
  readonly request_id: string | null;
  readonly patient_center_id: string;
  readonly patient_id: string;
  readonly current_center_id: string;
  readonly current_id: string;
  readonly current_start: Date;
  readonly current_end: Date;
  readonly clock_start: Date;
  readonly deadline: Date;
  readonly language: string | null;
  readonly modality: 'in-person' | 'video' | 'any' | null;
  readonly standard: string;
}

export async function endStoppage(
  db: Kysely<Database>,
  stoppage: Stoppage,
  input: EndStoppageInput,
  settings: PlanSettings,
  context: AuditContext,
): Promise<{ candidates: number; moved: number }> {
  if (stoppage.status === 'ended') throw wrongStatus(stoppage, 'ending', 'draft or active');
  if (stoppage.status === 'executing') {
    throw wrongStatus(stoppage, 'ending', 'active (finish the execution first)');
  }
  const at = input.at ?? settings.now;
  if (!Number.isFinite(at)) {
    throw new TimelyError('FIELD_INVALID', 'at: expected an instant', { path: 'at' });
  }
  if (at > stoppage.endsAt) {
    throw new TimelyError(
      'FIELD_INVALID',
      "at: after the stoppage's end; declare a new stoppage to extend it",
      { path: 'at' },
    );
  }
  await db.transaction().execute(async (trx) => {
    const when = new Date(at);
    await trx
      .deleteFrom('time_off')
      .where('stoppage_id', '=', stoppage.id)
      .where('starts_at', '>=', when)
      .execute();
    await trx
      .updateTable('time_off')
      .set({ ends_at: when })
      .where('stoppage_id', '=', stoppage.id)
      .where('ends_at', '>', when)
      .execute();
    await trx
      .updateTable('stoppages')
      .set({ status: 'ended', ended_at: when })
      .where('id', '=', stoppage.id)
      .execute();
    await trx
      .insertInto('audit_events')
      .values(
        auditRecord(context, {
          action: 'E',
          entityType: 'Stoppage',
          entityId: stoppage.id,
          detail: { step: 'end', moveBack: input.moveBack === true },
        }),
      )
      .execute();
  });
  if (!input.moveBack || stoppage.status === 'draft') return { candidates: 0, moved: 0 };
  return moveBack(db, stoppage, Math.max(at, settings.now), settings, context);
}

async function moveBack(
  db: Kysely<Database>,
  stoppage: Stoppage,
  from: number,
  settings: PlanSettings,
  context: AuditContext,
): Promise<{ candidates: number; moved: number }> {
  const { rows: candidates } = await sql<Candidate>`
    SELECT p.seq, p.clinician_id, p.request_id, p.patient_center_id, p.patient_id,
      a.center_id AS current_center_id, a.id AS current_id, a.starts_at AS current_start,
      a.ends_at AS current_end, p.clock_start, p.deadline, r.language, r.modality, p.standard
    FROM stoppage_plan p
    JOIN appointments a ON a.center_id = p.next_center_id AND a.id = p.next_id
    LEFT JOIN requests r ON r.center_id = p.patient_center_id AND r.id = p.request_id
    WHERE p.stoppage_id = ${stoppage.id} AND p.result = 'moved-other-clinician'
      AND p.type = 'followup' AND a.status = 'booked'
      AND a.starts_at >= ${new Date(from)}::timestamptz
    ORDER BY p.seq`.execute(db);
  if (candidates.length === 0) return { candidates: 0, moved: 0 };
  const { engine, snapshot } = await engineOnTheBooks(db, settings, {
    horizonDays: MOVE_BACK_HORIZON_DAYS,
  });
  const timeZone = new BusinessCalendar(settings.calendar).timeZone;
  let moved = 0;
  for (const c of candidates) {
    const own = snapshot.clinicians.get(c.clinician_id);
    if (!own) continue;
    const key = `${c.current_center_id}/${c.current_id}`;
    engine.releaseHold(key);
    const list = engine.options(
      {
        id: `back:${c.seq}`,
        patientId: c.patient_id,
        type: 'followup',
        standard: c.standard,
        clockStart: c.clock_start.getTime(),
        language: c.language ?? 'en',
        modality: c.modality ?? 'any',
        center: c.patient_center_id,
        priorClinician: c.clinician_id,
      },
      { now: settings.now, count: 1 },
    );
    const best = list.options[0];
    const back =
      best !== undefined &&
      best.clinicianId === c.clinician_id &&
      best.start <= c.deadline.getTime();
    if (!back) {
      engine.hold(holdOf(key, c.clinician_id, c));
      continue;
    }
    const id = `${stoppage.id}:back:${c.seq}`;
    const written = await writeMoveBack(
      db,
      stoppage.id,
      c,
      id,
      own.centerId,
      best,
      { now: settings.now, timeZone },
      context,
    );
    if (written) {
      moved++;
      engine.hold({
        id: `${own.centerId}/${id}`,
        clinicianId: c.clinician_id,
        patientId: c.patient_id,
        start: best.start,
        end: best.end,
      });
    } else engine.hold(holdOf(key, c.clinician_id, c));
  }
  return { candidates: candidates.length, moved };
}

function holdOf(key: string, clinicianId: string, c: Candidate) {
  return {
    id: key,
    clinicianId,
    patientId: c.patient_id,
    start: c.current_start.getTime(),
    end: c.current_end.getTime(),
  };
}

/** One move back, in one transaction; false when the slot was taken meanwhile. */
async function writeMoveBack(
  db: Kysely<Database>,
  stoppageId: string,
  c: Candidate,
  id: string,
  centerId: string,
  slot: { start: number; end: number; kind: 'intake' | 'followup' },
  clock: { now: number; timeZone: string },
  context: AuditContext,
): Promise<boolean> {
  const now = clock.now;
  try {
    await db.transaction().execute(async (trx) => {
      const current = await trx
        .updateTable('appointments')
        .set({ status: 'cancelled', cancelled_at: new Date(now), cancelled_by: 'plan' })
        .where('center_id', '=', c.current_center_id)
        .where('id', '=', c.current_id)
        .where('status', '=', 'booked')
        .returning(['modality'])
        .executeTakeFirst();
      if (!current) throw new MovedMeanwhile();
      // Old appointment first, then the clinician: the order every booking path locks in.
      await lockAndCheckCaps(trx, {
        centerId,
        clinicianId: c.clinician_id,
        patientCenterId: c.patient_center_id,
        patientId: c.patient_id,
        start: slot.start,
        // Their own clinician: never a new patient for them.
        priorClinicianId: c.clinician_id,
        excludeAppointmentId: null,
        now,
        timeZone: clock.timeZone,
      });
      await trx
        .insertInto('appointments')
        .values({
          center_id: centerId,
          id,
          clinician_id: c.clinician_id,
          patient_center_id: c.patient_center_id,
          patient_id: c.patient_id,
          request_id: c.request_id,
          starts_at: new Date(slot.start),
          ends_at: new Date(slot.end),
          modality: current.modality,
          kind: slot.kind,
          replaces_id: c.current_id,
        })
        .execute();
      await trx
        .updateTable('stoppage_plan')
        .set({ moved_back_at: new Date(now) })
        .where('stoppage_id', '=', stoppageId)
        .where('seq', '=', c.seq)
        .execute();
      const patient = { centerId: c.patient_center_id, id: c.patient_id };
      const detail = { step: 'move-back' };
      await trx
        .insertInto('audit_events')
        .values([
          auditRecord(context, {
            action: 'U',
            entityType: 'Appointment',
            entityId: c.current_id,
            centerId: c.current_center_id,
            patient,
            detail,
          }),
          auditRecord(context, {
            action: 'C',
            entityType: 'Appointment',
            entityId: id,
            centerId,
            patient,
            detail,
          }),
        ])
        .execute();
    });
    return true;
  } catch (error) {
    if (error instanceof MovedMeanwhile || error instanceof BookingConflict) return false;
    if (sqlStateOf(error) === SQL_STATE.exclusionViolation) return false;
    throw error;
  }
}

/** The follow-up's current appointment was cancelled or moved since it was read. */
class MovedMeanwhile extends Error {}
