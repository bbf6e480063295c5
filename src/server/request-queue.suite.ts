/**
 * The scheduler's request queue over HTTP, on every back end
 * (`request-queue.*.int.test.ts`): `GET /requests` lists what waits to be placed,
 * earliest deadline first, each read audited; `GET …/availability` gives a stored
 * request the engine's options and `POST …/book` books it — once.
 */
import type { InjectOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedNetwork } from '../booking/booking-fixture.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { buildServer, type TimelyServer } from './app.ts';
import { type AuthHeaders, bearerFor } from './auth/test-credentials.ts';

type Json = Record<string, unknown>;
const DAY = 86_400_000;

export function describeRequestQueue(open: () => Promise<TestDatabase>): void {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let app: TimelyServer;
  let scheduler: AuthHeaders;
  let hotline: AuthHeaders;

  beforeAll(async () => {
    database = await open();
    db = database.db;
    await migrateToLatest(db);
    await seedNetwork(db);
    const now = Date.now();
    const request = (
      id: string,
      patient: number,
      deadlineInDays: number,
      status: 'open' | 'waitlisted' | 'booked',
      standard = 'nonurgent-nonphysician-mh',
    ) => ({
      center_id: 'north',
      id,
      patient_id: `p-${patient}`,
      type: 'routine-intake' as const,
      standard,
      clock_start: new Date(now - DAY),
      deadline: new Date(now + deadlineInDays * DAY),
      status,
    });
    await db
      .insertInto('requests')
      .values([
        request('q-late', 1, 9, 'open'),
        request('q-soon', 2, 2, 'waitlisted'),
        request('q-middle', 3, 5, 'open'),
        request('q-placed', 4, 1, 'booked'),
        request('q-urgent', 5, 3, 'open', 'urgent-no-prior-auth'),
      ])
      .execute();
    scheduler = await bearerFor(db, 'scheduler');
    hotline = await bearerFor(db, 'hotline');
    app = buildServer({ db, logger: { level: 'silent' } });
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  async function call(options: InjectOptions, as: AuthHeaders = scheduler) {
    const response = await app.inject({ ...options, headers: { ...as, ...options.headers } });
    return {
      status: response.statusCode,
      headers: response.headers,
      json: response.json() as Json,
    };
  }
  const ids = (json: Json) => (json.items as Json[]).map((item) => item.id);

  it('lists the queue: open and waitlisted requests, earliest deadline first, with the member', async () => {
    const { status, json } = await call({ url: '/requests' });
    expect(status).toBe(200);
    expect(ids(json)).toEqual(['q-soon', 'q-urgent', 'q-middle', 'q-late']);
    expect((json.items as Json[])[0]).toMatchObject({
      centerId: 'north',
      status: 'waitlisted',
      standard: 'nonurgent-nonphysician-mh',
      patient: { id: 'p-2', memberNumber: 'M2' },
    });
  });

  it('filters by standard and status, and walks pages with the cursor', async () => {
    const urgent = await call({ url: '/requests?standard=urgent-no-prior-auth' });
    expect(ids(urgent.json)).toEqual(['q-urgent']);
    const placed = await call({ url: '/requests?status=booked' });
    expect(ids(placed.json)).toEqual(['q-placed']);
    const first = await call({ url: '/requests?limit=3' });
    expect(ids(first.json)).toEqual(['q-soon', 'q-urgent', 'q-middle']);
    const cursor = encodeURIComponent(first.json.nextCursor as string);
    const second = await call({ url: `/requests?limit=3&cursor=${cursor}` });
    expect(ids(second.json)).toEqual(['q-late']);
    expect(second.json.nextCursor).toBeNull();
  });

  it('refuses an unknown status naming the field', async () => {
    const { status, json } = await call({ url: '/requests?status=open,lost' });
    expect(status).toBe(400);
    expect(JSON.stringify(json)).toContain('status');
    expect(JSON.stringify(json)).toContain('lost');
  });

  it('audits every request it shows, with its member', async () => {
    const events = () =>
      db
        .selectFrom('audit_events')
        .selectAll()
        .where('entity_type', '=', 'Request')
        .where('action', '=', 'R')
        .execute();
    const before = await events();
    await call({ url: '/requests?standard=urgent-no-prior-auth' });
    const added = (await events()).filter((e) => !before.some((b) => b.id === e.id));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      entity_id: 'q-urgent',
      patient_id: 'p-5',
      actor_role: 'scheduler',
    });
  });

  it('is the schedulers’: the hotline is refused', async () => {
    expect((await call({ url: '/requests' }, hotline)).status).toBe(403);
    expect((await call({ url: '/requests/north/q-late' }, hotline)).status).toBe(403);
  });

  it('reads one request, and answers 404 for another', async () => {
    expect((await call({ url: '/requests/north/q-late' })).json).toMatchObject({
      id: 'q-late',
      status: 'open',
    });
    expect((await call({ url: '/requests/north/q-none' })).status).toBe(404);
  });

  it('books a queued request from its options: 201, gone from the queue, never twice', async () => {
    const options = await call({ url: '/requests/north/q-middle/availability' });
    expect(options.status).toBe(200);
    const picked = (options.json.options as Json[])[1]!;
    const booked = await call({
      method: 'POST',
      url: '/requests/north/q-middle/book',
      headers: { 'idempotency-key': 'queue-q-middle' },
      payload: { slot: { clinicianId: picked.clinicianId, start: picked.start } },
    });
    expect(booked.status).toBe(201);
    expect(booked.json).toMatchObject({
      outcome: 'booked',
      requestId: 'q-middle',
      appointment: { clinicianId: picked.clinicianId, start: picked.start },
      evaluation: { met: true },
    });
    expect(booked.headers.location).toMatch(/^\/appointments\/north\//);

    const replayed = await call({
      method: 'POST',
      url: '/requests/north/q-middle/book',
      headers: { 'idempotency-key': 'queue-q-middle' },
      payload: { slot: { clinicianId: picked.clinicianId, start: picked.start } },
    });
    expect(replayed.status).toBe(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.json).toEqual(booked.json);

    const again = await call({ method: 'POST', url: '/requests/north/q-middle/book' });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.json)).toContain('q-middle');
    expect(ids((await call({ url: '/requests' })).json)).not.toContain('q-middle');
    const appointments = await db
      .selectFrom('appointments')
      .select('id')
      .where('request_id', '=', 'q-middle')
      .execute();
    expect(appointments).toHaveLength(1);
  });

  it('refuses a slot that is no option (422 naming slot) and an unknown request (404)', async () => {
    const bad = await call({
      method: 'POST',
      url: '/requests/north/q-late/book',
      payload: { slot: { clinicianId: 'c-1', start: '2020-01-06T09:00:00-08:00' } },
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.json)).toContain('slot');
    const unknown = await call({ method: 'POST', url: '/requests/north/q-none/book' });
    expect(unknown.status).toBe(404);
    const badKey = await call({
      method: 'POST',
      url: '/requests/north/q-late/book',
      headers: { 'idempotency-key': 'ä' },
    });
    expect(badKey.status).toBe(400);
    expect(JSON.stringify(badKey.json)).toContain('Idempotency-Key');
  });
}
