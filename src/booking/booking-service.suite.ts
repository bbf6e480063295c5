/**
 * The booking-service suite, run on every back end (`booking-service.pglite.int.test.ts`,
 * `booking-service.postgres.int.test.ts`). One throw-away database per file, seeded with
 * the fixture network; tests use disjoint patients, and each one that counts rows
 * re-reads them from the database.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/schema.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { BookingEngine } from '../engine/booking/engine.ts';
import type { RequestInput } from '../engine/booking/model.ts';
import { HORIZON_DAYS, NETWORK, NOW, openBookingFixture } from './booking-fixture.ts';
import { bookRequest } from './booking-rows.ts';
import { type BookingRequest, BookingService } from './booking-service.ts';
import { BookingConflict } from './cap-checks.ts';

export interface SuiteOptions {
  /** How many concurrent `book` calls the race test fires. */
  readonly racers: number;
}

let sequence = 0;
function intake(patient: number, extra: Partial<BookingRequest> = {}): BookingRequest {
  return {
    id: `r-${patient}-${++sequence}`,
    patientId: `p-${patient}`,
    type: 'routine-intake',
    standard: 'nonurgent-nonphysician-mh',
    clockStart: NOW,
    center: 'north',
    ...extra,
  };
}

export function describeBookingService(
  open: () => Promise<TestDatabase>,
  { racers }: SuiteOptions,
): void {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let service: BookingService;

  beforeAll(async () => {
    ({ database, db, service } = await openBookingFixture(open));
  }, 60_000);

  afterAll(async () => {
    await database?.dispose();
  });

  it('finds the options the engine alone finds on the same network', async () => {
    const request = intake(1) as RequestInput;
    const found = await service.findOptions(request);

    const engine = new BookingEngine(NETWORK);
    const expected = Array.from({ length: 5 }, (_, i) => {
      const probe = i === 0 ? request : { ...request, id: `${request.id}/${i}` };
      const outcome = engine.place([probe], { now: NOW }).at(0);
      if (outcome.kind !== 'booked') throw new Error(`engine did not book: ${outcome.kind}`);
      const { clinicianId, start, end, evaluation } = outcome.appointment;
      return { clinicianId, start, end, evaluation };
    });
    expect(
      found.options.map(({ clinicianId, start, end, evaluation }) => ({
        clinicianId,
        start,
        end,
        evaluation,
      })),
    ).toEqual(expected);
    expect(found.standard).toBe('nonurgent-nonphysician-mh');
    expect(found.deadline).toBe(expected[0]!.evaluation.deadline);
    expect(found.evaluation.status).toBe('open');
    expect(found.options[0]).toMatchObject({
      centerId: 'north',
      modality: 'in-person',
      kind: 'intake',
    });
    // Asking books nothing.
    expect(await count(db, 'appointments')).toBe(0);
  });

  it('books the engine’s choice and round-trips it through the database', async () => {
    const request = intake(2);
    const options = await service.findOptions(request);
    const result = await service.book(request);
    expect(result.kind).toBe('booked');
    if (result.kind !== 'booked') return;
    expect(result.replayed).toBe(false);
    expect(result.appointment).toMatchObject({
      clinicianId: options.options[0]!.clinicianId,
      start: options.options[0]!.start,
      patientId: 'p-2',
      requestId: request.id,
      status: 'booked',
    });
    expect(result.evaluation.status).toBe('met');
    expect(result.deadline).toBe(options.deadline);

    const row = await db
      .selectFrom('appointments')
      .selectAll()
      .where('id', '=', result.appointment.id)
      .executeTakeFirstOrThrow();
    expect(row.starts_at.getTime()).toBe(result.appointment.start);
    expect(row.ends_at.getTime()).toBe(result.appointment.end);
    expect(row).toMatchObject({
      clinician_id: result.appointment.clinicianId,
      request_id: request.id,
      status: 'booked',
    });
    const stored = await db
      .selectFrom('requests')
      .selectAll()
      .where('id', '=', request.id!)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      status: 'booked',
      patient_id: 'p-2',
      standard: 'nonurgent-nonphysician-mh',
    });
    expect(stored.deadline.getTime()).toBe(result.deadline);

    // The next request sees the slot as taken.
    const next = await service.findOptions(intake(3));
    expect(
      next.options.some(
        (o) =>
          o.clinicianId === result.appointment.clinicianId && o.start === result.appointment.start,
      ),
    ).toBe(false);
  });

  it('returns the first result for a retried idempotency key and creates nothing', async () => {
    const request = intake(4);
    const first = await service.book(request, { idempotencyKey: 'key-retry' });
    const before = await count(db, 'appointments');
    const again = await service.book(request, { idempotencyKey: 'key-retry' });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await count(db, 'appointments')).toBe(before);
  });

  it('refuses the same idempotency key with a different body, writing nothing', async () => {
    await service.book(intake(5), { idempotencyKey: 'key-body' });
    const before = await count(db, 'requests');
    await expect(service.book(intake(6), { idempotencyKey: 'key-body' })).rejects.toMatchObject({
      code: 'FIELD_INVALID',
      path: 'idempotencyKey',
    });
    expect(await count(db, 'requests')).toBe(before);
  });

  it('books one appointment for concurrent calls with one idempotency key', async () => {
    const request = intake(7);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => service.book(request, { idempotencyKey: 'key-race' })),
    );
    const ids = new Set(results.map((r) => (r.kind === 'booked' ? r.appointment.id : r.kind)));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.kind === 'booked' && !r.replayed)).toHaveLength(1);
    const rows = await db
      .selectFrom('appointments')
      .select('id')
      .where('request_id', '=', request.id!)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('cancels an appointment: the slot is free again and the request closed', async () => {
    const request = intake(8);
    const booked = await service.book(request);
    if (booked.kind !== 'booked') throw new Error(booked.kind);
    const cancelled = await service.cancel(booked.appointment.id);
    expect(cancelled).toMatchObject({
      kind: 'cancelled',
      requestId: request.id,
      standard: 'nonurgent-nonphysician-mh',
      deadline: booked.deadline,
      appointment: { id: booked.appointment.id, status: 'cancelled' },
      evaluation: { status: 'met', met: true },
    });
    const row = await db
      .selectFrom('appointments')
      .select(['status', 'cancelled_at'])
      .where('id', '=', booked.appointment.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('cancelled');
    expect(row.cancelled_at?.getTime()).toBe(NOW);
    const stored = await db
      .selectFrom('requests')
      .select('status')
      .where('id', '=', request.id!)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('cancelled');
    const again = await service.findOptions(intake(9));
    expect(again.options[0]).toMatchObject({
      clinicianId: booked.appointment.clinicianId,
      start: booked.appointment.start,
    });
    await expect(service.cancel(booked.appointment.id)).rejects.toMatchObject({
      code: 'FIELD_INVALID',
    });
    await expect(service.cancel('no-such-appointment')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('reschedules through the engine: own clinician first, after notBefore, old one released', async () => {
    const booked = await service.book(intake(10));
    if (booked.kind !== 'booked') throw new Error(booked.kind);
    const notBefore = booked.appointment.end + 24 * 3_600_000;
    const moved = await service.reschedule(booked.appointment.id, { notBefore });
    if (moved.kind !== 'rescheduled') throw new Error(moved.kind);
    expect(moved.appointment.clinicianId).toBe(booked.appointment.clinicianId);
    expect(moved.appointment.start).toBeGreaterThanOrEqual(notBefore);
    expect(moved.appointment).toMatchObject({
      replacesId: booked.appointment.id,
      requestId: booked.requestId,
    });
    expect(moved.previous.status).toBe('cancelled');
    expect(moved.standard).toBe('nonurgent-nonphysician-mh');
    expect(moved.deadline).toBe(booked.deadline);
    expect(moved.evaluation.status).toBe('met');
    const rows = await db
      .selectFrom('appointments')
      .select(['id', 'status'])
      .where('request_id', '=', booked.requestId)
      .orderBy('created_at')
      .execute();
    expect(rows.map((r) => r.status).sort()).toEqual(['booked', 'cancelled']);
    await expect(service.reschedule(booked.appointment.id)).rejects.toMatchObject({
      code: 'FIELD_INVALID',
    });
  });

  it('answers a conflict with the next options when the picked slot was taken', async () => {
    const { options } = await service.findOptions(intake(11));
    const slot = { clinicianId: options[0]!.clinicianId, start: options[0]!.start };
    const winner = await service.book(intake(11), { slot });
    expect(winner.kind).toBe('booked');
    const before = await count(db, 'requests');
    const loser = await service.book(intake(12), { slot, idempotencyKey: 'key-loser' });
    expect(loser).toMatchObject({
      kind: 'conflict',
      reason: 'slot-taken',
      standard: 'nonurgent-nonphysician-mh',
    });
    if (loser.kind !== 'conflict') return;
    expect(loser.options.length).toBeGreaterThan(0);
    expect(
      loser.options.some((o) => o.clinicianId === slot.clinicianId && o.start === slot.start),
    ).toBe(false);
    // Nothing was written, not even the key: a retry may pick another option.
    expect(await count(db, 'requests')).toBe(before);
    expect(
      await db
        .selectFrom('idempotency_keys')
        .select('key')
        .where('key', '=', 'key-loser')
        .execute(),
    ).toEqual([]);
  });

  it('sees what another process books and cancels, at the next call', async () => {
    // Its own clock function: a service of its own cache, as in another process.
    const other = new BookingService(db, { now: () => NOW, horizonDays: HORIZON_DAYS });
    const before = await service.findOptions(intake(20));
    const first = before.options[0]!;
    const booked = await other.book(intake(20), {
      slot: { clinicianId: first.clinicianId, start: first.start },
    });
    if (booked.kind !== 'booked') throw new Error(booked.kind);
    const after = await service.findOptions(intake(21));
    expect(after.options[0]).toMatchObject({
      clinicianId: before.options[1]!.clinicianId,
      start: before.options[1]!.start,
    });
    expect(after.options.some((o) => sameSlot(o, first))).toBe(false);
    // The other process cancels: the slot is offered again at once.
    await other.cancel(booked.appointment.id);
    const freed = await service.findOptions(intake(22));
    expect(sameSlot(freed.options[0]!, first)).toBe(true);
  });

  it('sees an appointment written straight into the database, and its cancellation', async () => {
    const { options } = await service.findOptions(intake(23));
    const first = options[0]!;
    await db
      .insertInto('appointments')
      .values({
        center_id: first.centerId,
        id: 'written-by-hand',
        clinician_id: first.clinicianId,
        patient_center_id: 'north',
        patient_id: 'p-23',
        starts_at: new Date(first.start),
        ends_at: new Date(first.end),
        modality: 'in-person',
        kind: 'intake',
      })
      .execute();
    const taken = await service.findOptions(intake(24));
    expect(taken.options.some((o) => sameSlot(o, first))).toBe(false);
    // Picking it is a conflict, not a bad request: it is taken, not unknown.
    const picked = await service.book(intake(24), {
      slot: { clinicianId: first.clinicianId, start: first.start },
    });
    expect(picked).toMatchObject({ kind: 'conflict', reason: 'slot-taken' });
    await db
      .updateTable('appointments')
      .set({ status: 'cancelled', cancelled_at: new Date(NOW) })
      .where('id', '=', 'written-by-hand')
      .execute();
    const freed = await service.findOptions(intake(25));
    expect(sameSlot(freed.options[0]!, first)).toBe(true);
  });

  it('sees time off and template changes made elsewhere', async () => {
    const { options } = await service.findOptions(intake(26));
    const first = options[0]!;
    await db
      .insertInto('time_off')
      .values({
        center_id: first.centerId,
        id: 'off-by-hand',
        clinician_id: first.clinicianId,
        starts_at: new Date(first.start),
        ends_at: new Date(first.end),
        reason: 'sick',
      })
      .execute();
    const away = await service.findOptions(intake(27));
    expect(away.options.some((o) => sameSlot(o, first))).toBe(false);
    await db.deleteFrom('time_off').where('id', '=', 'off-by-hand').execute();
    const back = await service.findOptions(intake(27));
    expect(sameSlot(back.options[0]!, first)).toBe(true);

    // A template session moved to 15:00 (a free hour): the old slot is gone, the new
    // one can be booked.
    const template = `t-${first.clinicianId}`;
    const local = new Date(first.start - 8 * 3_600_000); // PST, as the fixture's NOW
    const weekday = local.getUTCDay() || 7;
    const startTime = local.toISOString().slice(11, 16);
    const moveSession = (from: string, to: string) =>
      db
        .updateTable('template_sessions')
        .set({ start_time: to })
        .where('template_id', '=', template)
        .where('weekday', '=', weekday)
        .where('start_time', '=', from)
        .execute();
    await moveSession(startTime, '15:00');
    const moved = await service.findOptions(intake(28));
    expect(moved.options.some((o) => sameSlot(o, first))).toBe(false);
    const later = Date.parse(`${local.toISOString().slice(0, 10)}T23:00:00Z`); // 15:00 PST
    const onNewSession = await service.book(intake(28), {
      slot: { clinicianId: first.clinicianId, start: later },
    });
    expect(onNewSession).toMatchObject({ kind: 'booked', appointment: { start: later } });
    await moveSession('15:00', startTime);
    const restored = await service.findOptions(intake(29));
    expect(sameSlot(restored.options[0]!, first)).toBe(true);
  });

  it('re-counts the caps under the lock in the statement that inserts, inserting nothing when one refuses', async () => {
    // Straight against the booking statement, as a cache that is behind would leave it
    // to decide: in one transaction rolled back at the end (a refused booking is undone
    // alone, in a block of its own, and the transaction goes on).
    const day = Date.parse('2026-03-10T17:00:00Z'); // 09:00 in Los Angeles, a Tuesday
    const HOUR = 3_600_000;
    let step = 0;
    const write = async (
      trx: Transaction<Database>,
      clinicianId: string,
      patient: number,
      start: number,
    ): Promise<string> => {
      const id = `cap-${patient}-${++step}`;
      const request = { ...(intake(patient) as RequestInput), id };
      try {
        await bookRequest(trx, {
          request: {
            request,
            centerId: 'north',
            standardDeadline: NOW + 10 * 24 * HOUR,
            status: 'booked',
          },
          appointment: {
            row: {
              id,
              centerId: 'north',
              clinicianId,
              patientCenterId: 'north',
              patientId: request.patientId,
              requestId: id,
              start,
              end: start + HOUR,
              modality: 'in-person',
              kind: 'intake',
              replacesId: null,
            },
            check: {
              centerId: 'north',
              clinicianId,
              patientCenterId: 'north',
              patientId: request.patientId,
              start,
              priorClinicianId: null,
              excludeAppointmentId: null,
              now: NOW,
              timeZone: 'America/Los_Angeles',
            },
          },
          audit: [],
          key: undefined,
        });
        return 'booked';
      } catch (error) {
        if (!(error instanceof BookingConflict)) throw error;
        const rows = await sql<{ n: number }>`
          SELECT (SELECT count(*) FROM requests WHERE id = ${id})::int
               + (SELECT count(*) FROM appointments WHERE id = ${id})::int AS n`.execute(trx);
        expect(rows.rows[0]!.n).toBe(0); // nothing of the refused booking was written
        return error.reason;
      }
    };
    const rolledBack = new Error('roll back');
    const outcomes: string[] = [];
    await db
      .transaction()
      .execute(async (trx) => {
        await trx
          .updateTable('templates')
          .set({ daily_visit_cap: 1 })
          .where('clinician_id', '=', 'c-2')
          .execute();
        outcomes.push(await write(trx, 'c-2', 300, day + 8 * HOUR));
        outcomes.push(await write(trx, 'c-2', 301, day + 9 * HOUR)); // same day: full
        outcomes.push(await write(trx, 'c-2', 301, day + 24 * HOUR + 8 * HOUR)); // next day

        const known = await sql<{ n: number }>`
          SELECT count(DISTINCT patient_id)::int AS n FROM appointments
           WHERE center_id = 'north' AND clinician_id = 'c-3'
             AND status IN ('booked', 'completed')`.execute(trx);
        await trx
          .updateTable('clinicians')
          .set({ caseload_cap: known.rows[0]!.n + 1 })
          .where('id', '=', 'c-3')
          .execute();
        outcomes.push(await write(trx, 'c-3', 302, day + 7 * HOUR)); // the last place
        outcomes.push(await write(trx, 'c-3', 303, day + 8 * HOUR)); // a new patient: full
        outcomes.push(await write(trx, 'c-3', 302, day + 24 * HOUR + 7 * HOUR)); // known one
        await expect(write(trx, 'c-3', 302, day + 7 * HOUR)).rejects.toMatchObject({
          code: '23P01', // the same hour again: the exclusion constraint decides
        });
        throw rolledBack;
      })
      .catch((error: unknown) => {
        if (error !== rolledBack) throw error;
      });
    expect(outcomes).toEqual([
      'booked',
      'daily-visit-cap',
      'booked',
      'booked',
      'caseload-cap',
      'booked',
    ]);
  });

  it(`lets exactly one of ${racers} concurrent bookings win each of a few slots`, async () => {
    const { options } = await service.findOptions(intake(100));
    const slots = options.slice(0, 4).map((o) => ({ clinicianId: o.clinicianId, start: o.start }));
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: racers }, (_, i) =>
        service.book(intake(100 + i), { slot: slots[i % slots.length] }),
      ),
    );
    const elapsed = performance.now() - started;
    const won = results.filter((r) => r.kind === 'booked');
    const lost = results.filter((r) => r.kind === 'conflict');
    expect(won).toHaveLength(slots.length);
    expect(lost).toHaveLength(racers - slots.length);
    for (const slot of slots) {
      expect(
        won.filter(
          (r) =>
            r.appointment.clinicianId === slot.clinicianId && r.appointment.start === slot.start,
        ),
      ).toHaveLength(1);
    }
    for (const r of lost) {
      expect(r.options.length).toBeGreaterThan(0);
      expect(r.evaluation.deadline).toBe(r.deadline);
    }
    // The database agrees: no two live appointments of one clinician overlap.
    const overlaps = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM appointments a JOIN appointments b
        ON a.center_id = b.center_id AND a.clinician_id = b.clinician_id AND a.id < b.id
       AND tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(b.starts_at, b.ends_at, '[)')
     WHERE a.status IN ('booked', 'completed') AND b.status IN ('booked', 'completed')`.execute(db);
    expect(overlaps.rows[0]!.n).toBe(0);
    console.info(
      `booking race: ${racers} calls, ${slots.length} winners, ${elapsed.toFixed(0)} ms`,
    );
  }, 120_000);
}

function sameSlot(
  a: { clinicianId: string; start: number },
  b: { clinicianId: string; start: number },
): boolean {
  return a.clinicianId === b.clinicianId && a.start === b.start;
}

async function count(db: Kysely<Database>, table: 'appointments' | 'requests'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
