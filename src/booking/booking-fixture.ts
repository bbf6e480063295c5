/**
 * A small network for the booking-service tests, written once in the engine's own
 * input shape and copied into the database by `seedNetwork`, so a test can ask the
 * engine alone and the service the same question.
 */
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import type { NetworkInput } from '../engine/booking/model.ts';
import { CALIFORNIA } from '../engine/rules/calendar.ts';
import { BookingService } from './booking-service.ts';

/** Monday 2 March 2026, 08:00 in Los Angeles (PST, UTC−8). */
export const NOW = Date.parse('2026-03-02T16:00:00Z');
export const HORIZON_DAYS = 14;
export const PATIENTS = 400;

const weekdays = [1, 2, 3, 4, 5];

export const NETWORK: NetworkInput = {
  calendar: CALIFORNIA,
  horizon: { from: '2026-03-02', to: '2026-03-15' },
  centers: [{ id: 'north', name: 'North', lat: 34.05, lon: -118.25 }],
  templates: [
    {
      id: 'north/t-weekday',
      sessions: weekdays.flatMap((weekday) => [
        { weekday, start: '09:00', minutes: 60, kind: 'intake' as const },
        { weekday, start: '10:00', minutes: 60, kind: 'intake' as const },
        { weekday, start: '13:00', minutes: 60, kind: 'followup' as const },
        { weekday, start: '14:00', minutes: 60, kind: 'followup' as const },
      ]),
      adminBlocks: weekdays.map((weekday) => ({
        weekday,
        start: '12:00',
        minutes: 60,
        label: 'planning & preparation',
      })),
    },
  ],
  clinicians: ['c-1', 'c-2', 'c-3'].map((id) => ({
    id,
    discipline: 'lcsw',
    center: 'north',
    languages: ['en'],
    modalities: ['in-person', 'video'],
    schedule: [{ template: 'north/t-weekday', from: '2026-01-01' }],
  })),
};

export async function seedNetwork(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('medical_centers')
    .values({ id: 'north', name: 'North', lat: 34.05, lon: -118.25 })
    .execute();
  for (const clinician of NETWORK.clinicians) {
    await db
      .insertInto('clinicians')
      .values({
        center_id: 'north',
        id: clinician.id,
        name: `Clinician ${clinician.id}`,
        discipline: clinician.discipline,
        languages: clinician.languages,
        modalities: clinician.modalities,
      })
      .execute();
    const templateId = `t-${clinician.id}`;
    await db
      .insertInto('templates')
      .values({
        center_id: 'north',
        id: templateId,
        clinician_id: clinician.id,
        name: 'weekday',
        effective_from: '2026-01-01',
      })
      .execute();
    const template = NETWORK.templates[0]!;
    await db
      .insertInto('template_sessions')
      .values(
        template.sessions.map((s) => ({
          center_id: 'north',
          template_id: templateId,
          weekday: s.weekday,
          start_time: s.start,
          minutes: s.minutes,
          kind: s.kind,
        })),
      )
      .execute();
    await db
      .insertInto('admin_blocks')
      .values(
        (template.adminBlocks ?? []).map((a) => ({
          center_id: 'north',
          template_id: templateId,
          weekday: a.weekday,
          start_time: a.start,
          minutes: a.minutes,
        })),
      )
      .execute();
  }
  await db
    .insertInto('patients')
    .values(
      Array.from({ length: PATIENTS }, (_, i) => ({
        center_id: 'north',
        id: `p-${i + 1}`,
        member_number: `M${i + 1}`,
        name: `Patient ${i + 1}`,
      })),
    )
    .execute();
}

/** A throw-away database holding the fixture network, and a booking service over it at NOW. */
export interface BookingFixture {
  readonly database: TestDatabase;
  readonly db: Kysely<Database>;
  readonly service: BookingService;
}

/** Opens a database (disposed again if it cannot be set up), migrates and seeds it. */
export async function openBookingFixture(
  open: () => Promise<TestDatabase>,
): Promise<BookingFixture> {
  const database = await open();
  try {
    await migrateToLatest(database.db);
    await seedNetwork(database.db);
  } catch (error) {
    await database.dispose();
    throw error;
  }
  const service = new BookingService(database.db, { now: () => NOW, horizonDays: HORIZON_DAYS });
  return { database, db: database.db, service };
}
