/**
 * `request_outcomes` (migration 0009) and the access rollup built on it (0012) on every
 * back end: whatever sequence of writes the booking service and direct SQL make —
 * bookings, follow-ups with the patient's own clinician, cancellations, reschedules,
 * extensions, cancelled requests, a clinician's new discipline, deleted rows, folds of
 * the rollup's deltas at any point — the rows the triggers kept are exactly what
 * deriving the tables afresh gives.
 */
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HORIZON_DAYS, NOW, seedNetwork } from '../booking/booking-fixture.ts';
import { BookingService } from '../booking/booking-service.ts';
import { accessRollupCells, requestOutcomeRows } from './derived-tables.ts';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';
import type { TestDatabase } from './test-databases.ts';

const DAY = 86_400_000;

type Write =
  | {
      readonly kind: 'book' | 'queue-then-book';
      readonly patient: number;
      readonly urgent: boolean;
    }
  | {
      readonly kind:
        | 'cancel'
        | 'member-cancels'
        | 'no-show'
        | 'reschedule'
        | 'extend'
        | 'close-request'
        | 'delete';
      readonly pick: number;
    }
  | { readonly kind: 'followup'; readonly patient: number; readonly clinician: number }
  | { readonly kind: 'fold' }
  | { readonly kind: 'discipline'; readonly clinician: number; readonly discipline: string };

const writes: fc.Arbitrary<Write> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom('book' as const, 'queue-then-book' as const),
      patient: fc.integer({ min: 1, max: 300 }),
      urgent: fc.boolean(),
    }),
  },
  // Weighted up so that 25 runs see a member's cancellation and a no-show all but
  // always (at weight 1, one run in seven or so saw no member cancel: the check after
  // the property failed by chance).
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom(
        'cancel',
        'member-cancels',
        'no-show',
        'reschedule',
        'extend',
        'close-request',
        'delete',
      ),
      pick: fc.nat(),
    }),
  },
  fc.record({
    kind: fc.constant('followup' as const),
    patient: fc.integer({ min: 1, max: 300 }),
    clinician: fc.integer({ min: 1, max: 3 }),
  }),
  fc.constant({ kind: 'fold' as const }),
  fc.record({
    kind: fc.constant('discipline' as const),
    clinician: fc.integer({ min: 1, max: 3 }),
    discipline: fc.constantFrom('lcsw', 'lmft', 'psychologist'),
  }),
);

export function describeRequestOutcomes(open: () => Promise<TestDatabase>): void {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let service: BookingService;
  let sequence = 0;

  beforeAll(async () => {
    database = await open();
    db = database.db;
    await migrateToLatest(db);
    await seedNetwork(db);
    service = new BookingService(db, { now: () => NOW, horizonDays: HORIZON_DAYS });
  }, 60_000);

  afterAll(async () => {
    await database?.dispose();
  });

  const kept = () => requestOutcomeRows(db);
  const rollup = () => accessRollupCells(db);

  /** The n-th live appointment (wrapping), if any. */
  async function liveAppointment(pick: number) {
    const rows = await db
      .selectFrom('appointments')
      .select(['id', 'request_id', 'patient_center_id'])
      .where('status', '=', 'booked')
      .orderBy('id')
      .execute();
    return rows.length === 0 ? undefined : rows[pick % rows.length];
  }

  async function apply(write: Write): Promise<void> {
    switch (write.kind) {
      case 'book': {
        await service.book({
          id: `ro-${++sequence}`,
          patientId: `p-${write.patient}`,
          type: write.urgent ? 'urgent-intake' : 'routine-intake',
          standard: write.urgent ? 'urgent-no-prior-auth' : 'nonurgent-nonphysician-mh',
          clockStart: NOW,
          center: 'north',
        });
        return;
      }
      case 'queue-then-book': {
        // A request stored first (the queue's), then booked by a separate statement.
        const id = `ro-${++sequence}`;
        await db
          .insertInto('requests')
          .values({
            center_id: 'north',
            id,
            patient_id: `p-${write.patient}`,
            type: 'routine-intake',
            standard: 'nonurgent-nonphysician-mh',
            clock_start: new Date(NOW),
            deadline: new Date(NOW + 14 * DAY),
            status: 'open',
          })
          .execute();
        await service.bookStored({ centerId: 'north', id });
        return;
      }
      case 'cancel':
      case 'member-cancels':
      case 'no-show':
      case 'reschedule': {
        const live = await liveAppointment(write.pick);
        if (!live) return;
        if (write.kind === 'cancel') await service.cancel(live.id);
        else if (write.kind === 'member-cancels') await service.cancel(live.id, { by: 'member' });
        else if (write.kind === 'no-show') {
          // The member did not come: the breach list's no-show fact.
          await db
            .updateTable('appointments')
            .set({ status: 'no-show' })
            .where('id', '=', live.id)
            .execute();
        } else await service.reschedule(live.id, { notBefore: NOW + 2 * DAY });
        return;
      }
      case 'extend':
      case 'close-request': {
        const live = await liveAppointment(write.pick);
        if (!live?.request_id) return;
        const where = db
          .updateTable('requests')
          .where('center_id', '=', live.patient_center_id)
          .where('id', '=', live.request_id);
        if (write.kind === 'extend') {
          await where
            .set({
              extension_deadline: new Date(NOW + 30 * DAY),
              extension_reason: 'a longer wait will not harm the member',
              extension_recorded_by: 'c-1',
              extension_recorded_at: new Date(NOW),
            })
            .execute();
        } else {
          await where.set({ status: 'cancelled' }).execute();
        }
        return;
      }
      case 'delete': {
        const live = await liveAppointment(write.pick);
        if (!live?.request_id) return;
        // A request goes with its appointments (as an erasure would remove both).
        await db.deleteFrom('appointments').where('request_id', '=', live.request_id).execute();
        await db
          .deleteFrom('requests')
          .where('center_id', '=', live.patient_center_id)
          .where('id', '=', live.request_id)
          .execute();
        return;
      }
      case 'followup': {
        // The patient's own clinician may or may not have a slot in time: continuity
        // is kept or lost, and the rollup must count which.
        await service.book({
          id: `ro-${++sequence}`,
          patientId: `p-${write.patient}`,
          type: 'followup',
          standard: 'nonurgent-nonphysician-mh',
          clockStart: NOW,
          center: 'north',
          priorClinician: `c-${write.clinician}`,
        });
        return;
      }
      case 'fold':
        await sql`SELECT fold_access_rollup_deltas()`.execute(db);
        return;
      case 'discipline':
        await db
          .updateTable('clinicians')
          .set({ discipline: write.discipline })
          .where('id', '=', `c-${write.clinician}`)
          .execute();
        return;
    }
  }

  it('keeps a request’s first live appointment and its clinician’s discipline', async () => {
    const booked = await service.book({
      id: 'ro-first',
      patientId: 'p-399',
      type: 'routine-intake',
      standard: 'nonurgent-nonphysician-mh',
      clockStart: NOW,
      center: 'north',
    });
    if (booked.kind !== 'booked') throw new Error(`not booked: ${booked.kind}`);
    const row = () =>
      db
        .selectFrom('request_outcomes')
        .selectAll()
        .where('request_id', '=', 'ro-first')
        .executeTakeFirstOrThrow();
    const clinician = await db
      .selectFrom('clinicians')
      .select('discipline')
      .where('id', '=', booked.appointment.clinicianId)
      .executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({
      status: 'booked',
      served_discipline: clinician.discipline,
    });
    expect((await row()).first_at?.getTime()).toBe(booked.appointment.start);
    await service.cancel(booked.appointment.id);
    expect(await row()).toMatchObject({
      status: 'cancelled',
      first_at: null,
      served_discipline: null,
    });
  });

  it('holds, after any sequence of writes, exactly what deriving it afresh gives', async () => {
    const seen = { declined: false, noShow: false };
    await fc.assert(
      fc.asyncProperty(
        fc.array(writes, { minLength: 1, maxLength: 8 }),
        async (sequenceOfWrites) => {
          for (const write of sequenceOfWrites) await apply(write);
          const byTriggers = await kept();
          seen.declined ||= byTriggers.some((row) => row.declined_at !== null);
          seen.noShow ||= byTriggers.some((row) => row.no_show_at !== null);
          const rolledUp = await rollup();
          await sql`SELECT rebuild_request_outcomes()`.execute(db);
          expect(byTriggers).toEqual(await kept());
          expect(rolledUp).toEqual(await rollup());
        },
      ),
      {
        numRuns: 25,
        // First, a sequence that surely has a member's cancellation and a no-show: the
        // random runs see them only most of the time (one CI run in many saw no member
        // cancel), and the check below wants both looked at every time.
        examples: [
          [
            [
              { kind: 'book', patient: 1, urgent: false },
              { kind: 'member-cancels', pick: 0 },
              { kind: 'book', patient: 2, urgent: false },
              { kind: 'no-show', pick: 0 },
            ],
          ],
        ],
      },
    );
    // The property was not vacuous: requests were booked, some with an appointment.
    const counts = await sql<{ requests: number; appointed: number; followups: number }>`
      SELECT count(*)::int AS requests, count(first_at)::int AS appointed,
             count(*) FILTER (WHERE prior_clinician_id IS NOT NULL)::int AS followups
      FROM request_outcomes`.execute(db);
    expect(counts.rows[0]!.requests).toBeGreaterThan(5);
    expect(counts.rows[0]!.appointed).toBeGreaterThan(0);
    expect(counts.rows[0]!.followups).toBeGreaterThan(0);
    expect(seen).toEqual({ declined: true, noShow: true });
  }, 120_000);
}
