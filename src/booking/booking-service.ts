/**
 * The booking service: the booking engine over the database. The engine decides (which
 * slot fits a request, by the booking policy); the database guarantees (no double
 * booking, caps re-checked, nothing half-written). No HTTP here: the API's booking
 * endpoints call these functions and map the results (a conflict is a 409 with the
 * next options).
 *
 * The engine is compiled once per process and kept current (network-cache.ts): its own
 * writes are applied as they commit, other processes' writes are read from the change
 * log before each call. Any number of processes may run it against one database: the
 * database still decides every booking. Every write is one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, NewAuditEvent, RequestsTable } from '../db/schema.ts';
import { SQL_STATE, sqlStateOf } from '../db/sql-state.ts';
import type { RequestInput } from '../engine/booking/model.ts';
import type { BookingEvaluation } from '../engine/booking/outcomes.ts';
import type { BookingPolicy } from '../engine/booking/policy.ts';
import type { WaitlistReason } from '../engine/booking/request-table.ts';
import { TimelyError } from '../engine/errors.ts';
import { BusinessCalendar, CALIFORNIA, type CalendarDefinition } from '../engine/rules/calendar.ts';
import { evaluate } from '../engine/rules/evaluation.ts';
import { californiaStandards, type StandardsTable } from '../engine/rules/standards.ts';
import type { Instant } from '../engine/time.ts';
import { BookingBatches } from './booking-batches.ts';
import { type AppointmentRow, insertAppointment } from './booking-rows.ts';
import {
  BookingConflict,
  type CapCheck,
  type ConflictReason,
  lockAndCheckCaps,
} from './cap-checks.ts';
import {
  claimCall,
  claimedResult,
  findEarlierResult,
  type KeyedCall,
  keyedCall,
} from './idempotency.ts';
import { type CachedNetwork, type NetworkCache, networkCacheFor } from './network-cache.ts';
import { rankOptions, type SlotOption } from './options.ts';
import { lookUpPatientCenter } from './patient-center.ts';
import { retrying, withTransaction } from './transaction.ts';

/** A request to place: the engine's request, its id optional (one is made up). */
export type BookingRequest = Omit<RequestInput, 'id'> & { id?: string | undefined };

/** An appointment row as the service reports it (times in epoch ms, like the engine). */
export interface BookedAppointment extends AppointmentRow {
  readonly status: 'booked' | 'completed' | 'cancelled' | 'no-show';
}

/** What every result carries: the standard, the deadline in force and an evaluation. */
interface Judged {
  readonly requestId: string;
  readonly standard: string;
  readonly deadline: number;
  readonly evaluation: BookingEvaluation;
}

export interface OptionsResult extends Judged {
  /** Earliest fitting slots in the engine's order of preference (first = its choice). */
  readonly options: readonly SlotOption[];
  /** Why there is no option at all (the request would wait), else null. */
  readonly waitlistReason: WaitlistReason | null;
}

export type BookResult =
  | (Judged & {
      readonly kind: 'booked';
      readonly appointment: BookedAppointment;
      readonly replayed: boolean;
    })
  | (Judged & {
      readonly kind: 'waitlisted';
      readonly reason: WaitlistReason;
      readonly replayed: boolean;
    })
  | ConflictResult;

export interface ConflictResult extends Judged {
  readonly kind: 'conflict';
  readonly reason: ConflictReason;
  /** The next options, read after the losing transaction rolled back. */
  readonly options: readonly SlotOption[];
}

export interface CancelResult extends Judged {
  readonly kind: 'cancelled';
  readonly appointment: BookedAppointment;
}

export type RescheduleResult =
  | (Judged & {
      readonly kind: 'rescheduled';
      readonly previous: BookedAppointment;
      readonly appointment: BookedAppointment;
    })
  /** Nothing fits in the horizon: the appointment is kept as it was. */
  | (Judged & {
      readonly kind: 'unchanged';
      readonly appointment: BookedAppointment;
      readonly reason: WaitlistReason;
    })
  | ConflictResult;

/** One record of a member's care a write created or changed, for the audit trail. */
export interface RecordChange {
  readonly action: 'C' | 'U';
  readonly entityType: 'Request' | 'Appointment';
  readonly entityId: string;
  /** The center the record belongs to. */
  readonly centerId: string;
  readonly patient: { readonly centerId: string; readonly id: string };
}

/**
 * Writes the audit events of a write's changes, inside the write's own transaction (so
 * the change and its trace commit or roll back together). The service knows what it
 * changed; the caller knows who asked (the HTTP request).
 */
export type AuditWriter = (
  trx: Transaction<Database>,
  changes: readonly RecordChange[],
) => Promise<void>;

/**
 * The same events as rows, for the service to insert itself: a booking then writes them
 * in the statement that inserts the booking (one round trip fewer), still in its
 * transaction.
 */
export interface AuditRows {
  readonly rowsOf: (changes: readonly RecordChange[]) => readonly NewAuditEvent[];
}

/** A stored request's options, with the member it belongs to. */
export type StoredOptions = OptionsResult & {
  readonly patient: { readonly centerId: string; readonly id: string };
};

export interface WriteOptions {
  readonly audit?: AuditWriter | AuditRows | undefined;
}

export interface BookOptions extends WriteOptions {
  /** A retry with the same key (and body) returns the first result and creates nothing. */
  readonly idempotencyKey?: string | undefined;
  /** The option the client picked; without it the engine's first choice is booked. */
  readonly slot?: { readonly clinicianId: string; readonly start: number } | undefined;
}

/**
 * A booking of a new request: its audit events are written as rows by the booking's
 * one statement, so they come as rows, not as a writer that needs a transaction.
 */
export type NewBookingOptions = Omit<BookOptions, 'audit'> & {
  readonly audit?: AuditRows | undefined;
};

export interface BookingServiceOptions {
  /** The clock (epoch ms); `Date.now` by default. */
  readonly now?: () => number;
  /** Days from today the engine opens slots on (default 90). */
  readonly horizonDays?: number;
  /** How many options a result lists (default 5). */
  readonly optionCount?: number;
  /** How deep a picked slot is looked for among the options (default 50). */
  readonly slotSearchDepth?: number;
  readonly calendar?: CalendarDefinition;
  readonly standards?: StandardsTable;
  readonly policy?: Partial<BookingPolicy>;
}

const BOOK = 'book';
const BOOK_STORED = 'book-stored';

export class BookingService {
  private readonly now: () => number;
  private readonly horizonDays: number;
  private readonly optionCount: number;
  private readonly slotSearchDepth: number;
  private readonly calendarDefinition: CalendarDefinition;
  private readonly calendar: BusinessCalendar;
  private readonly standards: StandardsTable;
  private readonly policy: Partial<BookingPolicy>;
  private readonly cache: NetworkCache;
  private readonly batches: BookingBatches;

  constructor(
    private readonly db: Kysely<Database>,
    options: BookingServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.horizonDays = options.horizonDays ?? 90;
    this.optionCount = options.optionCount ?? 5;
    this.slotSearchDepth = Math.max(options.slotSearchDepth ?? 50, this.optionCount);
    this.calendarDefinition = options.calendar ?? CALIFORNIA;
    this.calendar = new BusinessCalendar(this.calendarDefinition);
    this.standards = options.standards ?? californiaStandards;
    this.policy = options.policy ?? {};
    this.batches = new BookingBatches(db);
    this.cache = networkCacheFor(db, {
      now: this.now,
      horizonDays: this.horizonDays,
      calendar: this.calendarDefinition,
      timeZone: this.calendar.timeZone,
      standards: this.standards,
      policy: this.policy,
    });
  }

  /** The engine's options for a request: standard, deadline, earliest fitting slots. */
  async findOptions(input: BookingRequest): Promise<OptionsResult> {
    const request = withId(input);
    const network = await this.cache.current();
    return this.rank(network, request, this.optionCount, this.now());
  }

  /**
   * Books a request in one transaction: the request row and the appointment the engine
   * chose (or the picked `slot`, if it is one of the request's options). Caps are
   * re-checked under the clinician's row lock; the exclusion constraint has the last
   * word. A lost race or a cap is a `conflict` result with the next options, and
   * nothing is written. A request nothing fits is stored as waitlisted.
   */
  async book(input: BookingRequest, options: NewBookingOptions = {}): Promise<BookResult> {
    const request = withId(input);
    // The named center is presumed the patient's; the request row's foreign key checks it.
    const presumed = request.center;
    try {
      return await this.bookOnce(
        input,
        request,
        options,
        presumed ?? (await lookUpPatientCenter(this.db, request)),
      );
    } catch (error) {
      if (presumed === undefined || sqlStateOf(error) !== SQL_STATE.foreignKeyViolation) {
        throw error;
      }
      // Not that center's patient (or no one's): look up, and book again with what is found.
      return this.bookOnce(input, request, options, await lookUpPatientCenter(this.db, request));
    }
  }

  private async bookOnce(
    input: BookingRequest,
    request: RequestInput,
    options: NewBookingOptions,
    patientCenterId: string,
  ): Promise<BookResult> {
    const call = keyedCall(BOOK, options.idempotencyKey, { request: input, slot: options.slot });
    const earlier = await findEarlierResult(this.db, call);
    if (earlier) return replay(earlier.result);
    const network = await this.cache.current();
    const now = this.now();
    const ranked = this.rank(network, request, options.slot ? this.slotSearchDepth : 1, now);
    const choice = pickedOption(ranked, options.slot);
    if (options.slot && !choice) {
      // Refused before anything is written: an unknown patient is still a 404 first.
      await lookUpPatientCenter(this.db, request);
      return this.refusePick(network, request, options.slot);
    }
    // The request row is created with the booking.
    const placement = placementOf(ranked, choice, 'C', {
      requestId: request.id,
      patientCenterId,
      patientId: request.patientId,
    });
    const { appointment, changes } = placement;
    const requestRow = {
      request,
      centerId: patientCenterId,
      standardDeadline: ranked.evaluation.standardDeadline,
      status: appointment ? 'booked' : 'waitlisted',
    } as const;
    try {
      const claimed = await retrying(() =>
        this.batches.book({
          request: requestRow,
          appointment: appointment && {
            row: appointment,
            check: this.capCheck(appointment, request.priorClinician ?? null, null, now),
          },
          audit: options.audit?.rowsOf(changes) ?? [],
          key: call && { call, result: placement.result },
        }),
      );
      if (claimed) return replay(await claimedResult(this.db, call!));
      if (appointment) this.cache.held(appointment);
      return placement.result;
    } catch (error) {
      const reason = conflictReasonOf(error);
      if (reason !== undefined) return this.conflict(request, reason);
      if (sqlStateOf(error) === SQL_STATE.uniqueViolation) {
        throw new TimelyError('FIELD_INVALID', `request "${request.id}" already exists`, {
          path: 'id',
        });
      }
      throw error;
    }
  }

  /**
   * The engine's options for a stored request (one waiting in the queue), and whose
   * request it is: reading it is a read of the member's care, which the caller audits.
   */
  async findOptionsForStored(ref: RecordRef): Promise<StoredOptions> {
    const stored = await readStoredRequest(this.db, ref);
    const network = await this.cache.current();
    const ranked = this.rank(
      network,
      requestFromRow(stored, network, undefined),
      this.optionCount,
      this.now(),
    );
    return { ...ranked, patient: { centerId: stored.center_id, id: stored.patient_id } };
  }

  /**
   * Books a stored request that is still open or waitlisted: the engine's choice or the
   * picked `slot`. One transaction locks the request (so two schedulers cannot both
   * book it), re-checks the caps under the clinician's lock, inserts the appointment and
   * marks the request booked. A request nothing fits is marked waitlisted.
   */
  async bookStored(ref: RecordRef, options: BookOptions = {}): Promise<BookResult> {
    const call = keyedCall(BOOK_STORED, options.idempotencyKey, { ref, slot: options.slot });
    const earlier = await findEarlierResult(this.db, call);
    if (earlier) return replay(earlier.result);
    const row = await readStoredRequest(this.db, ref);
    assertWaiting(row);
    const network = await this.cache.current();
    const now = this.now();
    const request = requestFromRow(row, network, undefined);
    const ranked = this.rank(network, request, options.slot ? this.slotSearchDepth : 1, now);
    const choice = pickedOption(ranked, options.slot);
    if (options.slot && !choice) return this.refusePick(network, request, options.slot);
    // A stored request lives in its patient's center; the booking updates it.
    const placement = placementOf(ranked, choice, 'U', {
      requestId: row.id,
      patientCenterId: row.center_id,
      patientId: row.patient_id,
    });
    const { appointment, changes } = placement;
    return this.commitBooking(request, call, placement, async (trx) => {
      // The request first, then the clinician (no path locks them the other way round).
      assertWaiting(await readStoredRequest(trx, ref, true));
      if (appointment) {
        const check = this.capCheck(appointment, request.priorClinician ?? null, null, now);
        await lockAndCheckCaps(trx, check);
        await insertAppointment(trx, appointment);
      }
      await trx
        .updateTable('requests')
        .set({ status: appointment ? 'booked' : 'waitlisted' })
        .where('center_id', '=', row.center_id)
        .where('id', '=', row.id)
        .execute();
      await writeAudit(trx, options.audit, changes);
    });
  }

  /**
   * A booking's one transaction: the idempotency key claimed first (if a concurrent call
   * with the key committed, its result is the answer and nothing is written), then
   * `write`. Once committed, the new appointment is held in this process's network. A
   * cap or a lost race rolls everything back and is a conflict with the next options.
   */
  private async commitBooking(
    request: RequestInput,
    call: KeyedCall | undefined,
    { appointment, result }: Placement,
    write: (trx: Transaction<Database>) => Promise<void>,
  ): Promise<BookResult> {
    try {
      const written = await withTransaction(this.db, async (trx) => {
        const claimed = await claimCall(trx, call, result);
        if (claimed) return replay(claimed.result);
        await write(trx);
        return result;
      });
      if (written === result && appointment) this.cache.held(appointment);
      return written;
    } catch (error) {
      const reason = conflictReasonOf(error);
      if (reason === undefined) throw error;
      return this.conflict(request, reason);
    }
  }

  /**
   * A picked slot that is not among the request's options: a conflict when it was taken
   * meanwhile, refused when it never was one.
   */
  private async refusePick(
    network: CachedNetwork,
    request: RequestInput,
    slot: PickedSlot,
  ): Promise<ConflictResult> {
    if (!network.engine.slotTaken(slot.clinicianId, slot.start)) {
      throw new TimelyError(
        'FIELD_INVALID',
        `slot: ${slot.clinicianId} at ${new Date(slot.start).toISOString()} is not an option for this request`,
        { path: 'slot' },
      );
    }
    return this.conflict(request, 'slot-taken');
  }

  /** The caps to re-check, under the clinician's lock, before `appointment` is inserted. */
  private capCheck(
    appointment: BookedAppointment,
    priorClinicianId: string | null,
    excludeAppointmentId: string | null,
    now: number,
  ): CapCheck {
    return {
      centerId: appointment.centerId,
      clinicianId: appointment.clinicianId,
      patientCenterId: appointment.patientCenterId,
      patientId: appointment.patientId,
      start: appointment.start,
      priorClinicianId,
      excludeAppointmentId,
      now,
      timeZone: this.calendar.timeZone,
    };
  }

  /**
   * Cancels a booked appointment and closes its request, in one transaction. `by` says
   * who called it off (the plan unless told: the breach list reads a member's
   * cancellation as the member declining).
   */
  async cancel(
    appointmentId: string,
    options: WriteOptions & { by?: 'member' | 'plan' | undefined } = {},
  ): Promise<CancelResult> {
    const now = this.now();
    const result = await withTransaction(this.db, async (trx) => {
      const row = await lockLiveAppointment(trx, appointmentId);
      const cancelledAt = new Date(now);
      await trx
        .updateTable('appointments')
        .set({ status: 'cancelled', cancelled_at: cancelledAt, cancelled_by: options.by ?? 'plan' })
        .where('center_id', '=', row.center_id)
        .where('id', '=', row.id)
        .execute();
      const request = row.request_id === null ? undefined : await readRequest(trx, row);
      if (request) {
        await trx
          .updateTable('requests')
          .set({ status: 'cancelled' })
          .where('center_id', '=', request.center_id)
          .where('id', '=', request.id)
          .execute();
      }
      const appointment = { ...appointmentOf(row), status: 'cancelled' as const };
      const patient = { centerId: row.patient_center_id, id: row.patient_id };
      await writeAudit(trx, options.audit, [
        {
          action: 'U',
          entityType: 'Appointment',
          entityId: row.id,
          centerId: row.center_id,
          patient,
        },
        ...(request
          ? [
              {
                action: 'U' as const,
                entityType: 'Request' as const,
                entityId: request.id,
                centerId: request.center_id,
                patient,
              },
            ]
          : []),
      ]);
      return {
        kind: 'cancelled' as const,
        appointment,
        ...this.judge(request, row.starts_at.getTime(), now, row.id),
      };
    });
    // Committed: the time is free for this process's next call at once.
    this.cache.released(result.appointment.centerId, result.appointment.id);
    return result;
  }

  /**
   * Moves a booked appointment: the engine re-places its request on the network without
   * it, its own clinician first (as the engine's `reschedule` does), from `notBefore`
   * on when given. One transaction releases the old appointment and books the new one;
   * a lost race is a conflict with the next options and changes nothing.
   */
  async reschedule(
    appointmentId: string,
    options: WriteOptions & { notBefore?: number | undefined } = {},
  ): Promise<RescheduleResult> {
    const row = await this.db
      .selectFrom('appointments')
      .selectAll()
      .where('id', '=', appointmentId)
      .executeTakeFirst();
    if (!row) throw notFound(appointmentId);
    if (row.status !== 'booked') throw notLive(appointmentId, row.status);
    const stored = row.request_id === null ? undefined : await readRequest(this.db, row);
    if (!stored) {
      throw new TimelyError(
        'FIELD_INVALID',
        `appointment "${appointmentId}" has no request to re-place`,
        { path: 'appointmentId' },
      );
    }
    const network = await this.cache.current();
    const now = this.now();
    const request = requestFromRow(stored, network, options.notBefore);
    const previous = appointmentOf(row);
    const ranked = this.cache.without(network, previous, () =>
      this.rank(network, request, this.slotSearchDepth, now),
    );
    // The engine's `reschedule` prefers the appointment's clinician when they have a slot
    // inside the deadline, then places by policy; its public `place` has no such
    // preference for requests other than follow-ups, so it is applied to the ranking.
    const choice =
      ranked.options.find(
        (o) => o.clinicianId === row.clinician_id && o.start <= ranked.deadline,
      ) ?? ranked.options[0];
    if (!choice) {
      return {
        kind: 'unchanged',
        appointment: previous,
        reason: ranked.waitlistReason!,
        ...this.judge(stored, row.starts_at.getTime(), now, row.id),
      };
    }
    const appointment = newAppointment(choice, {
      patientCenterId: row.patient_center_id,
      patientId: row.patient_id,
      requestId: row.request_id,
      replacesId: row.id,
    });
    try {
      const moved = await withTransaction(this.db, async (trx) => {
        // Old appointment first, then the new clinician: every path locks in this order.
        await lockLiveAppointment(trx, appointmentId);
        await lockAndCheckCaps(trx, this.capCheck(appointment, row.clinician_id, row.id, now));
        await trx
          .updateTable('appointments')
          .set({ status: 'cancelled', cancelled_at: new Date(now) })
          .where('center_id', '=', row.center_id)
          .where('id', '=', row.id)
          .execute();
        await insertAppointment(trx, appointment);
        const patient = { centerId: row.patient_center_id, id: row.patient_id };
        await writeAudit(trx, options.audit, [
          {
            action: 'U',
            entityType: 'Appointment',
            entityId: row.id,
            centerId: row.center_id,
            patient,
          },
          appointmentCreated(appointment, patient),
        ]);
        return {
          kind: 'rescheduled' as const,
          previous: { ...previous, status: 'cancelled' as const },
          appointment,
          ...judgedOf(ranked),
          evaluation: choice.evaluation,
        };
      });
      this.cache.released(row.center_id, row.id);
      this.cache.held(appointment);
      return moved;
    } catch (error) {
      const reason = conflictReasonOf(error);
      if (reason === undefined) throw error;
      const fresh = await this.cache.current();
      return {
        kind: 'conflict',
        reason,
        ...this.cache.without(fresh, previous, () => this.rankedConflict(fresh, request)),
      };
    }
  }

  private rank(
    network: CachedNetwork,
    request: RequestInput,
    count: number,
    now: number,
  ): OptionsResult {
    const ranked = rankOptions(network.engine, request, network.clinicians, count, now);
    return {
      ...judgedOfEvaluation(request.id, ranked.evaluation),
      options: ranked.options,
      waitlistReason: ranked.waitlistReason,
    };
  }

  private async conflict(request: RequestInput, reason: ConflictReason): Promise<ConflictResult> {
    const network = await this.cache.current();
    return { kind: 'conflict', reason, ...this.rankedConflict(network, request) };
  }

  private rankedConflict(
    network: CachedNetwork,
    request: RequestInput,
  ): Judged & { options: readonly SlotOption[] } {
    const ranked = this.rank(network, request, this.optionCount, this.now());
    return { ...judgedOf(ranked), options: ranked.options };
  }

  /** Standard, deadline and evaluation of a stored request, by the rules engine. */
  private judge(
    request: RequestRow | undefined,
    appointmentStart: number,
    now: number,
    appointmentId: string,
  ): Judged {
    if (!request) {
      throw new TimelyError('FIELD_INVALID', `appointment "${appointmentId}" has no request`, {
        path: 'appointmentId',
      });
    }
    const extension =
      request.extension_deadline && request.extension_reason && request.extension_recorded_at
        ? {
            deadline: request.extension_deadline.getTime() as Instant,
            reason: request.extension_reason,
            recordedBy: request.extension_recorded_by ?? '',
            recordedAt: request.extension_recorded_at.getTime() as Instant,
          }
        : undefined;
    const e = evaluate(
      {
        standard: this.standards.get(request.standard),
        clockStart: request.clock_start.getTime() as Instant,
        appointmentStart: appointmentStart as Instant,
        extension,
        now: now as Instant,
      },
      this.calendar,
    );
    const evaluation: BookingEvaluation = {
      standard: e.standardId,
      clockStart: e.clockStart,
      deadline: e.deadline,
      standardDeadline: e.standardDeadline,
      met: e.met,
      waitHours: e.waitHours,
      waitBusinessDays: e.waitBusinessDays,
      status: e.status === 'at-risk' ? 'open' : e.status,
    };
    return { requestId: request.id, standard: e.standardId, deadline: e.deadline, evaluation };
  }
}

/** Writes a change's audit events in the write's transaction, in whichever form the caller gave. */
async function writeAudit(
  trx: Transaction<Database>,
  audit: AuditWriter | AuditRows | undefined,
  changes: readonly RecordChange[],
): Promise<void> {
  if (audit === undefined) return;
  if (!('rowsOf' in audit)) return audit(trx, changes);
  const rows = audit.rowsOf(changes);
  if (rows.length > 0)
    await trx
      .insertInto('audit_events')
      .values([...rows])
      .execute();
}

type RequestRow = Awaited<ReturnType<typeof readRequest>> & {};

function withId(input: BookingRequest): RequestInput {
  return { ...input, id: input.id ?? randomUUID() } as RequestInput;
}

function replay(result: unknown): BookResult {
  return { ...(result as BookResult), replayed: true } as BookResult;
}

/** The slot a client picked, as `BookOptions.slot` gives it. */
type PickedSlot = NonNullable<BookOptions['slot']>;

/** The picked slot among the options (undefined if it is not one), else the engine's choice. */
function pickedOption(ranked: OptionsResult, slot: PickedSlot | undefined): SlotOption | undefined {
  if (!slot) return ranked.options[0];
  return ranked.options.find((o) => o.clinicianId === slot.clinicianId && o.start === slot.start);
}

/** Whose a new appointment is, and what it answers. */
interface AppointmentFor {
  readonly patientCenterId: string;
  readonly patientId: string;
  readonly requestId: string | null;
  readonly replacesId: string | null;
}

function newAppointment(choice: SlotOption, owner: AppointmentFor): BookedAppointment {
  return {
    id: randomUUID(),
    centerId: choice.centerId,
    clinicianId: choice.clinicianId,
    patientCenterId: owner.patientCenterId,
    patientId: owner.patientId,
    requestId: owner.requestId,
    start: choice.start,
    end: choice.end,
    modality: choice.modality,
    kind: choice.kind,
    status: 'booked',
    replacesId: owner.replacesId,
  };
}

/** The request a booking places, and whose it is. */
interface PlacedRequest {
  readonly requestId: string;
  readonly patientCenterId: string;
  readonly patientId: string;
}

/**
 * A booking before it is written: the appointment to insert (none if the request
 * waits), the result, and the changes to audit (the request, and the appointment).
 */
interface Placement {
  readonly appointment: BookedAppointment | undefined;
  readonly result: BookResult;
  readonly changes: readonly RecordChange[];
}

/**
 * Books `choice` for a request, or with no choice waitlists it; `requestAction` says
 * whether the booking creates the request's row or updates a stored one.
 */
function placementOf(
  ranked: OptionsResult,
  choice: SlotOption | undefined,
  requestAction: RecordChange['action'],
  placed: PlacedRequest,
): Placement {
  const judged = judgedOf(ranked);
  const patient = { centerId: placed.patientCenterId, id: placed.patientId };
  const requestChange: RecordChange = {
    action: requestAction,
    entityType: 'Request',
    entityId: placed.requestId,
    centerId: placed.patientCenterId,
    patient,
  };
  if (!choice) {
    return {
      appointment: undefined,
      result: { ...judged, kind: 'waitlisted', reason: ranked.waitlistReason!, replayed: false },
      changes: [requestChange],
    };
  }
  const appointment = newAppointment(choice, { ...placed, replacesId: null });
  return {
    appointment,
    result: {
      ...judged,
      kind: 'booked',
      appointment,
      evaluation: choice.evaluation,
      replayed: false,
    },
    changes: [requestChange, appointmentCreated(appointment, patient)],
  };
}

function appointmentCreated(
  appointment: BookedAppointment,
  patient: RecordChange['patient'],
): RecordChange {
  return {
    action: 'C',
    entityType: 'Appointment',
    entityId: appointment.id,
    centerId: appointment.centerId,
    patient,
  };
}

/** The conflict a failed booking transaction stands for (a cap, or a lost race), if any. */
function conflictReasonOf(error: unknown): ConflictReason | undefined {
  if (error instanceof BookingConflict) return error.reason;
  if (sqlStateOf(error) === SQL_STATE.exclusionViolation) return 'slot-taken';
  return undefined;
}

function judgedOf(ranked: OptionsResult): Judged {
  return {
    requestId: ranked.requestId,
    standard: ranked.standard,
    deadline: ranked.deadline,
    evaluation: ranked.evaluation,
  };
}

function judgedOfEvaluation(requestId: string, evaluation: BookingEvaluation): Judged {
  return { requestId, standard: evaluation.standard, deadline: evaluation.deadline, evaluation };
}

async function lockLiveAppointment(trx: Transaction<Database>, appointmentId: string) {
  const row = await trx
    .selectFrom('appointments')
    .selectAll()
    .where('id', '=', appointmentId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound(appointmentId);
  if (row.status !== 'booked') throw notLive(appointmentId, row.status);
  return row;
}

function readRequest(
  db: Kysely<Database> | Transaction<Database>,
  row: { patient_center_id: string; request_id: string | null },
) {
  return db
    .selectFrom('requests')
    .selectAll()
    .where('center_id', '=', row.patient_center_id)
    .where('id', '=', row.request_id ?? '')
    .executeTakeFirst();
}

function requestFromRow(
  row: RequestRow,
  network: CachedNetwork,
  notBefore: number | undefined,
): RequestInput {
  return requestInputOf(row, network.clinicians, notBefore);
}

/** The columns of a stored request the engine reads. */
type RequestColumns = Pick<
  Selectable<RequestsTable>,
  | 'id'
  | 'center_id'
  | 'patient_id'
  | 'type'
  | 'standard'
  | 'language'
  | 'modality'
  | 'max_travel_km'
  | 'prior_clinician_id'
  | 'extension_reason'
  | 'extension_recorded_by'
>;
type StoredInstant = Date | number;

/**
 * The columns of a stored request the engine reads; instants as the driver gives them
 * or as epoch ms (the disruption plan reads a network's requests as numbers).
 */
export interface StoredRequest extends RequestColumns {
  readonly clock_start: StoredInstant;
  readonly not_before: StoredInstant | null;
  readonly extension_deadline: StoredInstant | null;
  readonly extension_recorded_at: StoredInstant | null;
}

const ms = (t: StoredInstant): number => (typeof t === 'number' ? t : t.getTime());

/**
 * The engine's request for a stored one; its prior clinician is kept when the engine
 * knows them (`clinicians`), else the request is placed as if it had none.
 */
export function requestInputOf(
  row: StoredRequest,
  clinicians: ReadonlyMap<string, unknown>,
  notBefore: number | undefined,
): RequestInput {
  const prior =
    row.prior_clinician_id !== null && clinicians.has(row.prior_clinician_id)
      ? row.prior_clinician_id
      : undefined;
  const after = notBefore ?? (row.not_before === null ? undefined : ms(row.not_before));
  return {
    id: row.id,
    patientId: row.patient_id,
    type: row.type,
    standard: row.standard,
    clockStart: ms(row.clock_start),
    ...(after === undefined ? {} : { notBefore: after }),
    language: row.language,
    modality: row.modality,
    center: row.center_id,
    ...(row.max_travel_km === null ? {} : { maxTravelKm: row.max_travel_km }),
    ...(prior === undefined ? {} : { priorClinician: prior }),
    ...(row.extension_deadline && row.extension_reason && row.extension_recorded_at
      ? {
          extension: {
            deadline: ms(row.extension_deadline),
            reason: row.extension_reason,
            recordedBy: row.extension_recorded_by ?? '',
            recordedAt: ms(row.extension_recorded_at),
          },
        }
      : {}),
  };
}

function appointmentOf(row: {
  center_id: string;
  id: string;
  clinician_id: string;
  patient_center_id: string;
  patient_id: string;
  request_id: string | null;
  starts_at: Date;
  ends_at: Date;
  modality: 'in-person' | 'video';
  kind: 'intake' | 'followup';
  status: 'booked' | 'completed' | 'cancelled' | 'no-show';
  replaces_id: string | null;
}): BookedAppointment {
  return {
    id: row.id,
    centerId: row.center_id,
    clinicianId: row.clinician_id,
    patientCenterId: row.patient_center_id,
    patientId: row.patient_id,
    requestId: row.request_id,
    start: row.starts_at.getTime(),
    end: row.ends_at.getTime(),
    modality: row.modality,
    kind: row.kind,
    status: row.status,
    replacesId: row.replaces_id,
  };
}

function notFound(appointmentId: string): TimelyError {
  return new TimelyError('NOT_FOUND', `appointment "${appointmentId}" is unknown`, {
    path: 'appointmentId',
  });
}

function notLive(appointmentId: string, status: string): TimelyError {
  return new TimelyError(
    'FIELD_INVALID',
    `appointment "${appointmentId}" is ${status}, not booked`,
    {
      path: 'appointmentId',
    },
  );
}

/** A stored record's key: its center and its id. */
export interface RecordRef {
  readonly centerId: string;
  readonly id: string;
}

/** Statuses a stored request can still be booked from. */
const WAITING = new Set(['open', 'waitlisted']);

async function readStoredRequest(
  db: Kysely<Database> | Transaction<Database>,
  ref: RecordRef,
  lock = false,
) {
  const query = db
    .selectFrom('requests')
    .selectAll()
    .where('center_id', '=', ref.centerId)
    .where('id', '=', ref.id);
  const row = await (lock ? query.forUpdate() : query).executeTakeFirst();
  if (!row) {
    throw new TimelyError('NOT_FOUND', `request "${ref.centerId}/${ref.id}" is unknown`, {
      path: 'requestId',
    });
  }
  return row;
}

function assertWaiting(row: { center_id: string; id: string; status: string }): void {
  if (!WAITING.has(row.status)) {
    throw new TimelyError(
      'FIELD_INVALID',
      `request "${row.center_id}/${row.id}" is ${row.status}, not open or waitlisted`,
      { path: 'requestId' },
    );
  }
}
