/**
 * The at-risk list and the breach list over HTTP, on every back end
 * (`access-lists.*.int.test.ts`), against a small network whose every row was placed by
 * hand. The clock is fixed at Wednesday 25 November 2026, 10:00 in Los Angeles: the
 * next two days are Thanksgiving and the day after (state holidays), then a weekend,
 * so the next business days are Monday 30 November (1), Tuesday 1 December (2),
 * Wednesday 2 December (3) and Thursday 3 December (4).
 *
 * Requests (north unless said; S = 10 business days, U = urgent 48 hours; "→" is the
 * deadline in force when an extension is recorded):
 *
 * | request            | status     | deadline (PST)          | appointments              | at risk (3 days)  | breach              |
 * | ------------------ | ---------- | ----------------------- | ------------------------- | ----------------- | ------------------- |
 * | b-extension        | booked     | Fri 11-13 → Fri 11-27   | Mon 11-23 booked          | —                 | extension-recorded  |
 * | b-both             | booked     | Mon 11-16               | Thu 11-12 member-cancelled, Fri 11-13 no-show | — | patient-declined (before no-show) |
 * | b-declined         | cancelled  | Tue 11-17               | Mon 11-16, member cancels | —                 | patient-declined    |
 * | b-noshow           | booked     | Wed 11-18               | Tue 11-17 no-show         | —                 | no-show             |
 * | b-late             | booked     | Thu 11-19               | Mon 11-23 completed       | —                 | no-capacity         |
 * | b-extension-missed | open       | Thu 11-12 → Fri 11-20   | —                         | overdue, −3       | no-capacity (11-20) |
 * | b-waiting          | open       | Fri 11-20               | —                         | overdue, −3       | no-capacity         |
 * | b-south (south, U) | waitlisted | Sat 11-21 12:00         | —                         | overdue, −3       | no-capacity         |
 * | ar-overdue         | open       | Tue 11-24               | —                         | overdue, −1       | no-capacity         |
 * | ar-extended-soon   | open       | Tue 11-24 → Tue 12-01   | —                         | 2                 | extension-recorded  |
 * | ar-today (U)       | waitlisted | Wed 11-25 20:00         | —                         | 0                 | —                   |
 * | ar-holiday (U)     | open       | Fri 11-27 09:00 (hol.)  | —                         | 1                 | —                   |
 * | ar-late-booking    | waitlisted | Mon 11-30               | Fri 12-04 booked (late)   | 1                 | —                   |
 * | ar-monday          | open       | Mon 11-30               | —                         | 1                 | —                   |
 * | ar-south (south)   | open       | Tue 12-01               | —                         | 2                 | —                   |
 * | ar-wed             | open       | Wed 12-02               | —                         | 3                 | —                   |
 * | ar-thu             | open       | Thu 12-03               | —                         | 4: not at 3 days  | —                   |
 * | ar-extended-far    | open       | Mon 11-30 → Fri 12-11   | —                         | no                | —                   |
 * | ar-fits            | open       | Mon 11-30               | Mon 11-30 booked          | no: it fits       | —                   |
 * | ar-placed          | booked     | Mon 11-30               | Mon 11-30 booked          | no: not waiting   | —                   |
 * | n-met              | booked     | Fri 11-20               | Thu 11-19 completed       | —                 | no: seen in time    |
 * | n-noshow-then-seen | booked     | Fri 11-20               | no-show 11-16, done 11-18 | —                 | no: seen in time    |
 * | n-referred         | referred   | Tue 11-10               | —                         | —                 | no: referred out    |
 * | n-plan-cancelled   | cancelled  | Tue 11-17               | Mon 11-16, plan cancels   | —                 | no: withdrawn       |
 * | n-old              | booked     | Wed 07-01               | Mon 07-06 completed       | —                 | outside 90 days     |
 *
 * Business-day deadlines end at 23:59:59.999 local time.
 */
import { parse } from 'csv-parse/sync';
import type { InjectOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { seedNetwork } from '../booking/booking-fixture.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { buildServer, type TimelyServer } from './app.ts';
import { type AuthHeaders, bearerFor } from './auth/test-credentials.ts';

type Json = Record<string, unknown>;

/** Wednesday 25 November 2026, 10:00 in Los Angeles (PST, UTC−8). */
const NOW = new Date('2026-11-25T10:00:00-08:00');
const S = 'nonurgent-nonphysician-mh';
const U = 'urgent-no-prior-auth';
const F = 'followup-nonphysician-mh';

/** A Pacific standard time in November/December 2026 (`11-20 10:00`). */
const pst = (dayTime: string) => new Date(`2026-${dayTime.replace(' ', 'T')}:00-08:00`);
/** The end of a business day: where a business-day deadline falls. */
const endOf = (day: string) => new Date(`2026-${day}T23:59:59.999-08:00`);

const AT_RISK = [
  'b-extension-missed',
  'b-waiting',
  'b-south',
  'ar-overdue',
  'ar-today',
  'ar-holiday',
  'ar-late-booking',
  'ar-monday',
  'ar-extended-soon',
  'ar-south',
  'ar-wed',
];
const BREACHES = [
  'b-extension',
  'b-both',
  'b-declined',
  'b-noshow',
  'b-late',
  'b-extension-missed',
  'b-waiting',
  'b-south',
  'ar-extended-soon',
  'ar-overdue',
];

export function describeAccessLists(open: () => Promise<TestDatabase>): void {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let app: TimelyServer;
  let scheduler: AuthHeaders;
  let compliance: AuthHeaders;

  beforeAll(async () => {
    // Only Date is faked: timers, and so the database drivers, run as usual.
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    database = await open();
    db = database.db;
    await migrateToLatest(db);
    await seedNetwork(db); // north: clinicians c-1…c-3 (weekday templates), patients p-1…p-400
    await db.insertInto('medical_centers').values({ id: 'south', name: 'South' }).execute();
    await db
      .insertInto('patients')
      .values(
        [1, 2].map((n) => ({
          center_id: 'south',
          id: `s-${n}`,
          member_number: `S${n}`,
          name: `South ${n}`,
        })),
      )
      .execute();

    let patient = 0;
    const request = (
      id: string,
      status: 'open' | 'booked' | 'referred' | 'waitlisted',
      deadline: Date,
      extra: { standard?: string; extension?: Date; center?: string } = {},
    ) => {
      const center = extra.center ?? 'north';
      const standard = extra.standard ?? S;
      patient += 1;
      return {
        center_id: center,
        id,
        patient_id: center === 'north' ? `p-${patient}` : `s-${patient % 2 === 0 ? 2 : 1}`,
        type:
          standard === U
            ? ('urgent-intake' as const)
            : standard === F
              ? ('followup' as const)
              : ('routine-intake' as const),
        standard,
        clock_start: new Date(deadline.getTime() - 7 * 86_400_000),
        deadline,
        status,
        ...(extra.extension
          ? {
              extension_deadline: extra.extension,
              extension_reason: 'treating provider: a longer wait will not harm the patient',
              extension_recorded_by: 'c-1',
              extension_recorded_at: new Date(deadline.getTime() - 86_400_000),
            }
          : {}),
      };
    };
    await db
      .insertInto('requests')
      .values([
        request('b-extension', 'booked', endOf('11-13'), { extension: endOf('11-27') }),
        request('b-both', 'booked', endOf('11-16')),
        request('b-declined', 'booked', endOf('11-17')),
        request('b-noshow', 'booked', endOf('11-18')),
        request('b-late', 'booked', endOf('11-19')),
        request('b-extension-missed', 'open', endOf('11-12'), { extension: endOf('11-20') }),
        request('b-waiting', 'open', endOf('11-20')),
        request('b-south', 'waitlisted', pst('11-21 12:00'), { standard: U, center: 'south' }),
        request('ar-overdue', 'open', endOf('11-24')),
        request('ar-extended-soon', 'open', endOf('11-24'), { extension: endOf('12-01') }),
        request('ar-today', 'waitlisted', pst('11-25 20:00'), { standard: U }),
        request('ar-holiday', 'open', pst('11-27 09:00'), { standard: U }),
        request('ar-late-booking', 'waitlisted', endOf('11-30'), { standard: F }),
        request('ar-monday', 'open', endOf('11-30')),
        request('ar-south', 'open', endOf('12-01'), { center: 'south' }),
        request('ar-wed', 'open', endOf('12-02')),
        request('ar-thu', 'open', endOf('12-03')),
        request('ar-extended-far', 'open', endOf('11-30'), { extension: endOf('12-11') }),
        request('ar-fits', 'open', endOf('11-30')),
        request('ar-placed', 'booked', endOf('11-30')),
        request('n-met', 'booked', endOf('11-20')),
        request('n-noshow-then-seen', 'booked', endOf('11-20')),
        request('n-referred', 'referred', endOf('11-10')),
        request('n-plan-cancelled', 'booked', endOf('11-17')),
        request('n-old', 'booked', new Date('2026-07-01T23:59:59.999-07:00')),
      ])
      .execute();

    const patients = new Map(
      (await db.selectFrom('requests').select(['id', 'patient_id']).execute()).map((r) => [
        r.id,
        r.patient_id,
      ]),
    );
    const appointment = (
      requestId: string,
      start: Date,
      status: 'booked' | 'completed' | 'no-show' | 'cancelled' = 'booked',
    ) => ({
      center_id: 'north',
      id: `a-${requestId}-${start.toISOString().slice(5, 13)}`,
      clinician_id: 'c-1',
      patient_center_id: 'north',
      patient_id: patients.get(requestId) ?? '',
      request_id: requestId,
      starts_at: start,
      ends_at: new Date(start.getTime() + 3_600_000),
      modality: 'in-person' as const,
      kind: 'intake' as const,
      status,
    });
    await db
      .insertInto('appointments')
      .values([
        appointment('b-extension', pst('11-23 10:00')),
        // Written by another path than the cancel route: the member's cancellation as stored.
        {
          ...appointment('b-both', pst('11-12 11:00'), 'cancelled'),
          cancelled_by: 'member' as const,
        },
        appointment('b-both', pst('11-13 10:00'), 'no-show'),
        appointment('b-declined', pst('11-16 10:00')),
        appointment('b-noshow', pst('11-17 10:00'), 'no-show'),
        appointment('b-late', pst('11-23 11:00'), 'completed'),
        appointment('ar-late-booking', pst('12-04 10:00')),
        appointment('ar-fits', pst('11-30 10:00')),
        appointment('ar-placed', pst('11-30 11:00')),
        appointment('n-met', pst('11-19 10:00'), 'completed'),
        appointment('n-noshow-then-seen', pst('11-16 11:00'), 'no-show'),
        appointment('n-noshow-then-seen', pst('11-18 10:00'), 'completed'),
        appointment('n-plan-cancelled', pst('11-16 12:00')),
        appointment('n-old', new Date('2026-07-06T10:00:00-07:00'), 'completed'),
      ])
      .execute();

    scheduler = await bearerFor(db, 'scheduler');
    compliance = await bearerFor(db, 'compliance');
    app = buildServer({ db, logger: { level: 'silent' } });
    await app.ready();

    // The two cancellations go through the API, as a scheduler records them: one the
    // member's, one the plan's (the default).
    const cancel = async (requestId: string, payload?: Json) => {
      const row = await db
        .selectFrom('appointments')
        .select('id')
        .where('request_id', '=', requestId)
        .executeTakeFirstOrThrow();
      const response = await app.inject({
        method: 'POST',
        url: `/appointments/north/${row.id}/cancel`,
        headers: scheduler,
        ...(payload === undefined ? {} : { payload }),
      });
      expect(response.statusCode, response.body).toBe(200);
    };
    await cancel('b-declined', { by: 'member' });
    await cancel('n-plan-cancelled');
  }, 60_000);

  afterAll(async () => {
    vi.useRealTimers();
    await app?.close();
    await database?.dispose();
  });

  async function call(
    url: string,
    as: AuthHeaders | null = scheduler,
    options: InjectOptions = {},
  ) {
    const response = await app.inject({ url, ...options, headers: { ...as, ...options.headers } });
    const json =
      response.headers['content-type']?.toString().includes('json') === true
        ? (response.json() as Json)
        : {};
    return { status: response.statusCode, headers: response.headers, body: response.body, json };
  }
  const items = (json: Json) => json.items as Json[];
  const ids = (json: Json) => items(json).map((item) => item.id);

  /** Every page of a list, walked with the cursor. */
  async function everyPage(url: string, limit: number): Promise<Json[]> {
    const rows: Json[] = [];
    let cursor: string | null = null;
    do {
      const separator = url.includes('?') ? '&' : '?';
      const next: string = `${url}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const { status, json } = await call(next);
      expect(status).toBe(200);
      expect(items(json).length).toBeLessThanOrEqual(limit);
      rows.push(...items(json));
      cursor = json.nextCursor as string | null;
    } while (cursor !== null);
    return rows;
  }

  /** The requests' read events (ids are random: compare sets, not positions). */
  function auditedReads() {
    return db
      .selectFrom('audit_events')
      .select(['id', 'entity_id', 'patient_id', 'actor_role', 'detail'])
      .where('action', '=', 'R')
      .where('entity_type', '=', 'Request')
      .execute();
  }

  it('records who cancelled: the member when the route is told so, else the plan', async () => {
    const rows = await db
      .selectFrom('appointments')
      .select(['request_id', 'status', 'cancelled_by'])
      .where('request_id', 'in', ['b-declined', 'n-plan-cancelled'])
      .orderBy('request_id')
      .execute();
    expect(rows).toEqual([
      { request_id: 'b-declined', status: 'cancelled', cancelled_by: 'member' },
      { request_id: 'n-plan-cancelled', status: 'cancelled', cancelled_by: 'plan' },
    ]);
    const live = await db
      .selectFrom('appointments')
      .select('id')
      .where('request_id', '=', 'ar-fits')
      .executeTakeFirstOrThrow();
    const bad = await call(`/appointments/north/${live.id}/cancel`, scheduler, {
      method: 'POST',
      payload: { by: 'clinician' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.errors)).toContain('"path":"by"');
  });

  it('lists the requests at risk within 3 business days, overdue ones first, earliest deadline first', async () => {
    const { status, json } = await call('/access/at-risk');
    expect(status).toBe(200);
    expect(ids(json)).toEqual(AT_RISK);
    expect(json).toMatchObject({
      asOf: NOW.toISOString(),
      timeZone: 'America/Los_Angeles',
      days: 3,
      // After the 3rd business day (Wednesday 2 December): Thursday's midnight.
      atRiskBefore: pst('12-03 00:00').toISOString(),
      nextCursor: null,
    });
    const byId = new Map(items(json).map((item) => [item.id, item]));
    expect(
      AT_RISK.map((id) => [id, byId.get(id)?.businessDaysLeft, byId.get(id)?.overdue]),
    ).toEqual([
      ['b-extension-missed', -3, true],
      ['b-waiting', -3, true],
      ['b-south', -3, true],
      ['ar-overdue', -1, true],
      ['ar-today', 0, false],
      ['ar-holiday', 1, false],
      ['ar-late-booking', 1, false],
      ['ar-monday', 1, false],
      ['ar-extended-soon', 2, false],
      ['ar-south', 2, false],
      ['ar-wed', 3, false],
    ]);
    expect(byId.get('ar-extended-soon')).toEqual({
      centerId: 'north',
      id: 'ar-extended-soon',
      type: 'routine-intake',
      standard: S,
      status: 'open',
      clockStart: new Date(endOf('11-24').getTime() - 7 * 86_400_000).toISOString(),
      deadline: endOf('12-01').toISOString(),
      standardDeadline: endOf('11-24').toISOString(),
      extensionDeadline: endOf('12-01').toISOString(),
      businessDaysLeft: 2,
      overdue: false,
    });
  });

  it('widens and narrows with days: 0 is today (and the overdue), 4 reaches Thursday', async () => {
    expect(ids((await call('/access/at-risk?days=0')).json)).toEqual(AT_RISK.slice(0, 5));
    const four = ids((await call('/access/at-risk?days=4')).json);
    expect(four).toEqual([...AT_RISK, 'ar-thu']);
    const tooMany = await call('/access/at-risk?days=31');
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.json.errors)).toContain('"path":"days"');
  });

  it('filters the at-risk list by center, standard and type', async () => {
    expect(ids((await call('/access/at-risk?center=south')).json)).toEqual(['b-south', 'ar-south']);
    expect(ids((await call(`/access/at-risk?standard=${U}`)).json)).toEqual([
      'b-south',
      'ar-today',
      'ar-holiday',
    ]);
    expect(ids((await call('/access/at-risk?type=followup')).json)).toEqual(['ar-late-booking']);
    const bad = await call('/access/at-risk?type=walk-in');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.errors)).toContain('"path":"type"');
  });

  it('walks the at-risk list in pages: the same rows, once each, in order', async () => {
    const first = await call('/access/at-risk?limit=4');
    expect(ids(first.json)).toEqual(AT_RISK.slice(0, 4));
    expect((await everyPage('/access/at-risk', 4)).map((row) => row.id)).toEqual(AT_RISK);
    const cursor = encodeURIComponent(first.json.nextCursor as string);
    const otherFilter = await call(`/access/at-risk?limit=4&center=south&cursor=${cursor}`);
    expect(otherFilter.status).toBe(400);
    expect(JSON.stringify(otherFilter.json.errors)).toContain('"path":"cursor"');
  });

  it('lists the breaches of the last 90 days with their cause, earliest deadline first', async () => {
    const { status, json } = await call('/access/breaches');
    expect(status).toBe(200);
    expect(ids(json)).toEqual(BREACHES);
    expect(items(json).map((row) => [row.id, row.cause])).toEqual([
      ['b-extension', 'extension-recorded'],
      ['b-both', 'patient-declined'],
      ['b-declined', 'patient-declined'],
      ['b-noshow', 'no-show'],
      ['b-late', 'no-capacity'],
      ['b-extension-missed', 'no-capacity'],
      ['b-waiting', 'no-capacity'],
      ['b-south', 'no-capacity'],
      ['ar-extended-soon', 'extension-recorded'],
      ['ar-overdue', 'no-capacity'],
    ]);
    expect(json).toMatchObject({
      from: '2026-08-27',
      to: '2026-11-25',
      totals: {
        'extension-recorded': 2,
        'patient-declined': 2,
        'no-show': 1,
        'no-capacity': 5,
        all: 10,
      },
    });
    const byId = new Map(items(json).map((item) => [item.id, item]));
    // Listed at the standard's deadline: the extension covers what came after.
    expect(byId.get('b-extension')).toEqual({
      centerId: 'north',
      id: 'b-extension',
      type: 'routine-intake',
      standard: S,
      status: 'booked',
      clockStart: new Date(endOf('11-13').getTime() - 7 * 86_400_000).toISOString(),
      deadline: endOf('11-13').toISOString(),
      standardDeadline: endOf('11-13').toISOString(),
      extensionDeadline: endOf('11-27').toISOString(),
      cause: 'extension-recorded',
      firstVisit: pst('11-23 10:00').toISOString(),
    });
    // The extension's deadline passed too: listed at it, a breach like any other.
    expect(byId.get('b-extension-missed')).toMatchObject({
      deadline: endOf('11-20').toISOString(),
      standardDeadline: endOf('11-12').toISOString(),
      firstVisit: null,
    });
    expect(byId.get('b-declined')).toMatchObject({ status: 'cancelled', firstVisit: null });
    expect(byId.get('b-late')).toMatchObject({ firstVisit: pst('11-23 11:00').toISOString() });
  });

  it('filters breaches by cause (the totals stay those of the other filters), center, standard and days', async () => {
    const noCapacity = await call('/access/breaches?cause=no-capacity');
    expect(ids(noCapacity.json)).toEqual([
      'b-late',
      'b-extension-missed',
      'b-waiting',
      'b-south',
      'ar-overdue',
    ]);
    expect(noCapacity.json.totals).toMatchObject({ 'no-capacity': 5, all: 10 });
    for (const [cause, expected] of [
      ['patient-declined', ['b-both', 'b-declined']],
      ['no-show', ['b-noshow']],
      ['extension-recorded', ['b-extension', 'ar-extended-soon']],
    ] as const) {
      expect(ids((await call(`/access/breaches?cause=${cause}`)).json)).toEqual(expected);
    }
    const south = await call('/access/breaches?center=south');
    expect(ids(south.json)).toEqual(['b-south']);
    expect(south.json.totals).toEqual({
      'extension-recorded': 0,
      'patient-declined': 0,
      'no-show': 0,
      'no-capacity': 1,
      all: 1,
    });
    expect(ids((await call(`/access/breaches?standard=${U}`)).json)).toEqual(['b-south']);
    // 18–21 November: b-extension-missed is in by its extension (its own deadline, 12th, is not).
    expect(ids((await call('/access/breaches?from=2026-11-18&to=2026-11-21')).json)).toEqual([
      'b-noshow',
      'b-late',
      'b-extension-missed',
      'b-waiting',
      'b-south',
    ]);
    expect(ids((await call('/access/breaches?from=2026-07-01&to=2026-07-01')).json)).toEqual([
      'n-old',
    ]);
  });

  it('refuses a bad window or cause, naming the field', async () => {
    for (const [query, field] of [
      ['from=2026-11-20&to=2026-11-19', 'from'],
      ['from=2025-01-01&to=2026-11-19', 'from'],
      ['to=2026-02-30', 'to'],
      ['cause=weather', 'cause'],
    ] as const) {
      const { status, json } = await call(`/access/breaches?${query}`);
      expect(status, query).toBe(400);
      expect(JSON.stringify(json.errors), query).toContain(`"path":"${field}"`);
    }
  });

  it('walks the breach list in pages: the same rows, once each, in order', async () => {
    expect((await everyPage('/access/breaches', 2)).map((row) => row.id)).toEqual(BREACHES);
    expect((await everyPage('/access/breaches?cause=no-capacity', 2)).map((row) => row.id)).toEqual(
      ['b-late', 'b-extension-missed', 'b-waiting', 'b-south', 'ar-overdue'],
    );
  });

  it('exports both lists as CSV: every row of the JSON pages, same order, same values', async () => {
    for (const [url, name] of [
      ['/access/at-risk?days=4', 'at-risk.csv'],
      ['/access/breaches?cause=no-capacity', 'breaches.csv'],
      ['/access/breaches', 'breaches.csv'],
    ] as const) {
      const json = await everyPage(url, 3);
      const csv = await call(`${url}${url.includes('?') ? '&' : '?'}format=csv&limit=1`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe(`attachment; filename="${name}"`);
      const [header, ...rows] = parse(csv.body) as string[][];
      expect(header).toEqual(Object.keys(json[0] ?? {}));
      const asCells = json.map((row) =>
        Object.values(row).map((value) => (value === null ? '' : String(value))),
      );
      expect(rows).toEqual(asCells);
    }
  });

  it('audits every row shown or exported, naming the member, before answering', async () => {
    const before = new Set((await auditedReads()).map((event) => event.id));
    await call('/access/at-risk?center=south');
    await call('/access/breaches?cause=patient-declined&format=csv', compliance);
    const added = (await auditedReads())
      .filter((event) => !before.has(event.id))
      .map(({ id: _id, ...event }) => event)
      .sort((a, b) => a.entity_id.localeCompare(b.entity_id));
    const patientOf = async (id: string) =>
      (
        await db
          .selectFrom('requests')
          .select('patient_id')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).patient_id;
    expect(added).toEqual([
      {
        entity_id: 'ar-south',
        patient_id: await patientOf('ar-south'),
        actor_role: 'scheduler',
        detail: { list: 'at-risk', format: 'json' },
      },
      {
        entity_id: 'b-both',
        patient_id: await patientOf('b-both'),
        actor_role: 'compliance',
        detail: { list: 'breaches', format: 'csv' },
      },
      {
        entity_id: 'b-declined',
        patient_id: await patientOf('b-declined'),
        actor_role: 'compliance',
        detail: { list: 'breaches', format: 'csv' },
      },
      {
        entity_id: 'b-south',
        patient_id: await patientOf('b-south'),
        actor_role: 'scheduler',
        detail: { list: 'at-risk', format: 'json' },
      },
    ]);
  });

  it('answers admin, scheduler and compliance; refuses the regulator, the hotline and the public, reading nothing', async () => {
    const admin = await bearerFor(db, 'admin');
    const regulator = await bearerFor(db, 'regulator');
    const hotline = await bearerFor(db, 'hotline');
    for (const url of ['/access/at-risk', '/access/breaches', '/access/breaches?format=csv']) {
      for (const as of [admin, scheduler, compliance])
        expect((await call(url, as)).status).toBe(200);
      const before = (await auditedReads()).length;
      expect((await call(url, regulator)).status, url).toBe(403);
      expect((await call(url, hotline)).status, url).toBe(403);
      expect((await call(url, null)).status, url).toBe(401);
      expect((await auditedReads()).length).toBe(before);
    }
  });

  it('describes both lists in the OpenAPI document', async () => {
    const { status, json } = await call('/openapi.json', null);
    expect(status).toBe(200);
    const paths = json.paths as Record<string, { get: { parameters: { name: string }[] } }>;
    const names = (path: string) => paths[path]?.get.parameters.map((p) => p.name).sort();
    expect(names('/access/at-risk')).toEqual(
      ['center', 'cursor', 'days', 'format', 'limit', 'standard', 'type'].sort(),
    );
    expect(names('/access/breaches')).toEqual(
      ['cause', 'center', 'cursor', 'format', 'from', 'limit', 'standard', 'to'].sort(),
    );
    const schemas = (json.components as { schemas: Record<string, unknown> }).schemas;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['AtRiskList', 'AtRiskRequest', 'BreachList', 'Breach']),
    );
  });

  it('gives the booking roles the engine’s options for an at-risk row, and the booked row leaves the list', async () => {
    const options = await call('/requests/north/ar-wed/availability');
    expect(options.status).toBe(200);
    expect((options.json.options as Json[]).length).toBeGreaterThan(0);
    // Compliance reads the list but does not book from it.
    expect((await call('/requests/north/ar-wed/availability', compliance)).status).toBe(403);
    const booked = await call('/requests/north/ar-wed/book', scheduler, {
      method: 'POST',
      headers: { 'idempotency-key': 'at-risk-ar-wed' },
    });
    expect(booked.status, booked.body).toBe(201);
    expect(booked.json).toMatchObject({ outcome: 'booked', evaluation: { met: true } });
    expect(ids((await call('/access/at-risk')).json)).toEqual(
      AT_RISK.filter((id) => id !== 'ar-wed'),
    );
  });
}
