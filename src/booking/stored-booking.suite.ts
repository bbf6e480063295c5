/**
 * Booking a stored request (the scheduler's queue), on every back end
 * (`stored-booking.*.int.test.ts`): the request row already exists, open or waitlisted;
 * booking it adds its appointment and marks it booked, once, whoever else tries.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/schema.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { TimelyError } from '../engine/errors.ts';
import { NOW, openBookingFixture } from './booking-fixture.ts';
import type { BookingService, RecordChange } from './booking-service.ts';

const DAY = 86_400_000;

export function describeStoredBooking(
  open: () => Promise<TestDatabase>,
  { racers }: { readonly racers: number },
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

  /** A request stored as the queue holds it: no appointment yet. */
  async function store(id: string, patient: number, status: 'open' | 'waitlisted' = 'open') {
    await db
      .insertInto('requests')
      .values({
        center_id: 'north',
        id,
        patient_id: `p-${patient}`,
        type: 'routine-intake',
        standard: 'nonurgent-nonphysician-mh',
        clock_start: new Date(NOW - DAY),
        deadline: new Date(NOW + 9 * DAY),
        status,
      })
      .execute();
    return { centerId: 'north', id };
  }

  async function appointmentsOf(requestId: string) {
    return db.selectFrom('appointments').selectAll().where('request_id', '=', requestId).execute();
  }

  it('offers the stored request the options the same request would get afresh', async () => {
    const ref = await store('q-options', 1);
    const stored = await service.findOptionsForStored(ref);
    const afresh = await service.findOptions({
      id: 'q-options-afresh',
      patientId: 'p-1',
      type: 'routine-intake',
      standard: 'nonurgent-nonphysician-mh',
      clockStart: NOW - DAY,
      language: 'en',
      modality: 'any',
      center: 'north',
    });
    expect(stored.requestId).toBe('q-options');
    expect(stored.options.length).toBeGreaterThan(0);
    expect(stored.options).toEqual(afresh.options);
    expect(stored.deadline).toBe(afresh.deadline);
  });

  it('books the engine’s choice: one appointment, the request marked booked, audited', async () => {
    const ref = await store('q-book', 2);
    const { options } = await service.findOptionsForStored(ref);
    const audited: RecordChange[] = [];
    const result = await service.bookStored(ref, {
      audit: async (_trx, changes) => {
        audited.push(...changes);
      },
    });
    expect(result.kind).toBe('booked');
    if (result.kind !== 'booked') return;
    expect(result.appointment).toMatchObject({
      clinicianId: options[0]!.clinicianId,
      start: options[0]!.start,
      requestId: 'q-book',
      patientId: 'p-2',
    });
    expect(result.evaluation.met).toBe(true);
    const rows = await appointmentsOf('q-book');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.starts_at.getTime()).toBe(options[0]!.start);
    const request = await db
      .selectFrom('requests')
      .select('status')
      .where('id', '=', 'q-book')
      .executeTakeFirstOrThrow();
    expect(request.status).toBe('booked');
    expect(audited.map((c) => `${c.action} ${c.entityType}`)).toEqual([
      'U Request',
      'C Appointment',
    ]);
  });

  it('books a picked option, and refuses a slot that is no option with the field named', async () => {
    const ref = await store('q-pick', 3, 'waitlisted');
    const { options } = await service.findOptionsForStored(ref);
    const picked = options[2]!;
    await expect(
      service.bookStored(ref, {
        slot: { clinicianId: picked.clinicianId, start: picked.start + 1 },
      }),
    ).rejects.toMatchObject({ code: 'FIELD_INVALID', path: 'slot' });
    expect(await appointmentsOf('q-pick')).toHaveLength(0);
    const result = await service.bookStored(ref, {
      slot: { clinicianId: picked.clinicianId, start: picked.start },
    });
    expect(result.kind === 'booked' && result.appointment.start).toBe(picked.start);
  });

  it('refuses a request that is booked already, or unknown, naming it', async () => {
    const ref = await store('q-twice', 4);
    expect((await service.bookStored(ref)).kind).toBe('booked');
    const again = service.bookStored(ref);
    await expect(again).rejects.toBeInstanceOf(TimelyError);
    await expect(again).rejects.toMatchObject({ code: 'FIELD_INVALID', path: 'requestId' });
    await expect(service.bookStored({ centerId: 'north', id: 'q-none' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      path: 'requestId',
    });
    expect(await appointmentsOf('q-twice')).toHaveLength(1);
  });

  it('replays a retried idempotency key: the first result, nothing booked twice', async () => {
    const ref = await store('q-retry', 5);
    const first = await service.bookStored(ref, { idempotencyKey: 'queue-retry-1' });
    const retry = await service.bookStored(ref, { idempotencyKey: 'queue-retry-1' });
    expect(first.kind).toBe('booked');
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await appointmentsOf('q-retry')).toHaveLength(1);
  });

  it(`books one request once when ${racers} schedulers try at the same moment`, async () => {
    const ref = await store('q-race', 6);
    const results = await Promise.allSettled(
      Array.from({ length: racers }, () => service.bookStored(ref)),
    );
    const booked = results.filter((r) => r.status === 'fulfilled' && r.value.kind === 'booked');
    const refused = results.filter(
      (r) =>
        (r.status === 'rejected' && r.reason instanceof TimelyError) ||
        (r.status === 'fulfilled' && r.value.kind === 'conflict'),
    );
    expect(booked).toHaveLength(1);
    expect(refused).toHaveLength(racers - 1);
    expect(await appointmentsOf('q-race')).toHaveLength(1);
  }, 60_000);
}
