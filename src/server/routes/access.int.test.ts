/**
 * GET /access/requests-by-week on PGlite: each request judged once against its deadline
 * (met, missed, referred, pending; cancelled not counted), counts only, and only for the
 * roles that answer for access.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedNetwork } from '../../booking/booking-fixture.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { openTempPglite, type TestDatabase } from '../../db/test-databases.ts';
import { buildServer, type TimelyServer } from '../app.ts';
import { bearerFor } from '../auth/test-credentials.ts';

const HOUR = 3_600_000;
const STANDARD = 'nonurgent-nonphysician-mh';

describe('GET /access/requests-by-week', () => {
  let database: TestDatabase;
  let app: TimelyServer;

  beforeAll(async () => {
    database = await openTempPglite();
    const db = database.db;
    await migrateToLatest(db);
    await seedNetwork(db);
    await db
      .insertInto('patients')
      .values({ center_id: 'north', id: 'agg-1', member_number: 'M-AGG-1', name: 'Test Member' })
      .execute();
    const now = Date.now();
    const at = (hours: number) => new Date(now + hours * HOUR);
    const request = (
      id: string,
      deadlineInHours: number,
      status: 'open' | 'booked' | 'referred' | 'cancelled',
    ) => ({
      center_id: 'north',
      id,
      patient_id: 'agg-1',
      type: 'routine-intake' as const,
      standard: STANDARD,
      clock_start: at(-48),
      deadline: at(deadlineInHours),
      status,
    });
    await db
      .insertInto('requests')
      .values([
        request('r-met', -1, 'booked'),
        request('r-late', -1, 'booked'),
        request('r-open-missed', -1, 'open'),
        request('r-pending', 200, 'open'),
        request('r-referred', -1, 'referred'),
        request('r-cancelled', -1, 'cancelled'),
      ])
      .execute();
    const appointment = (id: string, requestId: string, startsInHours: number) => ({
      center_id: 'north',
      id,
      clinician_id: 'c-1',
      patient_center_id: 'north',
      patient_id: 'agg-1',
      request_id: requestId,
      starts_at: at(startsInHours),
      ends_at: at(startsInHours + 1),
      modality: 'video' as const,
      kind: 'intake' as const,
    });
    await db
      .insertInto('appointments')
      .values([appointment('a-met', 'r-met', -10), appointment('a-late', 'r-late', 30)])
      .execute();
    app = buildServer({ db, logger: { level: 'silent' } });
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('counts each request once by its outcome, and none of the cancelled', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/access/requests-by-week?weeks=2',
      headers: await bearerFor(database.db, 'regulator'),
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      timeZone: string;
      weeks: { weekStart: string; standard: string; [count: string]: unknown }[];
    };
    expect(body.timeZone).toBe('America/Los_Angeles');
    const sum = (field: string) =>
      body.weeks
        .filter((row) => row.standard === STANDARD)
        .reduce((total, row) => total + Number(row[field]), 0);
    expect({
      requests: sum('requests'),
      met: sum('met'),
      missed: sum('missed'),
      referred: sum('referred'),
      pending: sum('pending'),
    }).toEqual({ requests: 5, met: 1, missed: 2, referred: 1, pending: 1 });
    for (const row of body.weeks) expect(row.weekStart).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Counts only: no member, request or clinician is named.
    expect(response.body).not.toMatch(/agg-1|M-AGG-1|Test Member|r-met|c-1/);
  });

  it('is refused to the roles that do not answer for access', async () => {
    for (const role of ['hotline'] as const) {
      const response = await app.inject({
        method: 'GET',
        url: '/access/requests-by-week',
        headers: await bearerFor(database.db, role),
      });
      expect(response.statusCode).toBe(403);
    }
    expect((await app.inject({ method: 'GET', url: '/access/requests-by-week' })).statusCode).toBe(
      401,
    );
  });

  it('refuses a window of weeks out of range', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/access/requests-by-week?weeks=54',
      headers: await bearerFor(database.db, 'compliance'),
    });
    expect(response.statusCode).toBe(400);
  });
});
