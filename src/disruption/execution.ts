/**
 * Applies a stoppage's stored plan to the records (docs/disruption.md, "Execute").
 *
 * First the participating clinicians' time off is written (once), so no new booking
 * lands in the stoppage; then the plan entries still to apply are applied in seq
 * order, a batch per transaction. A batch is a handful of set-based statements over
 * the batch as one JSON parameter: the old appointments cancelled by the plan, the new
 * ones inserted (the exclusion constraint still rules), referrals written, requests
 * marked, the entries marked applied, and the audit trail — all or nothing.
 *
 * Resumable: an entry is marked applied in the transaction that applies it, and the
 * new appointment's id is derived from the stoppage and the entry (`stoppage:seq`), so
 * running execution again after a crash applies exactly the entries not yet applied
 * and can never book an entry twice (the id is the appointment's key).
 *
 * A batch refused by the exclusion constraint (someone booked a planned slot after the
 * preview) is applied again entry by entry; an entry whose slot is taken is placed
 * again by the booking service on the books as they are then (`replanned`). So is a
 * batch that would break a cap: the plan kept each clinician's day and caseload caps
 * when it was previewed, but bookings made since may have filled them. A batch first
 * locks the clinicians it books with, in the order every booking transaction locks them
 * (`clinicianLockKey`), so a booking with one of them waits for the batch or the batch
 * for it, and neither can wait on the other's uncommitted appointment; then the caps are
 * counted again after its appointments are inserted, by the database's
 * `clinician_cap_refusal` (migration 0016), for each new appointment with the others
 * counted. An entry refused there is placed again like one whose slot was taken.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AuditRows, BookingService } from '../booking/booking-service.ts';
import { capWindow, clinicianLockKey } from '../booking/cap-checks.ts';
import { DEFER_OUTCOMES } from '../db/migrations/0015_disruption.ts';
import type { Database, NewAuditEvent, StoppagePlanTable } from '../db/schema.ts';
import { SQL_STATE, sqlStateOf } from '../db/sql-state.ts';
import { type AuditContext, auditRecord } from '../server/audit.ts';
import type { ExecutionProgress, Stoppage } from './model.ts';
import { readStoppage, wrongStatus } from './stoppage-store.ts';

type Selected = Pick<
  StoppagePlanTable,
  | 'center_id'
  | 'seq'
  | 'appointment_id'
  | 'patient_center_id'
  | 'patient_id'
  | 'request_id'
  | 'result'
  | 'next_center_id'
  | 'next_clinician_id'
  | 'next_provider'
  | 'next_modality'
  | 'next_kind'
>;

/** A plan entry to apply, with the dates as the JSON parameter carries them. */
interface BatchEntry extends Selected {
  readonly next_starts_at: string | null;
  readonly next_ends_at: string | null;
  /** The id the new appointment or referral gets. */
  readonly next_id: string;
}

export interface ExecuteOptions {
  readonly now: () => number;
  readonly batchSize?: number | undefined;
  readonly onProgress?: ((progress: ExecutionProgress) => void) | undefined;
  /** Re-places an entry whose planned slot was taken (the booking service). */
  readonly booking: BookingService;
  /** The plan's time zone: a day cap counts the clinician's local day. */
  readonly timeZone: string;
}

/** Thrown inside a batch's transaction when its new appointments break a cap. */
class CapRefused extends Error {
  constructor(readonly refusals: readonly { id: string; refused: string }[]) {
    super(`the plan breaks a cap: ${refusals.map((r) => `${r.id} (${r.refused})`).join(', ')}`);
    this.name = 'CapRefused';
  }
}

/** Whether applying the batch again entry by entry can get past the error. */
function entryByEntry(error: unknown): boolean {
  return error instanceof CapRefused || sqlStateOf(error) === SQL_STATE.exclusionViolation;
}

const DEFAULT_BATCH = 2000;

export function newIdOf(stoppageId: string, seq: number): string {
  return `${stoppageId}:${seq}`;
}

export async function executionProgress(
  db: Kysely<Database>,
  stoppage: Pick<Stoppage, 'id' | 'status'>,
  ms = 0,
): Promise<ExecutionProgress> {
  const counts = await db
    .selectFrom('stoppage_plan')
    .select([
      sql<number>`count(*) FILTER (WHERE result <> 'kept')::int`.as('entries'),
      sql<number>`count(*) FILTER (WHERE result <> 'kept' AND applied_at IS NOT NULL)::int`.as(
        'applied',
      ),
      sql<number>`count(*) FILTER (WHERE replanned)::int`.as('replanned'),
    ])
    .where('stoppage_id', '=', stoppage.id)
    .executeTakeFirstOrThrow();
  return {
    stoppageId: stoppage.id,
    status: stoppage.status,
    entries: counts.entries,
    applied: counts.applied,
    replanned: counts.replanned,
    ms,
  };
}

/** Starts (draft with a preview) or resumes (executing) the execution of a stoppage. */
export async function beginExecution(
  db: Kysely<Database>,
  stoppage: Stoppage,
  now: number,
  context: AuditContext,
): Promise<void> {
  if (stoppage.status === 'executing') return;
  if (stoppage.status !== 'draft') throw wrongStatus(stoppage, 'execution', 'draft or executing');
  if (stoppage.previewedAt === null) {
    throw wrongStatus(stoppage, 'execution', 'previewed first (POST …/preview)');
  }
  await db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('stoppages')
      .set({ status: 'executing', executed_at: new Date(now) })
      .where('id', '=', stoppage.id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    // A concurrent call began it: it writes the time off.
    if (Number(claimed.numUpdatedRows) === 0) return;
    await sql`
      INSERT INTO time_off (center_id, clinician_id, starts_at, ends_at, reason, stoppage_id)
      SELECT center_id, clinician_id, ${new Date(stoppage.startsAt)}::timestamptz,
        ${new Date(stoppage.endsAt)}::timestamptz, ${stoppage.kind}, ${stoppage.id}
      FROM stoppage_clinicians
      WHERE stoppage_id = ${stoppage.id} AND participating`.execute(trx);
    await trx
      .insertInto('audit_events')
      .values(
        auditRecord(context, {
          action: 'E',
          entityType: 'Stoppage',
          entityId: stoppage.id,
          detail: { step: 'execute' },
        }),
      )
      .execute();
  });
}

/** Applies every entry still to apply; marks the stoppage active at the end. */
export async function applyPlan(
  db: Kysely<Database>,
  stoppageId: string,
  context: AuditContext,
  options: ExecuteOptions,
): Promise<ExecutionProgress> {
  const started = performance.now();
  const size = options.batchSize ?? DEFAULT_BATCH;
  // Entries are applied in seq order, so each batch starts after the last one read
  // (the key's order; no index of the entries still to apply to keep up on writes).
  let after = -1;
  for (;;) {
    const rows = await db
      .selectFrom('stoppage_plan')
      .select([
        'center_id',
        'seq',
        'appointment_id',
        'patient_center_id',
        'patient_id',
        'request_id',
        'result',
        'next_center_id',
        'next_clinician_id',
        'next_provider',
        'next_starts_at',
        'next_ends_at',
        'next_modality',
        'next_kind',
      ])
      .where('stoppage_id', '=', stoppageId)
      .where('seq', '>', after)
      .where('applied_at', 'is', null)
      .where('result', '<>', 'kept')
      .orderBy('seq')
      .limit(size)
      .execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.seq;
    const batch: BatchEntry[] = rows.map((r) => ({
      ...r,
      next_starts_at: r.next_starts_at?.toISOString() ?? null,
      next_ends_at: r.next_ends_at?.toISOString() ?? null,
      next_id: newIdOf(stoppageId, r.seq),
    }));
    try {
      await db.transaction().execute((trx) => applyBatch(trx, stoppageId, batch, options, context));
    } catch (error) {
      if (!entryByEntry(error)) throw error;
      for (const entry of batch) await applyOne(db, stoppageId, entry, context, options);
    }
    if (options.onProgress) {
      const stoppage = await readStoppage(db, stoppageId);
      options.onProgress(
        await executionProgress(db, stoppage, Math.round(performance.now() - started)),
      );
    }
  }
  await db
    .updateTable('stoppages')
    .set({ status: 'active' })
    .where('id', '=', stoppageId)
    .where('status', '=', 'executing')
    .execute();
  const stoppage = await readStoppage(db, stoppageId);
  return executionProgress(db, stoppage, Math.round(performance.now() - started));
}

/** One entry on its own; a taken slot or a broken cap is placed again by the booking service. */
async function applyOne(
  db: Kysely<Database>,
  stoppageId: string,
  entry: BatchEntry,
  context: AuditContext,
  options: ExecuteOptions,
): Promise<void> {
  try {
    await db.transaction().execute((trx) => applyBatch(trx, stoppageId, [entry], options, context));
    return;
  } catch (error) {
    if (!entryByEntry(error)) throw error;
  }
  // The booking service's reschedule re-places the appointment on the books as they
  // are now (the stoppage's time off is written, so not with a striking clinician).
  const audit: AuditRows = {
    rowsOf: (changes) => changes.map((change) => auditRecord(context, change)),
  };
  const moved = await options.booking.reschedule(entry.appointment_id, { audit });
  const now = new Date(options.now());
  if (moved.kind === 'rescheduled') {
    await db
      .updateTable('stoppage_plan')
      .set({
        applied_at: now,
        replanned: true,
        result:
          moved.appointment.clinicianId === moved.previous.clinicianId
            ? 'moved-same-clinician'
            : 'moved-other-clinician',
        next_id: moved.appointment.id,
        next_center_id: moved.appointment.centerId,
        next_clinician_id: moved.appointment.clinicianId,
        next_provider: null,
        next_starts_at: new Date(moved.appointment.start),
        next_ends_at: new Date(moved.appointment.end),
        met_after: moved.evaluation.met === true,
      })
      .where('stoppage_id', '=', stoppageId)
      .where('seq', '=', entry.seq)
      .execute();
    return;
  }
  // Nothing fits now: the appointment is called off and the request waits.
  await db
    .transaction()
    .execute((trx) =>
      applyBatch(
        trx,
        stoppageId,
        [{ ...entry, result: 'unplaceable', next_starts_at: null, next_ends_at: null }],
        { ...options, now: () => now.getTime() },
        context,
        true,
      ),
    );
}

/** The batch's statements, in one transaction (the caller's). */
async function applyBatch(
  trx: Transaction<Database>,
  stoppageId: string,
  batch: readonly BatchEntry[],
  options: Pick<ExecuteOptions, 'now' | 'timeZone'>,
  context: AuditContext,
  replanned = false,
): Promise<void> {
  const nowMs = options.now();
  const now = new Date(nowMs);
  // request_outcomes is derived once for the batch's requests at the end, not per row.
  await sql`SELECT set_config(${DEFER_OUTCOMES}, 'on', true)`.execute(trx);
  const json = JSON.stringify(batch);
  const entries = sql`jsonb_to_recordset(${json}::jsonb) AS b(center_id text, seq int,
    appointment_id text, patient_center_id text, patient_id text, request_id text,
    result text, next_center_id text, next_clinician_id text, next_provider text,
    next_starts_at timestamptz, next_ends_at timestamptz, next_modality text, next_kind text,
    next_id text)`;
  // The old appointments, called off by the plan; one cancelled meanwhile is left as it is.
  const cancelled = await sql<{ id: string; center_id: string }>`
    UPDATE appointments a
    SET status = 'cancelled', cancelled_at = ${now}::timestamptz, cancelled_by = 'plan'
    FROM ${entries}
    WHERE a.center_id = b.center_id AND a.id = b.appointment_id AND a.status = 'booked'
    RETURNING a.id, a.center_id`.execute(trx);
  const live = new Set(cancelled.rows.map((r) => `${r.center_id}/${r.id}`));
  const applied = batch.filter((e) => live.has(`${e.center_id}/${e.appointment_id}`));
  const booked = bookedInLockOrder(applied, nowMs, options.timeZone);
  await lockClinicians(trx, booked);
  const appliedJson = JSON.stringify(applied);
  const rows = sql`jsonb_to_recordset(${appliedJson}::jsonb) AS b(center_id text, seq int,
    appointment_id text, patient_center_id text, patient_id text, request_id text,
    result text, next_center_id text, next_clinician_id text, next_provider text,
    next_starts_at timestamptz, next_ends_at timestamptz, next_modality text, next_kind text,
    next_id text)`;
  await sql`
    INSERT INTO appointments (center_id, id, clinician_id, patient_center_id, patient_id,
      request_id, starts_at, ends_at, modality, kind, replaces_id)
    SELECT next_center_id, next_id, next_clinician_id, patient_center_id, patient_id,
      request_id, next_starts_at, next_ends_at, next_modality, next_kind, appointment_id
    FROM ${rows}
    WHERE result IN ('moved-same-clinician', 'moved-other-clinician')`.execute(trx);
  await checkCaps(trx, booked);
  await sql`
    INSERT INTO referrals (center_id, id, request_id, patient_id, external_provider,
      referred_at, first_visit_at, status)
    SELECT patient_center_id, next_id, request_id, patient_id, next_provider,
      ${now}::timestamptz, next_starts_at, 'sent'
    FROM ${rows}
    WHERE result = 'referred-out' AND request_id IS NOT NULL`.execute(trx);
  await sql`
    UPDATE requests r
    SET status = CASE b.result WHEN 'referred-out' THEN 'referred' ELSE 'waitlisted' END
    FROM ${rows}
    WHERE b.result IN ('referred-out', 'unplaceable')
      AND r.center_id = b.patient_center_id AND r.id = b.request_id`.execute(trx);
  await sql`
    UPDATE stoppage_plan p
    SET applied_at = ${now}::timestamptz,
      next_id = CASE WHEN b.result = 'unplaceable' THEN NULL ELSE b.next_id END,
      result = b.result, replanned = p.replanned OR ${replanned}
    FROM ${entries}
    WHERE p.stoppage_id = ${stoppageId} AND p.center_id = b.center_id AND p.seq = b.seq`.execute(
    trx,
  );
  await insertAudit(trx, auditOf(applied, context));
  await sql`SELECT set_config(${DEFER_OUTCOMES}, 'off', true)`.execute(trx);
  const touched = applied.filter((e) => e.request_id !== null);
  if (touched.length > 0) {
    await sql`SELECT refresh_request_outcomes(
      ${touched.map((e) => e.patient_center_id)}::text[],
      ${touched.map((e) => e.request_id)}::text[])`.execute(trx);
  }
}

/** A new appointment of a batch, with the day and look-back its caps are counted over. */
interface BookedRow {
  readonly center_id: string;
  readonly clinician_id: string;
  readonly id: string;
  readonly patient_center_id: string;
  readonly patient_id: string;
  readonly request_id: string | null;
  readonly day: string;
  readonly day_start: string;
  readonly day_end: string;
  readonly since: string;
  /** Its place in the lock order. */
  readonly n: number;
}

/** The batch's new appointments, in the lock order of their clinicians. */
function bookedInLockOrder(
  applied: readonly BatchEntry[],
  nowMs: number,
  timeZone: string,
): BookedRow[] {
  return applied
    .filter((e) => e.result === 'moved-same-clinician' || e.result === 'moved-other-clinician')
    .map((e) => {
      const w = capWindow({ start: Date.parse(e.next_starts_at!), now: nowMs, timeZone });
      const row = {
        center_id: e.next_center_id!,
        clinician_id: e.next_clinician_id!,
        id: e.next_id,
        patient_center_id: e.patient_center_id,
        patient_id: e.patient_id,
        request_id: e.request_id,
        day: w.day,
        day_start: w.dayStart.toISOString(),
        day_end: w.dayEnd.toISOString(),
        since: w.since.toISOString(),
      };
      return { row, key: clinicianLockKey(row.center_id, row.clinician_id) };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ row }, n) => ({ ...row, n }));
}

/**
 * Locks the clinicians of the batch's new appointments (`FOR NO KEY UPDATE`, as a
 * booking does) in lock order: the array is in that order, and the rows are locked as
 * the scan of it reaches them.
 */
async function lockClinicians(
  trx: Transaction<Database>,
  booked: readonly BookedRow[],
): Promise<void> {
  if (booked.length === 0) return;
  const clinicians = booked
    .filter(
      (b, i) =>
        i === 0 ||
        clinicianLockKey(b.center_id, b.clinician_id) !==
          clinicianLockKey(booked[i - 1]!.center_id, booked[i - 1]!.clinician_id),
    )
    .map(({ center_id, clinician_id, n }) => ({ center_id, clinician_id, n }));
  await sql`
    SELECT k.id FROM jsonb_to_recordset(${JSON.stringify(clinicians)}::jsonb)
      AS c(center_id text, clinician_id text, n int)
    CROSS JOIN LATERAL (
      SELECT id FROM clinicians k
      WHERE k.center_id = c.center_id AND k.id = c.clinician_id
      FOR NO KEY UPDATE) k
    ORDER BY c.n`.execute(trx);
}

/**
 * Counts the caps again for each appointment the batch inserted, with everything else
 * booked counted (the batch's other appointments too); throws `CapRefused` when any is
 * refused, which rolls the batch back.
 */
async function checkCaps(trx: Transaction<Database>, booked: readonly BookedRow[]): Promise<void> {
  if (booked.length === 0) return;
  // Each new appointment is left out of its own count (p_exclude): the others must leave
  // room for it. Only appointments with a clinician who has a cap on the day (or is no
  // longer active) are counted: the others cannot break one, and a large network's
  // strike moves tens of thousands. Their clinicians are locked already (`lockClinicians`).
  const { rows } = await sql<{ id: string; refused: string | null }>`
    SELECT c.id, clinician_cap_refusal(c.center_id, c.clinician_id, c.day, c.day_start,
      c.day_end, c.patient_center_id, c.patient_id,
      (SELECT r.prior_clinician_id FROM requests r
        WHERE r.center_id = c.patient_center_id AND r.id = c.request_id),
      c.id, c.since) AS refused
    FROM jsonb_to_recordset(${JSON.stringify(booked)}::jsonb) AS c(
      center_id text, clinician_id text, id text, patient_center_id text, patient_id text,
      request_id text, day date, day_start timestamptz, day_end timestamptz,
      since timestamptz, n int)
    WHERE EXISTS (
        SELECT 1 FROM clinicians k
        WHERE k.center_id = c.center_id AND k.id = c.clinician_id
          AND (k.caseload_cap IS NOT NULL OR k.active IS NOT TRUE))
      OR EXISTS (
        SELECT 1 FROM templates t
        WHERE t.center_id = c.center_id AND t.clinician_id = c.clinician_id
          AND t.daily_visit_cap IS NOT NULL AND t.effective_from <= c.day
          AND (t.effective_to IS NULL OR t.effective_to >= c.day))
    ORDER BY c.n`.execute(trx);
  const refusals = rows.flatMap((r) =>
    r.refused === null ? [] : [{ id: r.id, refused: r.refused }],
  );
  if (refusals.length > 0) throw new CapRefused(refusals);
}

/** Each change of an applied entry: the old appointment, and what replaced it. */
function auditOf(applied: readonly BatchEntry[], context: AuditContext): NewAuditEvent[] {
  const events: NewAuditEvent[] = [];
  for (const e of applied) {
    const patient = { centerId: e.patient_center_id, id: e.patient_id };
    const detail = { stoppage: e.next_id.slice(0, e.next_id.lastIndexOf(':')), result: e.result };
    events.push(
      auditRecord(context, {
        action: 'U',
        entityType: 'Appointment',
        entityId: e.appointment_id,
        centerId: e.center_id,
        patient,
        detail,
      }),
    );
    if (e.result === 'moved-same-clinician' || e.result === 'moved-other-clinician') {
      events.push(
        auditRecord(context, {
          action: 'C',
          entityType: 'Appointment',
          entityId: e.next_id,
          centerId: e.next_center_id,
          patient,
          detail,
        }),
      );
    } else if (e.request_id !== null) {
      events.push(
        auditRecord(context, {
          action: 'U',
          entityType: 'Request',
          entityId: e.request_id,
          centerId: e.patient_center_id,
          patient,
          detail,
        }),
      );
      if (e.result === 'referred-out') {
        events.push(
          auditRecord(context, {
            action: 'C',
            entityType: 'Referral',
            entityId: e.next_id,
            centerId: e.patient_center_id,
            patient,
            detail,
          }),
        );
      }
    }
  }
  return events;
}

/** Audit rows as one JSON parameter (the columns given; the rest take their defaults). */
async function insertAudit(trx: Transaction<Database>, events: readonly NewAuditEvent[]) {
  if (events.length === 0) return;
  await sql`
    INSERT INTO audit_events (center_id, actor_user_id, actor_role, action, entity_type,
      entity_id, outcome, detail, patient_center_id, patient_id, source_address, request_id)
    SELECT e.center_id, e.actor_user_id, e.actor_role, e.action, e.entity_type, e.entity_id,
      e.outcome, e.detail, e.patient_center_id, e.patient_id, e.source_address, e.request_id
    FROM jsonb_populate_recordset(NULL::audit_events, ${JSON.stringify(events)}::jsonb) e`.execute(
    trx,
  );
}
