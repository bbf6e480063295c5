/**
 * The FHIR face's test suite, run unchanged on every back end (`fhir.pglite.int.test.ts`,
 * `fhir.postgres.int.test.ts`), like `../api.suite.ts`. Rows are inserted through
 * Kysely; every resource, Bundle and OperationOutcome the API returns here is checked
 * with a real FHIR R4 validator (`fhir-validator.ts`). Appointment create books, adding
 * appointments the read tests would see, so its part (`appointment-create.suite.ts`)
 * runs last.
 */
import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/migrate.ts';
import type { Database } from '../../db/schema.ts';
import type { TestDatabase } from '../../db/test-databases.ts';
import { buildServer, type TimelyServer } from '../app.ts';
import { type AuthHeaders, bearerFor } from '../auth/test-credentials.ts';
import { describeAppointmentCreate } from './appointment-create.suite.ts';
import { fhirIssues } from './fhir-validator.ts';

const CLINICIANS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'];

export function describeFhir(open: () => Promise<TestDatabase>): void {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let app: TimelyServer;
  let auth: AuthHeaders;

  /** GET, check the media type, and validate the body as FHIR R4. */
  async function get<R extends Resource = Resource>(url: string) {
    const response = await app.inject({ url, headers: auth });
    expect(response.headers['content-type'], url).toMatch(/^application\/fhir\+json/);
    const json = response.json() as R;
    expect(fhirIssues(json), url).toEqual([]);
    return { status: response.statusCode, json };
  }

  async function search(url: string): Promise<Bundle> {
    const response = await get<Bundle>(url);
    expect(response.status, url).toBe(200);
    expect(response.json.type).toBe('searchset');
    return response.json;
  }

  const ids = (bundle: Bundle) => (bundle.entry ?? []).map((entry) => entry.resource?.id);

  async function expectBadParameter(url: string, parameter: string) {
    const response = await get<OperationOutcome>(url);
    expect(response.status, url).toBe(400);
    expect(response.json.resourceType).toBe('OperationOutcome');
    expect(response.json.issue[0]?.expression, url).toEqual([parameter]);
    expect(JSON.stringify(response.json)).not.toMatch(/at .*\.ts:\d+/);
  }

  beforeAll(async () => {
    database = await open();
    db = database.db;
    await migrateToLatest(db);
    auth = await bearerFor(db);
    app = buildServer({ db });
    await app.ready();
    await db
      .insertInto('medical_centers')
      .values([
        { id: 'north', name: 'North', time_zone: 'America/Los_Angeles' },
        { id: 'south', name: 'South', time_zone: 'America/Los_Angeles' },
      ])
      .execute();
    await db
      .insertInto('clinicians')
      .values(
        CLINICIANS.map((id, index) => ({
          center_id: index % 2 === 0 ? 'north' : 'south',
          id,
          name: `Clinician ${id}`,
          discipline: index % 3 === 0 ? 'psychologist' : 'lcsw',
          languages: index === 0 ? ['en', 'es'] : ['en'],
          modalities: ['in-person' as const, 'video' as const],
          active: id !== 'c8',
        })),
      )
      .execute();
    await db
      .insertInto('templates')
      .values({
        center_id: 'north',
        id: 't1',
        clinician_id: 'c1',
        name: 'Weekly',
        effective_from: '2026-01-01',
      })
      .execute();
    // Monday 09:00 and 10:00, Wednesday 14:00, clinic-local (America/Los_Angeles).
    await db
      .insertInto('template_sessions')
      .values([
        {
          center_id: 'north',
          template_id: 't1',
          weekday: 1,
          start_time: '09:00',
          minutes: 60,
          kind: 'intake',
        },
        {
          center_id: 'north',
          template_id: 't1',
          weekday: 1,
          start_time: '10:00',
          minutes: 60,
          kind: 'followup',
        },
        {
          center_id: 'north',
          template_id: 't1',
          weekday: 3,
          start_time: '14:00',
          minutes: 50,
          kind: 'followup',
        },
      ])
      .execute();
    // All of Wednesday 4 March 2026, local time.
    await db
      .insertInto('time_off')
      .values({
        center_id: 'north',
        clinician_id: 'c1',
        starts_at: '2026-03-04T08:00:00Z',
        ends_at: '2026-03-05T08:00:00Z',
      })
      .execute();
    await db
      .insertInto('patients')
      .values([
        {
          center_id: 'north',
          id: 'p1',
          member_number: 'M-1',
          name: 'Pat One',
          birth_date: '1990-02-28',
        },
        { center_id: 'north', id: 'p2', member_number: 'M-2', name: 'Pat Two', birth_date: null },
        { center_id: 'south', id: 'p3', member_number: 'M-3', name: 'Pat Three', language: 'es' },
      ])
      .execute();
    const appointment = (
      id: string,
      clinician: string,
      patient: string,
      start: string,
      minutes: number,
      status: 'booked' | 'completed' | 'cancelled' | 'no-show',
    ) => ({
      center_id: clinician === 'c2' ? 'south' : 'north',
      id,
      clinician_id: clinician,
      patient_center_id: patient === 'p3' ? 'south' : 'north',
      patient_id: patient,
      starts_at: start,
      ends_at: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
      modality: 'video' as const,
      kind: 'intake' as const,
      status,
    });
    await db
      .insertInto('appointments')
      .values([
        // Monday 2 March 09:00 PST, in the first session.
        appointment('a1', 'c1', 'p1', '2026-03-02T17:00:00Z', 60, 'booked'),
        // Monday 9 March 10:00 PDT (daylight saving began on the 8th).
        appointment('a2', 'c1', 'p2', '2026-03-09T17:00:00Z', 60, 'booked'),
        appointment('a3', 'c2', 'p1', '2026-03-03T18:00:00Z', 45, 'cancelled'),
        // Thursday, outside any session.
        appointment('a4', 'c1', 'p1', '2026-03-05T20:00:00Z', 30, 'completed'),
        appointment('a5', 'c2', 'p3', '2026-04-01T16:00:00Z', 30, 'no-show'),
      ])
      .execute();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  describe('metadata', () => {
    it('is a valid CapabilityStatement listing exactly the interactions and searches implemented', async () => {
      const { status, json } =
        await get<import('@medplum/fhirtypes').CapabilityStatement>('/fhir/metadata');
      expect(status).toBe(200);
      expect(json.fhirVersion).toBe('4.0.1');
      const resources = json.rest?.[0]?.resource ?? [];
      const listed = Object.fromEntries(
        resources.map((r) => [
          r.type,
          {
            interactions: (r.interaction ?? []).map((i) => i.code),
            params: (r.searchParam ?? []).map((p) => p.name).sort(),
          },
        ]),
      );
      const readSearch = ['read', 'search-type'];
      expect(listed).toEqual({
        Practitioner: { interactions: readSearch, params: ['active'] },
        PractitionerRole: { interactions: readSearch, params: ['active', 'practitioner', 'role'] },
        Patient: { interactions: readSearch, params: ['identifier'] },
        Schedule: { interactions: readSearch, params: ['active', 'actor'] },
        Slot: { interactions: readSearch, params: ['schedule', 'start', 'status'] },
        Appointment: {
          interactions: [...readSearch, 'create'],
          params: ['date', 'patient', 'practitioner', 'status'],
        },
        // The audit trail, for compliance (audit-event.suite.ts).
        AuditEvent: {
          interactions: readSearch,
          params: [
            'action',
            'agent',
            'agent-role',
            'date',
            'entity',
            'entity-type',
            'outcome',
            'patient',
          ],
        },
      });
      const appointment = resources.find((r) => r.type === 'Appointment');
      expect(appointment?.conditionalCreate).toBe(false);
      // The create profile is documented where clients look for it.
      for (const part of ['Patient/{id}', 'urn:timely:request-type', 'clock-start', 'waitlist']) {
        expect(appointment?.documentation).toContain(part);
      }
    });
  });

  describe('read and search round trips', () => {
    it('Practitioner, PractitionerRole and Schedule come from a clinician', async () => {
      const practitioner = await get('/fhir/Practitioner/c1');
      expect(practitioner.status).toBe(200);
      expect(practitioner.json).toMatchObject({
        resourceType: 'Practitioner',
        id: 'c1',
        active: true,
        name: [{ text: 'Clinician c1' }],
      });
      const role = await get('/fhir/PractitionerRole/c1');
      expect(role.json).toMatchObject({
        practitioner: { reference: 'Practitioner/c1' },
        organization: { identifier: { value: 'north' } },
        code: [{ coding: [{ code: 'psychologist' }] }],
      });
      const schedule = await get('/fhir/Schedule/c1');
      expect(schedule.json).toMatchObject({ actor: [{ reference: 'Practitioner/c1' }, {}] });

      expect(ids(await search('/fhir/Practitioner?active=false'))).toEqual(['c8']);
      const roles = await search(
        '/fhir/PractitionerRole?role=psychologist&practitioner=Practitioner/c1,c4,c2',
      );
      expect(ids(roles)).toEqual(['c1', 'c4']);
      expect(roles.total).toBe(2);
      expect(roles.entry?.[0]?.fullUrl).toMatch(/^http:\/\/[^/]+\/fhir\/PractitionerRole\/c1$/);
      expect(ids(await search('/fhir/Schedule?actor=Practitioner/c3'))).toEqual(['c3']);
    });

    it('Patient holds what the table holds, no more', async () => {
      const { status, json } = await get('/fhir/Patient/p1');
      expect(status).toBe(200);
      expect(json).toEqual({
        resourceType: 'Patient',
        id: 'p1',
        identifier: [
          {
            system: 'urn:timely:member-number',
            value: 'M-1',
            assigner: { identifier: { system: 'urn:timely:medical-center', value: 'north' } },
          },
        ],
        name: [{ text: 'Pat One' }],
        birthDate: '1990-02-28',
        communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'en' }] } }],
        managingOrganization: {
          identifier: { system: 'urn:timely:medical-center', value: 'north' },
        },
      });
      expect((await get('/fhir/Patient/p2')).json).not.toHaveProperty('birthDate');
      const found = await search('/fhir/Patient?identifier=urn:timely:member-number|M-3');
      expect(ids(found)).toEqual(['p3']);
      expect(found.total).toBe(1);
      expect(ids(await search('/fhir/Patient'))).toEqual(['p1', 'p2', 'p3']);
    });

    it('Appointment: read, and search by patient, practitioner, status and date', async () => {
      const { json } = await get('/fhir/Appointment/a1');
      expect(json).toMatchObject({
        resourceType: 'Appointment',
        status: 'booked',
        start: '2026-03-02T17:00:00.000Z',
        end: '2026-03-02T18:00:00.000Z',
        minutesDuration: 60,
        participant: [
          { actor: { reference: 'Patient/p1' }, status: 'accepted' },
          { actor: { reference: 'Practitioner/c1' }, status: 'accepted' },
        ],
      });
      expect((await get('/fhir/Appointment/a4')).json).toMatchObject({ status: 'fulfilled' });
      expect(ids(await search('/fhir/Appointment?patient=Patient/p1'))).toEqual(['a1', 'a3', 'a4']);
      expect(ids(await search('/fhir/Appointment?practitioner=c1'))).toEqual(['a1', 'a4', 'a2']);
      expect(ids(await search('/fhir/Appointment?status=cancelled,noshow'))).toEqual(['a3', 'a5']);
      expect(ids(await search('/fhir/Appointment?patient=p1&status=booked'))).toEqual(['a1']);
    });

    it('Appointment date ranges return exactly the appointments starting inside them', async () => {
      const cases: [string, string[]][] = [
        ['date=ge2026-03-02&date=lt2026-03-04', ['a1', 'a3']],
        ['date=2026-03-05', ['a4']],
        ['date=2026-03', ['a1', 'a3', 'a4', 'a2']],
        ['date=gt2026-03-05', ['a2', 'a5']],
        ['date=le2026-03-02', ['a1']],
        ['date=lt2026-03-02T17:00:00Z', []],
        ['date=ge2026-03-02T17:00:00Z&date=lt2026-03-02T17:00:01Z', ['a1']],
        // 09:00 PST on 2 March is 17:00Z: an offset is honoured.
        ['date=eq2026-03-02T09:00:00-08:00', ['a1']],
        ['date=ge2026-03-09T09:30:00-07:00&date=le2026-03-31', ['a2']],
      ];
      for (const [query, expected] of cases) {
        const bundle = await search(`/fhir/Appointment?${query}`);
        expect(ids(bundle), query).toEqual(expected);
        expect(bundle.total, query).toBe(expected.length);
      }
    });

    it('Slot: sessions free, busy (appointment) or busy-unavailable (time off), and booked time outside sessions', async () => {
      const week = await search(
        '/fhir/Slot?schedule=Schedule/c1&start=ge2026-03-02&start=lt2026-03-09',
      );
      expect(
        (week.entry ?? []).map((e) => {
          const slot = e.resource as import('@medplum/fhirtypes').Slot;
          return [slot.id, slot.status, slot.start, slot.end];
        }),
      ).toEqual([
        ['c1.20260302T170000Z', 'busy', '2026-03-02T17:00:00.000Z', '2026-03-02T18:00:00.000Z'],
        ['c1.20260302T180000Z', 'free', '2026-03-02T18:00:00.000Z', '2026-03-02T19:00:00.000Z'],
        [
          'c1.20260304T220000Z',
          'busy-unavailable',
          '2026-03-04T22:00:00.000Z',
          '2026-03-04T22:50:00.000Z',
        ],
        ['c1.20260305T200000Z', 'busy', '2026-03-05T20:00:00.000Z', '2026-03-05T20:30:00.000Z'],
      ]);
      expect(week.total).toBe(4);
      // After the change to daylight saving time, 09:00 local is 16:00Z.
      const dst = await search('/fhir/Slot?schedule=c1&start=ge2026-03-09&start=lt2026-03-10');
      expect(ids(dst)).toEqual(['c1.20260309T160000Z', 'c1.20260309T170000Z']);
      // Presidents' Day (Monday 16 February 2026) closes the Monday sessions, as the
      // booking engine closes them; the Monday after has them.
      const holiday = await search('/fhir/Slot?schedule=c1&start=ge2026-02-16&start=lt2026-02-17');
      expect(ids(holiday)).toEqual([]);
      const after = await search('/fhir/Slot?schedule=c1&start=ge2026-02-23&start=lt2026-02-24');
      expect(ids(after)).toEqual(['c1.20260223T170000Z', 'c1.20260223T180000Z']);
      const free = await search(
        '/fhir/Slot?schedule=c1&status=free&start=ge2026-03-02&start=lt2026-03-10',
      );
      expect(ids(free)).toEqual(['c1.20260302T180000Z', 'c1.20260309T160000Z']);
      // A range bound falls between sessions: the half-open end excludes 18:00Z.
      const tight = await search(
        '/fhir/Slot?start=ge2026-03-02T17:00:00Z&start=lt2026-03-02T18:00:00Z',
      );
      expect(ids(tight)).toEqual(['c1.20260302T170000Z']);

      const read = await get('/fhir/Slot/c1.20260302T180000Z');
      expect(read.status).toBe(200);
      expect(read.json).toMatchObject({ status: 'free', schedule: { reference: 'Schedule/c1' } });
    });
  });

  describe('paging', () => {
    it('walks every Practitioner once through next links, each page a valid Bundle', async () => {
      const seen: string[] = [];
      let url: string | undefined = '/fhir/Practitioner?_count=3';
      let pages = 0;
      while (url !== undefined) {
        const bundle = await search(url);
        expect(bundle.total).toBe(CLINICIANS.length);
        expect(bundle.link?.find((l) => l.relation === 'self')?.url).toBeDefined();
        seen.push(...(ids(bundle) as string[]));
        const next = bundle.link?.find((l) => l.relation === 'next')?.url;
        url = next === undefined ? undefined : new URL(next).pathname + new URL(next).search;
        pages++;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(CLINICIANS);
    });

    it('walks every Slot once through next links', async () => {
      const base = '/fhir/Slot?schedule=c1&start=ge2026-03-01&start=lt2026-03-31';
      const all = ids(await search(`${base}&_count=200`));
      expect(all.length).toBeGreaterThan(4);
      const seen: unknown[] = [];
      let url: string | undefined = `${base}&_count=2`;
      while (url !== undefined) {
        const bundle = await search(url);
        expect(bundle.total).toBe(all.length);
        seen.push(...ids(bundle));
        const next = bundle.link?.find((l) => l.relation === 'next')?.url;
        url = next === undefined ? undefined : new URL(next).pathname + new URL(next).search;
      }
      expect(seen).toEqual(all);
    });

    it('walks Appointments by start once each', async () => {
      const seen: unknown[] = [];
      let url: string | undefined = '/fhir/Appointment?_count=2';
      while (url !== undefined) {
        const bundle = await search(url);
        seen.push(...ids(bundle));
        const next = bundle.link?.find((l) => l.relation === 'next')?.url;
        url = next === undefined ? undefined : new URL(next).pathname + new URL(next).search;
      }
      expect(seen).toEqual(['a1', 'a3', 'a4', 'a2', 'a5']);
    });
  });

  describe('errors are OperationOutcomes', () => {
    it('refuses bad and unknown search parameters with a 400 naming the parameter', async () => {
      await expectBadParameter('/fhir/Appointment?foo=1', 'foo');
      await expectBadParameter('/fhir/Appointment?status:not=booked', 'status:not');
      await expectBadParameter('/fhir/Appointment?date=2026-02-30', 'date');
      await expectBadParameter('/fhir/Appointment?date=ne2026-03-01', 'date');
      await expectBadParameter('/fhir/Appointment?status=arrived', 'status');
      await expectBadParameter('/fhir/Appointment?patient=Practitioner/c1', 'patient');
      await expectBadParameter('/fhir/Patient?identifier=M-1&identifier=M-2', 'identifier');
      await expectBadParameter('/fhir/Practitioner?active=maybe', 'active');
      await expectBadParameter('/fhir/Practitioner?_count=0', '_count');
      await expectBadParameter('/fhir/Practitioner?_count=201', '_count');
      await expectBadParameter('/fhir/Practitioner?_cursor=not-a-cursor', '_cursor');
      await expectBadParameter('/fhir/Slot?schedule=c1', 'start');
      await expectBadParameter('/fhir/Slot?start=ge2026-03-01', 'start');
      await expectBadParameter('/fhir/Slot?start=ge2026-01-01&start=lt2026-03-01', 'start');
      await expectBadParameter(
        '/fhir/Slot?start=ge2026-03-01&start=lt2026-03-02&_cursor=eyJ9',
        '_cursor',
      );
    });

    it('refuses a cursor with other search parameters', async () => {
      const first = await search('/fhir/Appointment?_count=1&status=booked');
      const next = first.link?.find((l) => l.relation === 'next')?.url ?? '';
      const cursor = new URL(next).searchParams.get('_cursor') ?? '';
      await expectBadParameter(
        `/fhir/Appointment?_count=1&status=cancelled&_cursor=${cursor}`,
        '_cursor',
      );
    });

    it('answers 404 for an unknown id or type', async () => {
      for (const url of [
        '/fhir/Patient/nope',
        '/fhir/Practitioner/nope',
        '/fhir/Appointment/nope',
        '/fhir/Schedule/nope',
        '/fhir/PractitionerRole/nope',
        '/fhir/Slot/c1.20260302T171500Z',
        '/fhir/Slot/nope',
        '/fhir/Observation',
      ]) {
        const response = await get<OperationOutcome>(url);
        expect(response.status, url).toBe(404);
        expect(response.json.resourceType, url).toBe('OperationOutcome');
      }
    });
  });

  describe('Appointment create (= book)', () => {
    describeAppointmentCreate(() => ({ app, db }));
  });
}
