/**
 * The audit trail over HTTP, on every back end (`audit-trail.*.int.test.ts`): a known
 * sequence of reads and writes of personal health information, then the trail counted
 * — not sampled — against it; the trail read back by compliance and by no one else; and
 * the server's log, at its most talkative level, free of the members' names and numbers.
 */
import type { InjectOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedNetwork } from '../../booking/booking-fixture.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { Database } from '../../db/schema.ts';
import type { TestDatabase } from '../../db/test-databases.ts';
import { buildServer, type TimelyServer } from '../app.ts';
import { type AuthHeaders, bearerFor } from './test-credentials.ts';

/** Names and member numbers no log line may ever hold. */
const SECRET_NAME = 'Zelda Quixote-Marlowe';
const SECRET_MEMBER = 'MBR-7712-XQ';
const SEEDED_NAME = /Patient \d+/;

export function describeAuditTrail(open: () => Promise<TestDatabase>): void {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let app: TimelyServer;
  const logs: string[] = [];
  let scheduler: AuthHeaders;
  let admin: AuthHeaders;
  let compliance: AuthHeaders;

  beforeAll(async () => {
    database = await open();
    db = database.db;
    await migrateToLatest(db);
    await seedNetwork(db);
    scheduler = await bearerFor(db, 'scheduler');
    admin = await bearerFor(db, 'admin');
    compliance = await bearerFor(db, 'compliance');
    app = buildServer({
      db,
      logger: { level: 'trace', stream: { write: (line: string) => logs.push(line) } },
    });
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  async function call(auth: AuthHeaders, options: InjectOptions) {
    const response = await app.inject({ ...options, headers: { ...auth, ...options.headers } });
    const json = response.body === '' ? {} : (response.json() as Record<string, unknown>);
    return { status: response.statusCode, json };
  }

  it('records exactly one event per record of health information read or written', async () => {
    const before = await db.selectFrom('audit_events').select('id').execute();

    expect(
      (await call(scheduler, { method: 'GET', url: '/patients?center=north&limit=3' })).status,
    ).toBe(200);
    expect((await call(scheduler, { method: 'GET', url: '/patients/north/p-5' })).status).toBe(200);
    const created = await call(scheduler, {
      method: 'POST',
      url: '/patients',
      payload: { centerId: 'north', id: 'p-new', memberNumber: SECRET_MEMBER, name: SECRET_NAME },
    });
    expect(created.status).toBe(201);
    expect(
      (
        await call(scheduler, {
          method: 'PATCH',
          url: '/patients/north/p-new',
          payload: { language: 'es' },
        })
      ).status,
    ).toBe(200);
    expect(
      (await call(scheduler, { method: 'GET', url: `/patients?memberNumber=${SECRET_MEMBER}` }))
        .status,
    ).toBe(200);
    expect((await call(admin, { method: 'DELETE', url: '/patients/north/p-new' })).status).toBe(
      204,
    );
    expect((await call(scheduler, { method: 'GET', url: '/fhir/Patient/p-6' })).status).toBe(200);
    expect((await call(scheduler, { method: 'GET', url: '/fhir/Patient?_count=2' })).status).toBe(
      200,
    );
    // Refused and missing records reveal nothing, so they are not reads.
    expect((await call(scheduler, { method: 'GET', url: '/patients/north/p-999' })).status).toBe(
      404,
    );
    expect((await call(compliance, { method: 'GET', url: '/patients/north/p-5' })).status).toBe(
      403,
    );

    const events = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('id', 'not in', before.length > 0 ? before.map((b) => b.id) : [''])
      .orderBy('recorded_at')
      .execute();
    const counted = new Map<string, number>();
    for (const event of events) {
      const key = `${event.action} ${event.entity_type}`;
      counted.set(key, (counted.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(counted)).toEqual({
      // list of 3, one read, the member-number search, FHIR read, FHIR search of 2
      'R Patient': 3 + 1 + 1 + 1 + 2,
      'C Patient': 1,
      'U Patient': 1,
      'D Patient': 1,
    });
    for (const event of events) {
      expect(event.actor_user_id).not.toBeNull();
      expect(event.actor_role).toMatch(/^(scheduler|admin)$/);
      expect(event.request_id).not.toBeNull();
      expect(event.source_address).not.toBeNull();
      expect(event.patient_center_id).toBe('north');
      expect(event.patient_id).toBe(event.entity_id);
      expect(JSON.stringify(event.detail)).not.toMatch(/Zelda|MBR-/);
    }
    const deleted = events.filter((e) => e.patient_id === 'p-new').map((e) => e.action);
    expect(deleted).toEqual(['C', 'U', 'R', 'D']);
  });

  it('records a booking’s writes with them, and nothing for a booking that lost', async () => {
    const eventsOf = async (patient: string) =>
      (
        await db
          .selectFrom('audit_events')
          .select(['action', 'entity_type'])
          .where('patient_id', '=', patient)
          .orderBy('recorded_at')
          .orderBy('entity_type', 'desc')
          .execute()
      ).map((e) => `${e.action} ${e.entity_type}`);
    const request = (patientId: string, slot?: unknown) => ({
      type: 'routine-intake',
      standard: 'nonurgent-nonphysician-mh',
      patientId,
      clockStart: new Date().toISOString(),
      center: 'north',
      ...(slot ? { slot } : {}),
    });
    const booked = await call(scheduler, {
      method: 'POST',
      url: '/appointments',
      payload: request('p-77'),
    });
    expect(booked.status).toBe(201);
    const appointment = booked.json.appointment as {
      id: string;
      clinicianId: string;
      start: string;
    };
    expect(await eventsOf('p-77')).toEqual(['C Request', 'C Appointment']);

    const slot = { clinicianId: appointment.clinicianId, start: appointment.start };
    const lost = await call(scheduler, {
      method: 'POST',
      url: '/appointments',
      payload: request('p-78', slot),
    });
    expect(lost.status).toBe(409);
    expect(await eventsOf('p-78')).toEqual([]);

    expect(
      (await call(scheduler, { method: 'GET', url: `/fhir/Appointment/${appointment.id}` })).status,
    ).toBe(200);
    const cancelled = await call(scheduler, {
      method: 'POST',
      url: `/appointments/north/${appointment.id}/cancel`,
    });
    expect(cancelled.status).toBe(200);
    expect(await eventsOf('p-77')).toEqual([
      'C Request',
      'C Appointment',
      'R Appointment',
      'U Request',
      'U Appointment',
    ]);
  });

  it('records the read of a stored request, under the id its answer names in x-request-id', async () => {
    const now = Date.now();
    await db
      .insertInto('requests')
      .values({
        center_id: 'north',
        id: 'r-queued',
        patient_id: 'p-7',
        type: 'routine-intake',
        standard: 'nonurgent-nonphysician-mh',
        clock_start: new Date(now - 86_400_000),
        deadline: new Date(now + 9 * 86_400_000),
        status: 'open',
      })
      .execute();
    const answer = await app.inject({
      method: 'GET',
      url: '/requests/north/r-queued/availability',
      headers: scheduler,
    });
    expect(answer.statusCode).toBe(200);
    const requestId = answer.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const events = await db
      .selectFrom('audit_events')
      .select(['action', 'entity_type', 'entity_id', 'patient_id'])
      .where('request_id', '=', String(requestId))
      .execute();
    expect(events).toEqual([
      { action: 'R', entity_type: 'Request', entity_id: 'r-queued', patient_id: 'p-7' },
    ]);
    // A refusal names its request too, and reads nothing.
    const refused = await app.inject({
      method: 'GET',
      url: '/requests/north/r-queued/availability',
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(refused.headers['x-request-id']).not.toBe(requestId);
  });

  it('shows the trail to compliance, filtered by patient, and to no other role', async () => {
    const trail = await call(compliance, {
      method: 'GET',
      url: '/audit-events?patientCenter=north&patient=p-new',
    });
    expect(trail.status).toBe(200);
    const items = trail.json.items as { action: string; actor: { role: string } }[];
    expect(items.map((i) => i.action)).toEqual(['C', 'U', 'R', 'D']);
    expect(items[3]?.actor.role).toBe('admin');
    for (const auth of [admin, scheduler]) {
      expect((await call(auth, { method: 'GET', url: '/audit-events' })).status).toBe(403);
    }
    expect((await app.inject({ method: 'GET', url: '/audit-events' })).statusCode).toBe(401);
  });

  it('keeps members’ names and numbers out of the log, even at trace level', () => {
    expect(logs.length).toBeGreaterThan(20);
    const all = logs.join('');
    expect(all).not.toContain(SECRET_NAME);
    expect(all).not.toContain(SECRET_MEMBER);
    expect(all).not.toMatch(SEEDED_NAME);
    expect(all).not.toMatch(/Bearer timely_/);
  });
}
