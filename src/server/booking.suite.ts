/**
 * The booking endpoints' suite, run unchanged on every back end
 * (`booking.pglite.int.test.ts`, `booking.postgres.int.test.ts`), like `api.suite.ts`.
 * One throw-away database and one server per run; the network is made through the API,
 * the members by one insert. The service runs on the real clock: templates are in force
 * from 2020 on, and every request's clock starts now, so the assertions are relative.
 *
 * The race over a real socket runs only where it proves something: on a PostgreSQL
 * server (PGlite has one connection, so its bookings run one after another).
 */
import type { InjectOptions } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { buildServer, type TimelyServer } from './app.ts';
import { type AuthHeaders, bearerFor } from './auth/test-credentials.ts';

type Json = Record<string, unknown>;
interface Option {
  clinicianId: string;
  centerId: string;
  start: string;
  end: string;
  evaluation: Json;
}

export interface BookingSuiteOptions {
  /** Concurrent POSTs over a real socket at a few slots; 0 skips the race. */
  readonly racers: number;
}

const PATIENTS = 400;
const WEEKDAYS = [1, 2, 3, 4, 5];
const STANDARD = 'nonurgent-nonphysician-mh';

export function describeBookingApi(
  open: () => Promise<TestDatabase>,
  { racers }: BookingSuiteOptions,
): void {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let app: TimelyServer;
  let auth: AuthHeaders;
  const clockStart = new Date().toISOString();

  /** A routine intake for patient `p-<n>` at the north center. */
  function intake(patient: number, extra: Json = {}): Json {
    return {
      type: 'routine-intake',
      standard: STANDARD,
      patientId: `p-${patient}`,
      clockStart,
      center: 'north',
      ...extra,
    };
  }

  /** As an admin: it also makes the network through the API. */
  async function call(options: InjectOptions) {
    const response = await app.inject({ ...options, headers: { ...auth, ...options.headers } });
    const json = response.body === '' ? undefined : (response.json() as Json);
    return { status: response.statusCode, headers: response.headers, json, body: response.body };
  }

  const book = (payload: Json, key?: string) =>
    call({
      method: 'POST',
      url: '/appointments',
      payload,
      ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }),
    });

  async function availability(patient: number, extra: Json = {}) {
    const query = new URLSearchParams(intake(patient, extra) as Record<string, string>);
    const response = await call({ url: `/availability?${query}` });
    expect(response.status, response.body).toBe(200);
    return response.json as { options: Option[]; deadline: string; evaluation: Json };
  }

  /** Rows of every table a booking writes, to prove a refusal wrote nothing. */
  async function counts(): Promise<number[]> {
    const tables = ['requests', 'appointments', 'idempotency_keys'] as const;
    return Promise.all(
      tables.map(async (table) => {
        const row = await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        return Number(row.n);
      }),
    );
  }

  beforeAll(async () => {
    database = await open();
    db = database.db;
    await migrateToLatest(db);
    auth = await bearerFor(db);
    app = buildServer({ db });
    await app.ready();
    const created = await call({
      method: 'POST',
      url: '/centers',
      payload: { id: 'north', name: 'North', lat: 34.05, lon: -118.25 },
    });
    expect(created.status, created.body).toBe(201);
    for (const id of ['c-1', 'c-2', 'c-3']) {
      const clinician = await call({
        method: 'POST',
        url: '/clinicians',
        payload: {
          centerId: 'north',
          id,
          name: `Clinician ${id}`,
          discipline: 'lcsw',
          modalities: ['in-person', 'video'],
        },
      });
      expect(clinician.status, clinician.body).toBe(201);
      const template = await call({
        method: 'POST',
        url: '/templates',
        payload: {
          centerId: 'north',
          id: `t-${id}`,
          clinicianId: id,
          name: 'weekday',
          effectiveFrom: '2020-01-06',
          sessions: WEEKDAYS.flatMap((weekday) => [
            { weekday, startTime: '09:00', minutes: 60, kind: 'intake' },
            { weekday, startTime: '10:00', minutes: 60, kind: 'intake' },
            { weekday, startTime: '13:00', minutes: 60, kind: 'followup' },
            { weekday, startTime: '14:00', minutes: 60, kind: 'followup' },
          ]),
          adminBlocks: WEEKDAYS.map((weekday) => ({ weekday, startTime: '12:00', minutes: 60 })),
        },
      });
      expect(template.status, template.body).toBe(201);
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
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('GET /availability: the standard, the deadline and the options, each evaluated; writes nothing', async () => {
    const before = await counts();
    const found = await availability(1);
    expect(found).toMatchObject({
      standard: STANDARD,
      deadline: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      evaluation: { standard: STANDARD, status: 'open', met: null },
      waitlistReason: null,
    });
    expect(found.options.length).toBeGreaterThan(0);
    for (const option of found.options) {
      expect(option).toMatchObject({ centerId: 'north', kind: 'intake' });
      expect(Date.parse(option.start)).toBeGreaterThanOrEqual(Date.parse(clockStart));
      expect(option.evaluation).toMatchObject({ deadline: found.deadline });
    }
    expect(found.options[0]?.evaluation).toMatchObject({ status: 'met', met: true });
    expect(await counts()).toEqual(before);
  });

  it('POST /appointments: 201 with Location and the appointment with its standard, deadline and evaluation', async () => {
    const found = await availability(2);
    const created = await book(intake(2));
    expect(created.status, created.body).toBe(201);
    const body = created.json as { appointment: Json & { id: string }; requestId: string };
    expect(body).toMatchObject({
      outcome: 'booked',
      standard: STANDARD,
      deadline: found.deadline,
      evaluation: { status: 'met', met: true },
      appointment: {
        centerId: 'north',
        clinicianId: found.options[0]?.clinicianId,
        start: found.options[0]?.start,
        patientId: 'p-2',
        status: 'booked',
      },
    });
    expect(created.headers['idempotent-replayed']).toBeUndefined();
    expect(created.headers.location).toBe(`/appointments/north/${body.appointment.id}`);
    // There is no GET of an appointment (yet): the row is read back from the database.
    const row = await db
      .selectFrom('appointments')
      .selectAll()
      .where('center_id', '=', 'north')
      .where('id', '=', body.appointment.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'booked', patient_id: 'p-2', request_id: body.requestId });
    expect(row.starts_at.toISOString()).toBe(body.appointment.start);
    // The slot is gone from the next request's options.
    const next = await availability(3);
    expect(next.options.map((o) => `${o.clinicianId}@${o.start}`)).not.toContain(
      `${body.appointment.clinicianId}@${body.appointment.start}`,
    );
  });

  it('a retried Idempotency-Key returns the first status and body, and books nothing more', async () => {
    const first = await book(intake(4), 'retry-key-1');
    expect(first.status, first.body).toBe(201);
    const before = await counts();
    const again = await book(intake(4), 'retry-key-1');
    expect(again.status).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await counts()).toEqual(before);
  });

  it('the same Idempotency-Key with another body is a 422 naming the header, writing nothing', async () => {
    expect((await book(intake(5), 'retry-key-2')).status).toBe(201);
    const before = await counts();
    const refused = await book(intake(6), 'retry-key-2');
    expect(refused.status, refused.body).toBe(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json).toMatchObject({
      errors: [{ path: 'Idempotency-Key', in: 'header', message: expect.any(String) }],
    });
    expect(await counts()).toEqual(before);
  });

  it('a taken slot is a 409 problem with the next options, writing nothing', async () => {
    const [first] = (await availability(7)).options;
    const slot = { clinicianId: first!.clinicianId, start: first!.start };
    expect((await book(intake(7, { slot }))).status).toBe(201);
    const before = await counts();
    const lost = await book(intake(8, { slot }), 'loser-key');
    expect(lost.status, lost.body).toBe(409);
    expect(lost.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = lost.json as { nextOptions: Option[] };
    expect(body).toMatchObject({
      type: 'urn:timely:problem:conflict',
      status: 409,
      reason: 'slot-taken',
      detail: 'the slot was taken; pick one of nextOptions',
      standard: STANDARD,
      deadline: expect.any(String),
    });
    expect(body.nextOptions.length).toBeGreaterThan(0);
    expect(body.nextOptions.map((o) => `${o.clinicianId}@${o.start}`)).not.toContain(
      `${slot.clinicianId}@${slot.start}`,
    );
    // Not even the key is kept: the client may retry it with another option.
    expect(await counts()).toEqual(before);
    const [next] = body.nextOptions;
    const retried = await book(
      intake(8, { slot: { clinicianId: next!.clinicianId, start: next!.start } }),
      'loser-key',
    );
    expect(retried.status, retried.body).toBe(201);
  });

  it('a request nothing fits is stored as waitlisted: 202 with the reason', async () => {
    const waiting = await book(intake(9, { language: 'vi' }));
    expect(waiting.status, waiting.body).toBe(202);
    expect(waiting.json).toMatchObject({
      outcome: 'waitlisted',
      reason: 'no-fitting-clinician',
      standard: STANDARD,
      evaluation: { status: 'open' },
    });
    const row = await db
      .selectFrom('requests')
      .select('status')
      .where('id', '=', String(waiting.json?.requestId))
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('waitlisted');
  });

  it('cancel: 200 with the evaluation; again 409; unknown or another center 404', async () => {
    const created = await book(intake(10));
    const url = `${created.headers.location}/cancel`;
    const cancelled = await call({ method: 'POST', url });
    expect(cancelled.status, cancelled.body).toBe(200);
    expect(cancelled.json).toMatchObject({
      outcome: 'cancelled',
      standard: STANDARD,
      evaluation: { status: 'met' },
      appointment: { status: 'cancelled' },
    });
    const again = await call({ method: 'POST', url });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ errors: [{ path: 'id', in: 'path' }] });
    const id = (created.json as { appointment: { id: string } }).appointment.id;
    for (const missing of [
      '/appointments/north/no-such-id/cancel',
      `/appointments/south/${id}/cancel`,
    ]) {
      const response = await call({ method: 'POST', url: missing });
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('reschedule: 200 with the new appointment after notBefore, the old one released', async () => {
    const created = await book(intake(11));
    const old = (created.json as { appointment: { id: string; end: string } }).appointment;
    const notBefore = new Date(Date.parse(old.end) + 24 * 3_600_000).toISOString();
    const moved = await call({
      method: 'POST',
      url: `${created.headers.location}/reschedule`,
      payload: { notBefore },
    });
    expect(moved.status, moved.body).toBe(200);
    const body = moved.json as { appointment: Json & { start: string }; previous: Json };
    expect(body).toMatchObject({
      outcome: 'rescheduled',
      standard: STANDARD,
      previous: { id: old.id, status: 'cancelled' },
      appointment: { replacesId: old.id, status: 'booked' },
    });
    expect(Date.parse(body.appointment.start)).toBeGreaterThanOrEqual(Date.parse(notBefore));
    const unknown = await call({
      method: 'POST',
      url: '/appointments/north/no-such-id/reschedule',
    });
    expect(unknown.status).toBe(404);
  });

  describe('bad input: a 4xx problem naming the field, nothing written', () => {
    const query = (fields: Json) =>
      `/availability?${new URLSearchParams(fields as Record<string, string>)}`;
    const cases: [string, InjectOptions, number, string, string][] = [
      [
        'unknown field in the body',
        { method: 'POST', url: '/appointments', payload: { ...intake(20), urgent: true } },
        400,
        'urgent',
        'body',
      ],
      [
        'unknown field in the slot',
        {
          method: 'POST',
          url: '/appointments',
          payload: { ...intake(20), slot: { clinicianId: 'c-1', start: clockStart, room: 1 } },
        },
        400,
        'slot.room',
        'body',
      ],
      [
        'impossible date',
        {
          method: 'POST',
          url: '/appointments',
          payload: intake(20, { clockStart: '2026-02-30T10:00:00Z' }),
        },
        400,
        'clockStart',
        'body',
      ],
      [
        'date-time without an offset',
        {
          method: 'POST',
          url: '/appointments',
          payload: intake(20, { notBefore: '2026-12-01T10:00:00' }),
        },
        400,
        'notBefore',
        'body',
      ],
      [
        'unknown standard',
        { method: 'POST', url: '/appointments', payload: intake(20, { standard: 'soon' }) },
        400,
        'standard',
        'body',
      ],
      [
        'missing field',
        { method: 'POST', url: '/appointments', payload: { ...intake(20), type: undefined } },
        400,
        'type',
        'body',
      ],
      [
        'Idempotency-Key with a space',
        {
          method: 'POST',
          url: '/appointments',
          payload: intake(20),
          headers: { 'idempotency-key': 'two words' },
        },
        400,
        'Idempotency-Key',
        'header',
      ],
      [
        'Idempotency-Key too long',
        {
          method: 'POST',
          url: '/appointments',
          payload: intake(20),
          headers: { 'idempotency-key': 'k'.repeat(201) },
        },
        400,
        'Idempotency-Key',
        'header',
      ],
      [
        'unknown patient',
        { method: 'POST', url: '/appointments', payload: intake(20, { patientId: 'p-none' }) },
        422,
        'patientId',
        'body',
      ],
      [
        'a slot that is not an option',
        {
          method: 'POST',
          url: '/appointments',
          payload: intake(20, {
            slot: { clinicianId: 'c-1', start: '2020-01-06T17:00:00Z' },
          }),
        },
        422,
        'slot',
        'body',
      ],
      [
        'unknown query parameter',
        { url: query({ ...intake(20), centre: 'north' }) },
        400,
        'centre',
        'query',
      ],
      [
        'bad date in the query',
        { url: query(intake(20, { clockStart: 'tomorrow' })) },
        400,
        'clockStart',
        'query',
      ],
      [
        'negative travel distance',
        { url: query(intake(20, { maxTravelKm: '-1' })) },
        400,
        'maxTravelKm',
        'query',
      ],
      ['bad modality', { url: query(intake(20, { modality: 'phone' })) }, 400, 'modality', 'query'],
      [
        'bad id in the path',
        { method: 'POST', url: '/appointments/north/bad%20id/cancel' },
        400,
        'id',
        'path',
      ],
      [
        'unknown field in a reschedule',
        {
          method: 'POST',
          url: '/appointments/north/any/reschedule',
          payload: { notBefore: clockStart, clinicianId: 'c-2' },
        },
        400,
        'clinicianId',
        'body',
      ],
    ];

    it.each(cases)('%s', async (_name, request, status, path, location) => {
      const before = await counts();
      const response = await call(request);
      expect(response.status, response.body).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json).toMatchObject({
        type: expect.stringMatching(/^urn:timely:problem:/),
        status,
        detail: expect.any(String),
      });
      expect((response.json as { errors: Json[] }).errors[0]).toEqual({
        path,
        in: location,
        message: expect.any(String),
      });
      expect(response.body).not.toMatch(/stack|node_modules/);
      expect(await counts()).toEqual(before);
    });
  });

  (racers > 0 ? describe : describe.skip)('over a real socket, concurrently', () => {
    let base: string;

    beforeAll(async () => {
      base = await app.listen({ port: 0, host: '127.0.0.1' });
    });

    it(`${racers} concurrent POSTs at a few slots: one 201 per slot, the rest 409 with next options`, async () => {
      const { options } = await availability(100);
      const slots = options
        .slice(0, 4)
        .map((o) => ({ clinicianId: o.clinicianId, start: o.start }));
      expect(slots).toHaveLength(4);
      const started = performance.now();
      const responses = await Promise.all(
        Array.from({ length: racers }, async (_, i) => {
          const response = await fetch(`${base}/appointments`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...auth },
            body: JSON.stringify(intake(100 + i, { slot: slots[i % slots.length] })),
          });
          return { status: response.status, json: (await response.json()) as Json };
        }),
      );
      const elapsed = performance.now() - started;
      const won = responses.filter((r) => r.status === 201);
      const lost = responses.filter((r) => r.status === 409);
      expect(won).toHaveLength(slots.length);
      expect(lost).toHaveLength(racers - slots.length);
      for (const slot of slots) {
        const winners = won.filter((r) => {
          const a = r.json.appointment as { clinicianId: string; start: string };
          return a.clinicianId === slot.clinicianId && a.start === slot.start;
        });
        expect(winners).toHaveLength(1);
      }
      for (const r of lost) {
        expect(r.json).toMatchObject({ reason: 'slot-taken', standard: STANDARD });
        expect((r.json.nextOptions as Option[]).length).toBeGreaterThan(0);
      }
      // The database agrees: no two live appointments of one clinician overlap.
      const overlaps = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM appointments a JOIN appointments b
          ON a.center_id = b.center_id AND a.clinician_id = b.clinician_id AND a.id < b.id
         AND tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(b.starts_at, b.ends_at, '[)')
       WHERE a.status IN ('booked', 'completed') AND b.status IN ('booked', 'completed')`.execute(
        db,
      );
      expect(overlaps.rows[0]?.n).toBe(0);
      console.info(
        `booking race over HTTP: ${racers} POSTs, ${slots.length} winners, ${elapsed.toFixed(0)} ms`,
      );
    }, 120_000);
  });
}
