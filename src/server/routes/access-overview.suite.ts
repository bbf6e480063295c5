/**
 * The access overview's aggregate routes against a hand-built set of requests, run
 * unchanged on PGlite and on a PostgreSQL server (`access-overview.*.int.test.ts`):
 * every figure is checked against a count made by hand from the rows below, and each
 * route answers only the roles that answer for access.
 *
 * The rows are placed relative to this week's and last week's Mondays (the routes judge
 * as of the real clock), so the same expectations hold whatever day the suite runs.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../auth/accounts.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { Database } from '../../db/schema.ts';
import type { TestDatabase } from '../../db/test-databases.ts';
import { BusinessCalendar, CALIFORNIA } from '../../engine/rules/calendar.ts';
import { instantFromEpochMs, localDayOf } from '../../engine/time.ts';
import { buildServer, type TimelyServer } from '../app.ts';
import { bearerFor } from '../auth/test-credentials.ts';
import { ACCESS_TIME_ZONE, weekWindow } from './access-window.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const S1 = 'nonurgent-nonphysician-mh';
const S2 = 'nonurgent-psychiatry';
const S3 = 'urgent-no-prior-auth';
const CALENDAR = new BusinessCalendar(CALIFORNIA);
const ROUTES = [
  '/access/compliance?by=center',
  '/access/compliance?by=discipline',
  '/access/wait-times',
  '/access/open-requests',
];

type Status = 'open' | 'booked' | 'referred' | 'waitlisted' | 'cancelled';
type Json = Record<string, unknown>;

/** Business days after `from`'s local day up to `to`'s: the engine's own count. */
function businessDaysBetween(from: Date, to: Date): number {
  const day = (at: Date) => localDayOf(instantFromEpochMs(at.getTime()), ACCESS_TIME_ZONE);
  return CALENDAR.businessDaysBetween(day(from), day(to));
}

/** Nearest rank, by hand: the value at rank ⌈p·n⌉ of the sorted waits. */
function nearestRank(sorted: readonly number[], p: number): number | undefined {
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
}

export function describeAccessOverview(open: () => Promise<TestDatabase>): void {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let app: TimelyServer;
  const now = new Date();
  const window = weekWindow(now, 13);
  const thisMonday = window.starts[12] as Date;
  const lastMonday = window.starts[11] as Date;
  const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
  /** Clocks: last week's Monday 01:00; this week's Monday 00:01 (may be ahead of now). */
  const lastClock = at(lastMonday, HOUR);
  const thisClock = at(thisMonday, 60_000);
  /** Appointment starts (10:00 local on the nth day after last Monday), kept for the waits. */
  const seen = {
    r1: at(lastMonday, DAY + 10 * HOUR),
    r2: at(lastMonday, 5 * DAY + 10 * HOUR),
    r5: at(lastMonday, 2 * DAY + 10 * HOUR),
    r5second: at(lastMonday, 4 * DAY + 10 * HOUR),
    r7cancelled: at(lastMonday, DAY + 10 * HOUR),
    r7: at(lastMonday, 6 * DAY + 10 * HOUR),
    r8: at(lastMonday, 2 * DAY + 10 * HOUR),
    r10: at(now, DAY),
    r14: at(thisClock, 30 * HOUR),
  };

  beforeAll(async () => {
    database = await open();
    db = database.db;
    await migrateToLatest(db);
    await db
      .insertInto('medical_centers')
      .values([
        { id: 'north', name: 'North Valley' },
        { id: 'south', name: 'South Bay' },
      ])
      .execute();
    const clinician = (center_id: string, id: string, discipline: string) => ({
      center_id,
      id,
      name: `Clinician ${id}`,
      discipline,
      modalities: ['in-person' as const, 'video' as const],
    });
    await db
      .insertInto('clinicians')
      .values([
        clinician('north', 'c-psy', 'psychologist'),
        clinician('north', 'c-md', 'psychiatrist'),
        clinician('south', 'c-lcsw', 'lcsw'),
      ])
      .execute();
    await db
      .insertInto('patients')
      .values([
        { center_id: 'north', id: 'p-n', member_number: 'M-NORTH', name: 'North Member' },
        { center_id: 'south', id: 'p-s', member_number: 'M-SOUTH', name: 'South Member' },
      ])
      .execute();
    const request = (
      id: string,
      center: 'north' | 'south',
      standard: string,
      clock: Date,
      deadline: Date,
      status: Status,
      discipline: string | null = null,
    ) => ({
      center_id: center,
      id,
      patient_id: center === 'north' ? 'p-n' : 'p-s',
      type: standard === S3 ? ('urgent-intake' as const) : ('routine-intake' as const),
      standard,
      discipline,
      clock_start: clock,
      deadline,
      status,
    });
    const lastDeadline = at(lastMonday, 3 * DAY);
    const longAgo = at(lastMonday, -20 * 7 * DAY);
    await db
      .insertInto('requests')
      .values([
        // Last week, all deadlines passed.
        request('r1', 'north', S1, lastClock, lastDeadline, 'booked'), // met
        request('r2', 'north', S1, lastClock, lastDeadline, 'booked'), // seen late: missed
        request('r3', 'north', S1, lastClock, lastDeadline, 'referred', 'lmft'), // referred
        request('r4', 'south', S1, lastClock, lastDeadline, 'waitlisted'), // missed, waiting
        request('r5', 'south', S1, lastClock, lastDeadline, 'booked'), // met, two live visits
        request('r6', 'north', S1, lastClock, lastDeadline, 'cancelled'), // not counted
        request('r7', 'north', S1, lastClock, lastDeadline, 'booked'), // in-time one cancelled
        request('r8', 'south', S2, lastClock, lastDeadline, 'booked'), // met by a north MD
        // This week.
        request('r9', 'north', S1, thisClock, at(now, 10 * DAY), 'open', 'lcsw'), // pending
        request('r10', 'north', S1, thisClock, at(now, 10 * DAY), 'booked'), // met, ahead
        request('r11', 'south', S3, thisClock, at(now, HOUR), 'open'), // pending, at risk
        {
          // Pending: its recorded extension is the deadline, far off.
          ...request('r12', 'north', S1, thisClock, at(now, HOUR), 'open'),
          extension_deadline: at(now, 90 * DAY),
          extension_reason: 'provider noted a longer wait will not harm the patient',
          extension_recorded_by: 'c-psy',
          extension_recorded_at: now,
        },
        request('r14', 'north', S3, thisClock, at(thisClock, 48 * HOUR), 'booked'), // met
        // Twenty weeks ago: outside the window, still waiting.
        request('r13', 'north', S1, longAgo, at(longAgo, 2 * DAY), 'waitlisted'),
      ])
      .execute();
    const appointment = (
      id: string,
      requestId: string,
      patientCenter: 'north' | 'south',
      clinicianAt: readonly [string, string],
      starts: Date,
      status: 'booked' | 'completed' | 'cancelled' | 'no-show' = 'completed',
    ) => ({
      center_id: clinicianAt[0],
      id,
      clinician_id: clinicianAt[1],
      patient_center_id: patientCenter,
      patient_id: patientCenter === 'north' ? 'p-n' : 'p-s',
      request_id: requestId,
      starts_at: starts,
      ends_at: at(starts, HOUR),
      modality: 'video' as const,
      kind: 'intake' as const,
      status,
    });
    const psy = ['north', 'c-psy'] as const;
    await db
      .insertInto('appointments')
      .values([
        appointment('a1', 'r1', 'north', psy, seen.r1),
        appointment('a2', 'r2', 'north', psy, seen.r2, 'no-show'),
        appointment('a5', 'r5', 'south', ['south', 'c-lcsw'], seen.r5),
        appointment('a5b', 'r5', 'south', ['south', 'c-lcsw'], seen.r5second),
        appointment('a7x', 'r7', 'north', psy, seen.r7cancelled, 'cancelled'),
        appointment('a7', 'r7', 'north', psy, seen.r7),
        appointment('a8', 'r8', 'south', ['north', 'c-md'], seen.r8),
        appointment('a10', 'r10', 'north', psy, seen.r10, 'booked'),
        // Another clinician: a10 may fall at the same hour.
        appointment('a14', 'r14', 'north', ['north', 'c-md'], seen.r14, 'booked'),
      ])
      .execute();
    app = buildServer({ db, logger: { level: 'silent' } });
    await app.ready();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  async function read(url: string): Promise<Json> {
    const response = await app.inject({
      method: 'GET',
      url,
      headers: await bearerFor(db, 'compliance'),
    });
    expect(response.statusCode, response.body).toBe(200);
    // Counts only: no member, request, appointment or clinician is named.
    expect(response.body).not.toMatch(/"p-[ns]"|M-NORTH|North Member|"[ra]\d+b?x?"|c-psy|c-md/);
    return response.json() as Json;
  }

  type Row = Record<string, unknown>;
  const pick = (rows: unknown, week: Date, standard: string, group: string): Row | undefined =>
    (rows as Row[]).find(
      (row) =>
        row.weekStart === window.mondays[window.starts.indexOf(week)] &&
        row.standard === standard &&
        row.group === group,
    );
  const counts = (row: Row | undefined) =>
    row && {
      requests: row.requests,
      met: row.met,
      referred: row.referred,
      missed: row.missed,
      pending: row.pending,
      judged: row.judged,
      compliance: row.compliance,
    };
  const expected = (
    requests: number,
    met: number,
    referred: number,
    missed: number,
    pending: number,
  ) => {
    const judged = met + referred + missed;
    return {
      requests,
      met,
      referred,
      missed,
      pending,
      judged,
      compliance: judged ? met / judged : null,
    };
  };

  describe('GET /access/compliance', () => {
    it('judges each request once, by its medical center', async () => {
      const body = await read('/access/compliance?by=center');
      expect(body.by).toBe('center');
      expect(body.weeks).toEqual(window.mondays);
      expect(body.groups).toEqual([
        { id: 'north', name: 'North Valley' },
        { id: 'south', name: 'South Bay' },
      ]);
      const rows = body.rows;
      // Last week: r1 met, r2 late, r3 referred, r7 late (its in-time visit was cancelled);
      // r6 cancelled is not counted.
      expect(counts(pick(rows, lastMonday, S1, 'north'))).toEqual(expected(4, 1, 1, 2, 0));
      // r4 still waiting past its deadline; r5 met (two live visits, counted once).
      expect(counts(pick(rows, lastMonday, S1, 'south'))).toEqual(expected(2, 1, 0, 1, 0));
      // r8 is south's request, met by a north psychiatrist by video.
      expect(counts(pick(rows, lastMonday, S2, 'south'))).toEqual(expected(1, 1, 0, 0, 0));
      expect(pick(rows, lastMonday, S2, 'north')).toBeUndefined();
      // This week: r10 met ahead of time; r9 and r12 (extension) pending.
      expect(counts(pick(rows, thisMonday, S1, 'north'))).toEqual(expected(3, 1, 0, 0, 2));
      expect(counts(pick(rows, thisMonday, S3, 'south'))).toEqual(expected(1, 0, 0, 0, 1));
      expect(counts(pick(rows, thisMonday, S3, 'north'))).toEqual(expected(1, 1, 0, 0, 0));
      // r13 started twenty weeks ago: outside the window.
      const total = (rows as Row[]).reduce((sum, row) => sum + Number(row.requests), 0);
      expect(total).toBe(12);
    });

    it("groups by the serving clinician's discipline, else the request's, else unassigned", async () => {
      const body = await read('/access/compliance?by=discipline');
      expect(body.by).toBe('discipline');
      expect((body.groups as Row[]).map((group) => group.id)).toEqual([
        'lcsw',
        'lmft',
        'psychiatrist',
        'psychologist',
        'unassigned',
      ]);
      const rows = body.rows;
      expect(counts(pick(rows, lastMonday, S1, 'psychologist'))).toEqual(expected(3, 1, 0, 2, 0));
      expect(counts(pick(rows, lastMonday, S1, 'lmft'))).toEqual(expected(1, 0, 1, 0, 0));
      expect(counts(pick(rows, lastMonday, S1, 'lcsw'))).toEqual(expected(1, 1, 0, 0, 0));
      expect(counts(pick(rows, lastMonday, S1, 'unassigned'))).toEqual(expected(1, 0, 0, 1, 0));
      expect(counts(pick(rows, lastMonday, S2, 'psychiatrist'))).toEqual(expected(1, 1, 0, 0, 0));
      expect(counts(pick(rows, thisMonday, S1, 'lcsw'))).toEqual(expected(1, 0, 0, 0, 1));
      expect(counts(pick(rows, thisMonday, S1, 'psychologist'))).toEqual(expected(1, 1, 0, 0, 0));
      expect(counts(pick(rows, thisMonday, S1, 'unassigned'))).toEqual(expected(1, 0, 0, 0, 1));
      expect(counts(pick(rows, thisMonday, S3, 'unassigned'))).toEqual(expected(1, 0, 0, 0, 1));
      expect(counts(pick(rows, thisMonday, S3, 'psychiatrist'))).toEqual(expected(1, 1, 0, 0, 0));
    });

    it('adds up to the weekly outcomes of /access/requests-by-week', async () => {
      const compliance = await read('/access/compliance?by=discipline');
      const weekly = await read('/access/requests-by-week');
      for (const row of weekly.weeks as Row[]) {
        const same = (compliance.rows as Row[]).filter(
          (r) => r.weekStart === row.weekStart && r.standard === row.standard,
        );
        for (const field of ['requests', 'met', 'referred', 'missed', 'pending']) {
          expect(
            same.reduce((sum, r) => sum + Number(r[field]), 0),
            field,
          ).toBe(row[field]);
        }
      }
      expect((weekly.weeks as Row[]).length).toBe(4);
    });
  });

  describe('GET /access/wait-times', () => {
    it('measures each standard in its own unit, from the first live appointment', async () => {
      const body = await read('/access/wait-times');
      const standards = body.standards as Row[];
      expect(standards.map((s) => s.standard)).toEqual([S3, S1, S2]);

      // Business days (the engine's calendar), the first live visit: r5's first, r7's
      // live one (its cancelled visit does not count), r2's no-show (it ended the wait).
      const s1 = [
        businessDaysBetween(lastClock, seen.r1),
        businessDaysBetween(lastClock, seen.r2),
        businessDaysBetween(lastClock, seen.r5),
        businessDaysBetween(lastClock, seen.r7),
        businessDaysBetween(thisClock, seen.r10),
      ].sort((a, b) => a - b);
      const therapy = standards.find((s) => s.standard === S1) as Row;
      expect(therapy).toMatchObject({
        unit: 'business-days',
        limit: 10,
        appointed: 5,
        withinLimit: s1.filter((wait) => wait <= 10).length,
        p50: nearestRank(s1, 0.5),
        p90: nearestRank(s1, 0.9),
        p99: nearestRank(s1, 0.99),
      });
      const buckets = therapy.buckets as Row[];
      expect(buckets).toHaveLength(21);
      expect(buckets[20]).toEqual({ from: 20, to: null, count: 0 });
      for (const [i, bucket] of buckets.slice(0, 20).entries()) {
        expect(bucket, `bucket ${i}`).toEqual({
          from: i,
          to: i + 1,
          count: s1.filter((wait) => wait === i).length,
        });
      }

      // Hours, elapsed: r14 was seen 30 hours after its clock started.
      expect(standards.find((s) => s.standard === S3)).toMatchObject({
        unit: 'hours',
        limit: 48,
        appointed: 1,
        withinLimit: 1,
        p50: 30,
        p90: 30,
        p99: 30,
      });
      const urgent = (standards.find((s) => s.standard === S3) as Row).buckets as Row[];
      expect(urgent).toHaveLength(17);
      expect(urgent.filter((b) => b.count !== 0)).toEqual([{ from: 30, to: 36, count: 1 }]);

      const psychiatry = standards.find((s) => s.standard === S2) as Row;
      expect(psychiatry).toMatchObject({ unit: 'business-days', limit: 15, appointed: 1 });
      expect(psychiatry.p50).toBe(businessDaysBetween(lastClock, seen.r8));
    });
  });

  describe('GET /access/open-requests', () => {
    const byPair = (rows: unknown) =>
      Object.fromEntries(
        (rows as Row[]).map((row) => [
          `${row.center} ${row.standard}`,
          { open: row.open, atRisk: row.atRisk, missed: row.missed },
        ]),
      );

    it('counts the waiting requests: open, at risk within 2 business days, missed', async () => {
      const body = await read('/access/open-requests');
      expect(body.atRiskDays).toBe(2);
      expect(body.centers).toEqual([
        { id: 'north', name: 'North Valley' },
        { id: 'south', name: 'South Bay' },
      ]);
      expect(byPair(body.rows)).toEqual({
        // r9 (10 days ahead) and r12 (extended by 90 days) open; r13 waiting 20 weeks.
        [`north ${S1}`]: { open: 2, atRisk: 0, missed: 1 },
        // r4: deadline passed, still waitlisted.
        [`south ${S1}`]: { open: 0, atRisk: 0, missed: 1 },
        // r11: an hour left.
        [`south ${S3}`]: { open: 1, atRisk: 1, missed: 0 },
      });
    });

    it('takes the at-risk horizon in business days', async () => {
      const body = await read('/access/open-requests?atRiskDays=30');
      expect(byPair(body.rows)[`north ${S1}`]).toEqual({ open: 2, atRisk: 1, missed: 1 });
      expect(Date.parse(String(body.atRiskBefore))).toBeGreaterThan(now.getTime() + 30 * DAY);
    });
  });

  describe('who may read the overview', () => {
    it('answers compliance, and refuses the clinician and hotline (403) and the public (401)', async () => {
      const { token } = await createAccount(db, {
        name: 'overview-clinician',
        role: 'clinician',
        clinician: { centerId: 'north', id: 'c-psy' },
      });
      const refused = [{ authorization: `Bearer ${token.token}` }, await bearerFor(db, 'hotline')];
      for (const url of ROUTES) {
        for (const headers of refused) {
          const response = await app.inject({ method: 'GET', url, headers });
          expect(response.statusCode, url).toBe(403);
          expect(response.body).not.toMatch(/"rows"|"standards"/);
        }
        expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
        const allowed = await app.inject({
          method: 'GET',
          url,
          headers: await bearerFor(db, 'compliance'),
        });
        expect(allowed.statusCode, url).toBe(200);
      }
    });

    it('refuses queries out of range', async () => {
      const headers = await bearerFor(db, 'regulator');
      for (const url of [
        '/access/compliance?by=clinician',
        '/access/compliance?weeks=0',
        '/access/wait-times?weeks=54',
        '/access/open-requests?atRiskDays=31',
        '/access/open-requests?atRiskDays=-1',
        '/access/open-requests?center=north',
      ]) {
        const response = await app.inject({ method: 'GET', url, headers });
        expect(response.statusCode, url).toBe(400);
      }
    });
  });
}
