/**
 * The disruption plan on real records, on every back end (`disruption.*.int.test.ts`),
 * on the booking fixture's small network (north: c-1, c-2, c-3, each with intake slots
 * at 09:00 and 10:00 and follow-up slots at 13:00 and 14:00 on weekdays). The clock is
 * Monday 2 March 2026, 08:00 in Los Angeles.
 *
 * c-1 stops work for the week [Mon 2 Mar, Mon 9 Mar). Its books that week, counted by
 * hand, and what the plan must do with each (the engine's policy: urgent first, then
 * earliest deadline; the own clinician when they have a slot inside the deadline):
 *
 * | appointments on c-1              | standard (deadline)               | plan                                   |
 * | -------------------------------- | --------------------------------- | -------------------------------------- |
 * | U: Mon, Tue 10:00 (2)            | urgent 48 h (Wed 4 Mar 07:00)     | c-1 is away until after it: c-2 and c-3 on Mon 09:00, moved-other (2) |
 * | F: Mon–Fri 13:00 (5)             | follow-up 10 bd (Mon 9 Mar)       | c-1's Mon 9 Mar 13:00 and 14:00: moved-same (2); the rest to c-2/c-3 from Mon 13:00: moved-other (3) |
 * | R: Mon–Fri 09:00 (5)             | routine 10 bd (Fri 13 Mar)        | c-1 from Mon 9 Mar, inside the deadline: moved-same (5) |
 *
 * Twelve affected, all of them meeting their deadline before and after. c-2 has one
 * appointment of its own that week, which the plan must not touch.
 */
import type { InjectOptions } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedNetwork } from '../booking/booking-fixture.ts';
import { accessRollupCells, requestOutcomeRows } from '../db/derived-tables.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { buildServer, type TimelyServer } from '../server/app.ts';
import { type AuditContext, COMMAND_LINE_ADDRESS } from '../server/audit.ts';
import { type AuthHeaders, bearerFor } from '../server/auth/test-credentials.ts';
import { IMPACT_COLUMNS, NOTIFICATION_COLUMNS } from './model.ts';
import { DisruptionService } from './service.ts';

type Json = Record<string, unknown>;

/** Monday 2 March 2026, 08:00 in Los Angeles (PST, UTC−8). */
const NOW = new Date('2026-03-02T08:00:00-08:00');
const pst = (day: string, time: string) => new Date(`2026-03-${day}T${time}:00-08:00`);
const URGENT = 'urgent-no-prior-auth';
const ROUTINE = 'nonurgent-nonphysician-mh';
const FOLLOWUP = 'followup-nonphysician-mh';
const WEEK = ['02', '03', '04', '05', '06'];

const CONTEXT: AuditContext = {
  actorUserId: null,
  actorRole: 'cli',
  sourceAddress: COMMAND_LINE_ADDRESS,
  requestId: 'disruption-suite',
};

/** An hour-long, in-person appointment at north, as a stored row. */
async function insertHour(
  db: Kysely<Database>,
  row: {
    id: string;
    clinician: string;
    patient: string;
    request: string | null;
    start: Date;
    kind: 'intake' | 'followup';
  },
): Promise<void> {
  await db
    .insertInto('appointments')
    .values({
      center_id: 'north',
      id: row.id,
      clinician_id: row.clinician,
      patient_center_id: 'north',
      patient_id: row.patient,
      request_id: row.request,
      starts_at: row.start,
      ends_at: new Date(row.start.getTime() + 3_600_000),
      modality: 'in-person',
      kind: row.kind,
    })
    .execute();
}

/** Books c-1's week (the table above) and one appointment of c-2's, as stored rows. */
async function seedWeek(db: Kysely<Database>): Promise<void> {
  let n = 0;
  const book = async (
    kind: 'U' | 'R' | 'F',
    clinician: string,
    day: string,
    time: string,
  ): Promise<void> => {
    n += 1;
    const id = `${kind.toLowerCase()}-${n}`;
    const standard = kind === 'U' ? URGENT : kind === 'R' ? ROUTINE : FOLLOWUP;
    const clockStart =
      kind === 'U'
        ? pst('02', '07:00')
        : kind === 'R'
          ? new Date('2026-02-27T09:00:00-08:00')
          : new Date('2026-02-23T13:00:00-08:00');
    const deadline =
      kind === 'U'
        ? pst('04', '07:00')
        : kind === 'R'
          ? new Date('2026-03-13T23:59:59.999-08:00')
          : new Date('2026-03-09T23:59:59.999-08:00');
    await db
      .insertInto('requests')
      .values({
        center_id: 'north',
        id,
        patient_id: `p-${n}`,
        type: kind === 'U' ? 'urgent-intake' : kind === 'R' ? 'routine-intake' : 'followup',
        standard,
        clock_start: clockStart,
        deadline,
        prior_clinician_id: kind === 'F' ? clinician : null,
        status: 'booked',
      })
      .execute();
    await insertHour(db, {
      id: `a-${id}`,
      clinician,
      patient: `p-${n}`,
      request: id,
      start: pst(day, time),
      kind: kind === 'F' ? 'followup' : 'intake',
    });
  };
  for (const day of ['02', '03']) await book('U', 'c-1', day, '10:00');
  for (const day of WEEK) await book('F', 'c-1', day, '13:00');
  for (const day of WEEK) await book('R', 'c-1', day, '09:00');
  await book('R', 'c-2', '04', '10:00');
}

async function openWeek(open: () => Promise<TestDatabase>): Promise<TestDatabase> {
  const database = await open();
  await migrateToLatest(database.db);
  await seedNetwork(database.db);
  await seedWeek(database.db);
  return database;
}

const STOPPAGE = {
  name: 'c-1 away',
  kind: 'absence' as const,
  startsAt: pst('02', '00:00').getTime(),
  endsAt: pst('09', '00:00').getTime(),
  scope: { clinicianIds: ['c-1'] },
};

/** Live appointments as (clinician, start, patient), sorted: the books' end state. */
async function liveBooks(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('appointments')
    .select(['clinician_id', 'starts_at', 'patient_id'])
    .where('status', '=', 'booked')
    .execute();
  return rows.map((r) => `${r.clinician_id} ${r.starts_at.toISOString()} ${r.patient_id}`).sort();
}

/** Whether every live appointment is a different patient's: nobody booked twice. */
async function eachPatientBookedOnce(db: Kysely<Database>): Promise<boolean> {
  const booked = await db
    .selectFrom('appointments')
    .select(['patient_id'])
    .where('status', '=', 'booked')
    .execute();
  return new Set(booked.map((r) => r.patient_id)).size === booked.length;
}

/** Live appointments of c-1 inside the stoppage: none once it is executed. */
async function liveInStoppage(db: Kysely<Database>): Promise<{ id: string }[]> {
  return db
    .selectFrom('appointments')
    .select(['id'])
    .where('clinician_id', '=', 'c-1')
    .where('status', '=', 'booked')
    .where('starts_at', '<', new Date(STOPPAGE.endsAt))
    .execute();
}

export function describeDisruption(open: () => Promise<TestDatabase>): void {
  describe('a stoppage planned and executed through the service', () => {
    let database: TestDatabase;
    let db: Kysely<Database>;
    let service: DisruptionService;
    let id: string;

    beforeAll(async () => {
      database = await openWeek(open);
      db = database.db;
      service = new DisruptionService(db, { now: () => NOW.getTime() });
      id = (await service.declare(STOPPAGE, CONTEXT)).id;
    });
    afterAll(async () => {
      await database?.dispose();
    });

    it('declares a draft naming the clinicians in scope', async () => {
      const stoppage = await service.get(id);
      expect(stoppage).toMatchObject({
        status: 'draft',
        kind: 'absence',
        clinicians: { inScope: 1, participating: 1 },
        plan: { entries: 0, applied: 0 },
      });
      expect(await service.clinicians(id)).toEqual([
        expect.objectContaining({ id: 'c-1', participating: true }),
      ]);
    });

    it('previews the hand-counted plan and changes no appointment', async () => {
      const before = await liveBooks(db);
      const summary = await service.preview(id, CONTEXT);
      expect(summary.totals).toEqual({
        affected: 12,
        kept: 0,
        movedSameClinician: 7,
        movedOtherClinician: 5,
        referredOut: 0,
        unplaceable: 0,
        metBefore: 12,
        metAfter: 12,
        notMet: 0,
      });
      const by = Object.fromEntries(summary.byStandard.map((s) => [s.standard, s]));
      expect(by[URGENT]).toMatchObject({ affected: 2, movedOtherClinician: 2 });
      expect(by[FOLLOWUP]).toMatchObject({
        affected: 5,
        movedSameClinician: 2,
        movedOtherClinician: 3,
      });
      expect(by[ROUTINE]).toMatchObject({ affected: 5, movedSameClinician: 5 });
      expect(await liveBooks(db)).toEqual(before);
    });

    it('places urgent requests first, each appointment once, none into the stoppage', async () => {
      const { items } = await service.planEntries(id, { limit: 100 }, CONTEXT);
      expect(items).toHaveLength(12);
      expect(items.slice(0, 2).map((e) => e.request.standard)).toEqual([URGENT, URGENT]);
      expect(new Set(items.map((e) => e.appointment.id)).size).toBe(12);
      for (const e of items.slice(0, 2)) expect(e.next?.start).toBe(pst('02', '09:00').getTime());
      for (const e of items) {
        expect(e.appointment.clinicianId).toBe('c-1');
        if (e.next?.clinicianId === 'c-1') {
          expect(e.next.start).toBeGreaterThanOrEqual(STOPPAGE.endsAt);
        }
        expect(e.next!.start).toBeLessThanOrEqual(e.request.deadline);
      }
      // No two entries share a new slot.
      const slots = items.map((e) => `${e.next?.clinicianId} ${e.next?.start}`);
      expect(new Set(slots).size).toBe(slots.length);
    });

    it('executes the plan: the old appointments cancelled by the plan, the new ones booked', async () => {
      const progress = await service.execute(id, CONTEXT);
      expect(progress).toMatchObject({ status: 'active', entries: 12, applied: 12, replanned: 0 });
      expect(await liveInStoppage(db)).toEqual([]);
      const cancelled = await db
        .selectFrom('appointments')
        .select(['id', 'cancelled_by'])
        .where('status', '=', 'cancelled')
        .execute();
      expect(cancelled).toHaveLength(12);
      expect(cancelled.every((c) => c.cancelled_by === 'plan')).toBe(true);
      const replacing = await db
        .selectFrom('appointments')
        .select(['replaces_id'])
        .where('status', '=', 'booked')
        .where('replaces_id', 'is not', null)
        .execute();
      expect(replacing).toHaveLength(12);
      // c-2's own appointment is where it was.
      expect(await liveBooks(db)).toContain(`c-2 ${pst('04', '10:00').toISOString()} p-13`);
      // The batch's set-based upkeep left what the triggers would have left.
      const outcomes = await requestOutcomeRows(db);
      const rolledUp = await accessRollupCells(db);
      await sql`SELECT rebuild_request_outcomes()`.execute(db);
      expect(outcomes).toEqual(await requestOutcomeRows(db));
      expect(rolledUp).toEqual(await accessRollupCells(db));
      const timeOff = await db.selectFrom('time_off').selectAll().execute();
      expect(timeOff).toEqual([
        expect.objectContaining({ clinician_id: 'c-1', stoppage_id: id, reason: 'absence' }),
      ]);
    });

    it('lists every affected member to notify, and audits each change', async () => {
      const { items } = await service.notifications(id, { limit: 100 }, CONTEXT);
      expect(items).toHaveLength(12);
      expect(new Set(items.map((n) => n.patientId)).size).toBe(12);
      expect(items.every((n) => n.newClinicianId !== null && n.newStart !== null)).toBe(true);
      const changes = await db
        .selectFrom('audit_events')
        .select(['action', 'entity_type'])
        .where('request_id', '=', CONTEXT.requestId)
        .where('entity_type', '=', 'Appointment')
        .where('action', 'in', ['U', 'C'])
        .execute();
      expect(changes.filter((c) => c.action === 'U')).toHaveLength(12);
      expect(changes.filter((c) => c.action === 'C')).toHaveLength(12);
    });

    it('reports totals that match a count of the records', async () => {
      const report = await service.report(id);
      const moved = report.rows.reduce((sum, r) => sum + r.moved, 0);
      expect(moved).toBe(12);
      expect(report.rows.map((r) => r.day)).toEqual(
        expect.arrayContaining(WEEK.map((d) => `2026-03-${d}`)),
      );
      const monday = report.rows.filter((r) => r.day === '2026-03-02');
      expect(monday.reduce((sum, r) => sum + r.affected, 0)).toBe(3);
      const counted = await db
        .selectFrom('appointments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'booked')
        .where('replaces_id', 'is not', null)
        .executeTakeFirstOrThrow();
      expect(Number(counted.n)).toBe(
        report.byStandard.reduce((s, t) => s + t.movedSameClinician + t.movedOtherClinician, 0),
      );
      expect(report.referrals).toEqual({ count: 0, visitCost: 250, cost: 0 });
    });

    it('refuses a second preview or execution once active, and ends the stoppage', async () => {
      await expect(service.preview(id, CONTEXT)).rejects.toMatchObject({ code: 'CONFLICT' });
      const ended = await service.end(id, { at: pst('06', '00:00').getTime() }, CONTEXT);
      expect(ended.stoppage.status).toBe('ended');
      const timeOff = await db.selectFrom('time_off').selectAll().execute();
      expect(timeOff[0]?.ends_at.getTime()).toBe(pst('06', '00:00').getTime());
      await expect(service.end(id, {}, CONTEXT)).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });

  describe('the books changed between preview and execution', () => {
    /** Live appointments of a clinician on a day (Los Angeles), by start. */
    const liveOn = async (db: Kysely<Database>, clinician: string, day: string) =>
      (
        await db
          .selectFrom('appointments')
          .select(['starts_at', 'patient_id'])
          .where('clinician_id', '=', clinician)
          .where('status', '=', 'booked')
          .where('starts_at', '>=', pst(day, '00:00'))
          .where('starts_at', '<', new Date(pst(day, '00:00').getTime() + 86_400_000))
          .orderBy('starts_at')
          .execute()
      ).map((r) => `${r.starts_at.toISOString()} ${r.patient_id}`);

    /** Declares and previews the week's stoppage, lets `meanwhile` change the books, executes. */
    const executeAfter = async (
      meanwhile: (db: Kysely<Database>) => Promise<void>,
    ): Promise<{ database: TestDatabase; progress: Json }> => {
      const database = await openWeek(open);
      const service = new DisruptionService(database.db, { now: () => NOW.getTime() });
      const stoppageId = (await service.declare(STOPPAGE, CONTEXT)).id;
      await service.preview(stoppageId, CONTEXT);
      await meanwhile(database.db);
      const progress = await service.execute(stoppageId, CONTEXT);
      return { database, progress: progress as unknown as Json };
    };

    it('places again an entry whose planned slot was booked meanwhile', async () => {
      // The plan gives the two urgent patients c-2's and c-3's Monday 09:00.
      const { database, progress } = await executeAfter((db) =>
        insertHour(db, {
          id: 'a-meanwhile',
          clinician: 'c-3',
          patient: 'p-40',
          request: null,
          start: pst('02', '09:00'),
          kind: 'intake',
        }),
      );
      try {
        expect(progress).toMatchObject({ status: 'active', applied: 12, replanned: 1 });
        const monday = await liveOn(database.db, 'c-3', '02');
        expect(monday[0]).toBe(`${pst('02', '09:00').toISOString()} p-40`);
        expect(await eachPatientBookedOnce(database.db)).toBe(true);
      } finally {
        await database.dispose();
      }
    });

    it('keeps a day cap that bookings made meanwhile filled: the entries over it are placed again', async () => {
      // c-2 may see one patient a day from now on, and has one on Monday already: the
      // plan's Monday appointments with c-2 would break the cap.
      const { database, progress } = await executeAfter(async (db) => {
        await db
          .updateTable('templates')
          .set({ daily_visit_cap: 1 })
          .where('clinician_id', '=', 'c-2')
          .execute();
        await insertHour(db, {
          id: 'a-meanwhile',
          clinician: 'c-2',
          patient: 'p-40',
          request: null,
          start: pst('02', '11:00'),
          kind: 'intake',
        });
      });
      try {
        expect(progress).toMatchObject({ status: 'active', applied: 12 });
        expect(progress.replanned).toBeGreaterThan(0);
        expect(await liveOn(database.db, 'c-2', '02')).toEqual([
          `${pst('02', '11:00').toISOString()} p-40`,
        ]);
        for (const day of WEEK) {
          expect((await liveOn(database.db, 'c-2', day)).length).toBeLessThanOrEqual(1);
        }
        expect(await liveInStoppage(database.db)).toEqual([]);
        expect(await eachPatientBookedOnce(database.db)).toBe(true);
      } finally {
        await database.dispose();
      }
    });
  });

  describe('ending early, with follow-ups moved back to their own clinician', () => {
    it('moves each follow-up the plan gave another clinician back where c-1 has a slot in time', async () => {
      const database = await openWeek(open);
      try {
        const db = database.db;
        // c-2 and c-3 are full on Monday and Tuesday afternoons: the plan's moved
        // follow-ups land on Wednesday 13:00 (c-2, c-3) and 14:00 (c-2).
        let n = 100;
        for (const clinician of ['c-2', 'c-3']) {
          for (const day of ['02', '03']) {
            for (const time of ['13:00', '14:00']) {
              n += 1;
              await insertHour(db, {
                id: `busy-${n}`,
                clinician,
                patient: `p-${n}`,
                request: null,
                start: pst(day, time),
                kind: 'followup',
              });
            }
          }
        }
        const service = new DisruptionService(db, { now: () => NOW.getTime() });
        const id = (await service.declare(STOPPAGE, CONTEXT)).id;
        const summary = await service.preview(id, CONTEXT);
        expect(summary.byStandard.find((s) => s.standard === FOLLOWUP)).toMatchObject({
          movedSameClinician: 2,
          movedOtherClinician: 3,
        });
        await service.execute(id, CONTEXT);
        const ended = await service.end(
          id,
          { at: pst('04', '00:00').getTime(), moveBack: true },
          CONTEXT,
        );
        expect(ended.moveBack).toEqual({ candidates: 3, moved: 3 });
        expect((await service.report(id)).movedBack).toBe(3);
        const back = await db
          .selectFrom('appointments')
          .select(['starts_at'])
          .where('clinician_id', '=', 'c-1')
          .where('status', '=', 'booked')
          .where('kind', '=', 'followup')
          .where('starts_at', '<', new Date(STOPPAGE.endsAt))
          .orderBy('starts_at')
          .execute();
        expect(back.map((b) => b.starts_at.getTime())).toEqual([
          pst('04', '13:00').getTime(),
          pst('04', '14:00').getTime(),
          pst('05', '13:00').getTime(),
        ]);
      } finally {
        await database.dispose();
      }
    });
  });

  describe('planning with a participation share', () => {
    it('plans with the share of the clinicians in scope, and lets the list be corrected', async () => {
      const database = await openWeek(open);
      try {
        const service = new DisruptionService(database.db, { now: () => NOW.getTime() });
        // Two of the three (0.67 × 3, rounded), picked by a hash of the stoppage's id.
        const first = await service.declare(
          { ...STOPPAGE, kind: 'strike', scope: { disciplines: ['lcsw'] }, participation: 0.67 },
          CONTEXT,
        );
        expect(first.clinicians).toEqual({ inScope: 3, participating: 2 });
        const list = await service.clinicians(first.id);
        const corrected = await service.setParticipation(
          first.id,
          list.map((c) => ({ centerId: c.centerId, id: c.id, participating: c.id === 'c-3' })),
          CONTEXT,
        );
        expect(corrected.clinicians).toEqual({ inScope: 3, participating: 1 });
        await expect(
          service.setParticipation(
            first.id,
            [{ centerId: 'north', id: 'c-9', participating: true }],
            CONTEXT,
          ),
        ).rejects.toMatchObject({ code: 'FIELD_INVALID', path: 'clinicians[0]' });
        const summary = await service.preview(first.id, CONTEXT);
        // c-3 has no appointment that week; c-1's and c-2's are kept.
        expect(summary.totals).toMatchObject({ affected: 0, kept: 13 });
      } finally {
        await database.dispose();
      }
    });
  });

  describe('an execution cut off half-way', () => {
    it('resumed, it reaches the end state of an uninterrupted run and books no one twice', async () => {
      const whole = await openWeek(open);
      const cut = await openWeek(open);
      try {
        const options = { now: () => NOW.getTime() };
        const a = new DisruptionService(whole.db, options);
        const aId = (await a.declare(STOPPAGE, CONTEXT)).id;
        await a.preview(aId, CONTEXT);
        await a.execute(aId, CONTEXT);

        const b = new DisruptionService(cut.db, options);
        const bId = (await b.declare(STOPPAGE, CONTEXT)).id;
        await b.preview(bId, CONTEXT);
        const crash = new Error('the process died');
        await expect(
          b.execute(bId, CONTEXT, {
            batchSize: 5,
            onProgress: () => {
              throw crash;
            },
          }),
        ).rejects.toBe(crash);
        expect(await b.progress(bId)).toMatchObject({ status: 'executing', applied: 5 });
        const resumed = await b.execute(bId, CONTEXT, { batchSize: 5 });
        expect(resumed).toMatchObject({ status: 'active', applied: 12 });
        // Running it once more changes nothing.
        await expect(b.execute(bId, CONTEXT)).rejects.toMatchObject({ code: 'CONFLICT' });

        expect(await liveBooks(cut.db)).toEqual(await liveBooks(whole.db));
        expect(await eachPatientBookedOnce(cut.db)).toBe(true);
      } finally {
        await whole.dispose();
        await cut.dispose();
      }
    });
  });

  describe('the routes', () => {
    let database: TestDatabase;
    let server: TimelyServer;
    let scheduler: AuthHeaders;
    let compliance: AuthHeaders;
    let regulator: AuthHeaders;

    beforeAll(async () => {
      vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
      database = await openWeek(open);
      server = buildServer({ db: database.db });
      await server.ready();
      scheduler = await bearerFor(database.db, 'scheduler');
      compliance = await bearerFor(database.db, 'compliance');
      regulator = await bearerFor(database.db, 'regulator');
    });
    afterAll(async () => {
      vi.useRealTimers();
      await server?.close();
      await database?.dispose();
    });

    const call = async (options: InjectOptions & { headers: AuthHeaders }) => {
      const response = await server.inject(options);
      return { status: response.statusCode, body: response.json() as Json };
    };

    it('declares, previews and executes for a scheduler; compliance reads, the regulator is refused', async () => {
      const declared = await call({
        method: 'POST',
        url: '/stoppages',
        headers: scheduler,
        payload: {
          name: 'c-1 away',
          kind: 'absence',
          startsAt: '2026-03-02T08:00:00Z',
          endsAt: '2026-03-09T08:00:00Z',
          scope: { clinicianIds: ['c-1'] },
        },
      });
      expect(declared.status).toBe(201);
      const id = String(declared.body.id);
      expect(
        (await call({ method: 'POST', url: `/stoppages/${id}/preview`, headers: compliance }))
          .status,
      ).toBe(403);
      expect((await call({ method: 'GET', url: '/stoppages', headers: regulator })).status).toBe(
        403,
      );
      const preview = await call({
        method: 'POST',
        url: `/stoppages/${id}/preview`,
        headers: scheduler,
      });
      expect(preview.status).toBe(200);
      expect(preview.body.totals).toMatchObject({ affected: 12 });
      const plan = await call({
        method: 'GET',
        url: `/stoppages/${id}/plan?limit=5`,
        headers: compliance,
      });
      expect(plan.status).toBe(200);
      expect(plan.body.items).toHaveLength(5);
      expect(plan.body.nextCursor).toBe('4');
      const second = await call({
        method: 'GET',
        url: `/stoppages/${id}/plan?limit=5&cursor=4`,
        headers: compliance,
      });
      expect((second.body.items as Json[])[0]).toMatchObject({ seq: 5 });
      const started = await call({
        method: 'POST',
        url: `/stoppages/${id}/execute`,
        headers: scheduler,
      });
      expect(started.status).toBe(202);
      let progress = started.body;
      for (let i = 0; i < 100 && progress.status !== 'active'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        progress = (
          await call({ method: 'GET', url: `/stoppages/${id}/execution`, headers: compliance })
        ).body;
      }
      expect(progress).toMatchObject({ status: 'active', applied: 12 });
      const csv = await server.inject({
        method: 'GET',
        url: `/stoppages/${id}/notifications?format=csv`,
        headers: scheduler,
      });
      expect(csv.statusCode).toBe(200);
      expect(csv.body.trim().split('\n')).toHaveLength(13);
      expect(csv.body.split('\n')[0]).toBe(NOTIFICATION_COLUMNS.join(','));
      const impact = await server.inject({
        method: 'GET',
        url: `/stoppages/${id}/report?format=csv`,
        headers: compliance,
      });
      expect(impact.statusCode).toBe(200);
      const [header, ...days] = impact.body.trim().split('\n');
      expect(header).toBe(IMPACT_COLUMNS.join(','));
      expect(days.length).toBeGreaterThan(0);
      expect(
        (await call({ method: 'GET', url: `/stoppages/${id}/notifications`, headers: compliance }))
          .status,
      ).toBe(403);
      const again = await call({
        method: 'POST',
        url: `/stoppages/${id}/preview`,
        headers: scheduler,
      });
      expect(again.status).toBe(409);
    });

    it('answers bad input with a 400 naming the field, and an unknown stoppage with a 404', async () => {
      const backwards = await call({
        method: 'POST',
        url: '/stoppages',
        headers: scheduler,
        payload: {
          name: 'x',
          startsAt: '2026-03-09T08:00:00Z',
          endsAt: '2026-03-02T08:00:00Z',
          scope: { clinicianIds: ['c-1'] },
        },
      });
      expect(backwards.status).toBe(400);
      expect(backwards.body.errors).toEqual([expect.objectContaining({ path: 'endsAt' })]);
      const unknown = await call({
        method: 'POST',
        url: '/stoppages',
        headers: scheduler,
        payload: {
          name: 'x',
          startsAt: '2026-03-02T08:00:00Z',
          endsAt: '2026-03-09T08:00:00Z',
          scope: { clinicianIds: ['c-9'] },
        },
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.detail).toMatch(/c-9/);
      const nowhere = await call({
        method: 'POST',
        url: '/stoppages',
        headers: scheduler,
        payload: {
          name: 'x',
          startsAt: '2026-03-02T08:00:00Z',
          endsAt: '2026-03-09T08:00:00Z',
          scope: { centerIds: ['atlantis'] },
        },
      });
      expect(nowhere.status).toBe(400);
      expect(nowhere.body.errors).toEqual([
        expect.objectContaining({ path: 'scope.centerIds[0]', in: 'body' }),
      ]);
      const extra = await call({
        method: 'POST',
        url: '/stoppages',
        headers: scheduler,
        payload: { name: 'x', startsAt: 'soon', endsAt: '2026-03-09T08:00:00Z', scope: {} },
      });
      expect(extra.status).toBe(400);
      const missing = await call({ method: 'GET', url: '/stoppages/nope', headers: compliance });
      expect(missing.status).toBe(404);
      expect(await database.db.selectFrom('stoppages').select('id').execute()).toHaveLength(1);
    });
  });
}
