/**
 * The data-layer test suite, run unchanged on every back end (`pglite.int.test.ts`,
 * `postgres.int.test.ts`): one SQL means one suite. Each tier opens an empty database,
 * migrates it and disposes of it afterwards.
 */
import { type Kysely, sql } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MigrationFolder, migrateToLatest } from './migrate.ts';
import type { Database, NewAppointment } from './schema.ts';
import { TABLES } from './schema.ts';
import { SQL_STATE, sqlStateOf } from './sql-state.ts';
import type { TestDatabase } from './test-databases.ts';

const MIGRATIONS = [
  '0001_extensions',
  '0002_network',
  '0003_care',
  '0004_audit_events',
  '0005_booking',
  '0006_booking_changes',
  '0007_accounts',
  '0008_request_queue',
  '0009_request_outcomes',
  '0010_hotline_cases',
  '0011_cancelled_by',
  '0012_access_rollup',
  '0013_provider_survey',
  '0014_utilisation',
  '0015_disruption',
  '0016_booking_statement',
  '0017_access_version',
];

export function describeDataLayer(open: () => Promise<TestDatabase>): void {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let tablesBefore: string[];
  let firstRun: string[];

  beforeAll(async () => {
    database = await open();
    db = database.db;
    tablesBefore = await tablesIn(db);
    firstRun = await migrateToLatest(db);
    await seedNetwork(db);
  }, 60_000);

  afterAll(async () => {
    await database?.dispose();
  });

  describe('migrations', () => {
    it('apply every migration in order to an empty database', () => {
      expect(tablesBefore).toEqual([]);
      expect(firstRun).toEqual(MIGRATIONS);
    });

    it('apply nothing the second time', async () => {
      expect(await migrateToLatest(db)).toEqual([]);
      const recorded = await sql<{
        name: string;
      }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
      expect(recorded.rows.map((row) => row.name)).toEqual(MIGRATIONS);
    });

    it('create every table', async () => {
      expect(await tablesIn(db)).toEqual(
        [...TABLES, 'kysely_migration', 'kysely_migration_lock'].sort(),
      );
    });

    it('name the failing migration and roll it back', async () => {
      const broken: MigrationProvider = {
        async getMigrations(): Promise<Record<string, Migration>> {
          return {
            ...(await new MigrationFolder().getMigrations()),
            '9999_broken': {
              async up(target) {
                await sql`CREATE TABLE half_done (id text)`.execute(target);
                await sql`SELECT no_such_function()`.execute(target);
              },
            },
          };
        },
      };
      await expect(migrateToLatest(db, broken)).rejects.toThrow(/migration 9999_broken failed/);
      expect(await tablesIn(db)).not.toContain('half_done');
    });
  });

  describe('no double booking (exclusion constraint)', () => {
    // Every case books 09:00–10:00 for a fresh clinician, then tries `candidate`.
    const cases: {
      name: string;
      candidate: Partial<NewAppointment> & { from: string; to: string };
      refused: boolean;
    }[] = [
      { name: 'overlapping the end', candidate: { from: '09:30', to: '10:30' }, refused: true },
      { name: 'overlapping the start', candidate: { from: '08:30', to: '09:30' }, refused: true },
      { name: 'inside it', candidate: { from: '09:15', to: '09:45' }, refused: true },
      { name: 'the same time', candidate: { from: '09:00', to: '10:00' }, refused: true },
      {
        name: 'the same time, completed',
        candidate: { from: '09:00', to: '10:00', status: 'completed' },
        refused: true,
      },
      { name: 'back to back after', candidate: { from: '10:00', to: '11:00' }, refused: false },
      { name: 'back to back before', candidate: { from: '08:00', to: '09:00' }, refused: false },
      {
        name: 'overlapping but cancelled',
        candidate: { from: '09:30', to: '10:30', status: 'cancelled' },
        refused: false,
      },
      {
        name: 'overlapping but a no-show',
        candidate: { from: '09:30', to: '10:30', status: 'no-show' },
        refused: false,
      },
    ];

    it.each(cases)('$name: refused = $refused', async ({ candidate, refused }) => {
      const clinician = await addClinician(db, 'lcsw');
      await db
        .insertInto('appointments')
        .values(appointment(clinician, '09:00', '10:00'))
        .execute();
      const { from, to, ...rest } = candidate;
      const attempt = db
        .insertInto('appointments')
        .values({ ...appointment(clinician, from, to), ...rest })
        .execute();
      if (refused) {
        expect(
          sqlStateOf(
            await attempt.then(
              () => undefined,
              (error) => error,
            ),
          ),
        ).toBe(SQL_STATE.exclusionViolation);
      } else {
        await attempt;
      }
      // Re-read: a refused write left nothing behind.
      const rows = await db
        .selectFrom('appointments')
        .select(({ fn }) => fn.countAll<number>().as('count'))
        .where('clinician_id', '=', clinician)
        .executeTakeFirstOrThrow();
      expect(rows.count).toBe(refused ? 1 : 2);
    });

    it('does not stop two clinicians at the same time', async () => {
      const first = await addClinician(db, 'lmft');
      const second = await addClinician(db, 'lmft');
      await db
        .insertInto('appointments')
        .values([appointment(first, '09:00', '10:00'), appointment(second, '09:00', '10:00')])
        .execute();
    });

    it('refuses reinstating a cancelled appointment over a live one', async () => {
      const clinician = await addClinician(db, 'lcsw');
      const cancelled = await db
        .insertInto('appointments')
        .values({ ...appointment(clinician, '09:00', '10:00'), status: 'cancelled' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('appointments')
        .values(appointment(clinician, '09:30', '10:30'))
        .execute();
      const error = await db
        .updateTable('appointments')
        .set({ status: 'booked' })
        .where('center_id', '=', 'north')
        .where('id', '=', cancelled.id)
        .execute()
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(sqlStateOf(error)).toBe(SQL_STATE.exclusionViolation);
    });
  });

  describe('audit events are append-only', () => {
    it('refuses UPDATE, DELETE and TRUNCATE, and keeps the row', async () => {
      const event = await db
        .insertInto('audit_events')
        .values({
          center_id: 'north',
          actor_user_id: 'user-1',
          action: 'C',
          entity_type: 'Appointment',
          entity_id: 'appt-1',
          detail: { status: 'booked' },
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      expect(event.detail).toEqual({ status: 'booked' });

      const refusals = [
        // `never` in the update type keeps the app from writing this; the trigger
        // stops anyone else, so the test goes around the types.
        sql`UPDATE audit_events SET entity_id = 'appt-2' WHERE id = ${event.id}`,
        db.deleteFrom('audit_events').where('id', '=', event.id),
        sql`TRUNCATE audit_events`,
      ];
      for (const refusal of refusals) {
        const error = await refusal.execute(db).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(sqlStateOf(error)).toBe(SQL_STATE.raiseException);
        expect(String(error)).toMatch(/append-only/);
      }

      const reread = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('id', '=', event.id)
        .executeTakeFirstOrThrow();
      expect(reread).toEqual(event);
    });
  });

  describe('typed queries', () => {
    it('find clinicians by center and discipline', async () => {
      const rows = await db
        .selectFrom('clinicians')
        .select(['id', 'name', 'languages', 'modalities'])
        .where('center_id', '=', 'north')
        .where('discipline', '=', 'psychologist')
        .where('active', '=', true)
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { id: 'dr-ames', name: 'Dr Ames', languages: ['en', 'es'], modalities: ['in-person'] },
        { id: 'dr-baker', name: 'Dr Baker', languages: ['en'], modalities: ['in-person', 'video'] },
      ]);
    });

    it('return calendar days as YYYY-MM-DD and wall-clock times as text', async () => {
      const row = await db
        .selectFrom('templates')
        .innerJoin('template_sessions', (join) =>
          join
            .onRef('template_sessions.center_id', '=', 'templates.center_id')
            .onRef('template_sessions.template_id', '=', 'templates.id'),
        )
        .select(['templates.effective_from', 'templates.effective_to', 'start_time', 'minutes'])
        .where('templates.center_id', '=', 'north')
        .where('templates.clinician_id', '=', 'dr-ames')
        .executeTakeFirstOrThrow();
      expect(row).toEqual({
        effective_from: '2026-11-24',
        effective_to: null,
        start_time: '09:00:00',
        minutes: 60,
      });
    });

    it("find a clinician's appointments in a time range", async () => {
      await db
        .insertInto('appointments')
        .values([
          appointment('dr-baker', '09:00', '10:00'),
          appointment('dr-baker', '13:00', '14:00', '2026-12-02'),
        ])
        .execute();
      const from = new Date('2026-12-01T00:00:00-08:00');
      const to = new Date('2026-12-02T00:00:00-08:00');
      const rows = await db
        .selectFrom('appointments')
        .select(['starts_at', 'ends_at', 'status'])
        .where('center_id', '=', 'north')
        .where('clinician_id', '=', 'dr-baker')
        .where('starts_at', '<', to)
        .where('ends_at', '>', from)
        .execute();
      expect(rows).toEqual([
        {
          starts_at: new Date('2026-12-01T09:00:00-08:00'),
          ends_at: new Date('2026-12-01T10:00:00-08:00'),
          status: 'booked',
        },
      ]);
    });

    it('refuse an appointment whose clinician belongs to another center', async () => {
      const error = await db
        .insertInto('appointments')
        .values({ ...appointment('dr-ames', '09:00', '10:00'), center_id: 'south' })
        .execute()
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(sqlStateOf(error)).toBe(SQL_STATE.foreignKeyViolation);
    });
  });
}

async function tablesIn(db: Kysely<Database>): Promise<string[]> {
  const result = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
    ORDER BY table_name`.execute(db);
  return result.rows.map((row) => row.table_name);
}

/** Two centers, psychologists and a patient with a request: what the cases lean on. */
async function seedNetwork(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('medical_centers')
    .values([
      { id: 'north', name: 'North', lat: 34.1, lon: -118.3 },
      { id: 'south', name: 'South', lat: 33.8, lon: -118.2 },
    ])
    .execute();
  await db
    .insertInto('clinicians')
    .values([
      {
        center_id: 'north',
        id: 'dr-baker',
        name: 'Dr Baker',
        discipline: 'psychologist',
        modalities: ['in-person', 'video'],
      },
      {
        center_id: 'north',
        id: 'dr-ames',
        name: 'Dr Ames',
        discipline: 'psychologist',
        languages: ['en', 'es'],
        modalities: ['in-person'],
      },
      {
        center_id: 'north',
        id: 'dr-gone',
        name: 'Dr Gone',
        discipline: 'psychologist',
        modalities: ['video'],
        active: false,
      },
      {
        center_id: 'south',
        id: 'dr-cruz',
        name: 'Dr Cruz',
        discipline: 'psychologist',
        modalities: ['in-person'],
      },
    ])
    .execute();
  const template = await db
    .insertInto('templates')
    .values({
      center_id: 'north',
      clinician_id: 'dr-ames',
      name: 'standard week',
      effective_from: '2026-11-24',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('template_sessions')
    .values({
      center_id: 'north',
      template_id: template.id,
      weekday: 1,
      start_time: '09:00',
      minutes: 60,
      kind: 'intake',
    })
    .execute();
  await db
    .insertInto('patients')
    .values({ center_id: 'north', id: 'pat-1', member_number: 'M-0001', name: 'A. Member' })
    .execute();
  await db
    .insertInto('requests')
    .values({
      center_id: 'north',
      id: 'req-1',
      patient_id: 'pat-1',
      type: 'routine-intake',
      standard: 'nonurgent-nonphysician-mh',
      clock_start: '2026-11-24T10:00:00-08:00',
      deadline: '2026-12-10T23:59:59.999-08:00',
    })
    .execute();
}

let clinicianCount = 0;

async function addClinician(db: Kysely<Database>, discipline: string): Promise<string> {
  clinicianCount += 1;
  const id = `case-clinician-${clinicianCount}`;
  await db
    .insertInto('clinicians')
    .values({ center_id: 'north', id, name: id, discipline, modalities: ['video'] })
    .execute();
  return id;
}

/** A live appointment for pat-1 with a north clinician, times local to Los Angeles. */
function appointment(clinician: string, from: string, to: string, day = '2026-12-01') {
  return {
    center_id: 'north',
    clinician_id: clinician,
    patient_center_id: 'north',
    patient_id: 'pat-1',
    request_id: 'req-1',
    starts_at: `${day}T${from}:00-08:00`,
    ends_at: `${day}T${to}:00-08:00`,
    modality: 'video',
    kind: 'intake',
  } satisfies NewAppointment;
}
