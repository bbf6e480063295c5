/**
 * The audit trail as FHIR AuditEvent (`audit-event.ts`, `audit-event-search.ts`), run on
 * every back end (`audit-event.*.int.test.ts`). Events come from real calls to the API
 * and from a command-line import recorded in the past; each answer is validated against
 * the R4 StructureDefinitions and compared with the rows it was made from.
 */
import type { AuditEvent, Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { Kysely, Selectable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/migrate.ts';
import type { AuditEventsTable, Database } from '../../db/schema.ts';
import type { TestDatabase } from '../../db/test-databases.ts';
import { buildServer, type TimelyServer } from '../app.ts';
import { auditRecord, commandAuditContext } from '../audit.ts';
import { type AuthHeaders, bearerFor } from '../auth/test-credentials.ts';
import { fhirIssues } from './fhir-validator.ts';

const OTHER_ROLES = ['admin', 'scheduler', 'hotline', 'regulator', 'planner'] as const;
/** When the command-line import in the fixture ran: long before the API calls. */
const IMPORTED_AT = '2026-01-15T10:00:00.000Z';

type Row = Selectable<AuditEventsTable>;

export function describeAuditEventFhir(open: () => Promise<TestDatabase>): void {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let app: TimelyServer;
  let compliance: AuthHeaders;
  let scheduler: AuthHeaders;
  const others = new Map<string, AuthHeaders>();
  let importRunId: string;

  async function get<R extends Resource = Resource>(url: string, auth?: AuthHeaders) {
    const response = await app.inject({ url, headers: auth ?? compliance });
    expect(response.headers['content-type'], url).toMatch(/^application\/fhir\+json/);
    const json = response.json() as R;
    expect(fhirIssues(json), url).toEqual([]);
    return { status: response.statusCode, json };
  }

  async function search(url: string): Promise<Bundle<AuditEvent>> {
    const { status, json } = await get<Bundle<AuditEvent>>(url);
    expect(status, url).toBe(200);
    expect(json.type).toBe('searchset');
    return json;
  }

  const ids = (bundle: Bundle<AuditEvent>) => (bundle.entry ?? []).map((e) => e.resource?.id);

  /** The trail as stored, in the order searches return it. */
  const rows = (): Promise<Row[]> =>
    db.selectFrom('audit_events').selectAll().orderBy('recorded_at').orderBy('id').execute();

  beforeAll(async () => {
    database = await open();
    db = database.db;
    await migrateToLatest(db);
    compliance = await bearerFor(db, 'compliance');
    scheduler = await bearerFor(db, 'scheduler');
    for (const role of OTHER_ROLES) others.set(role, await bearerFor(db, role));
    app = buildServer({ db, logger: { level: 'silent' } });
    await app.ready();

    await db
      .insertInto('medical_centers')
      .values({ id: 'north', name: 'North', time_zone: 'America/Los_Angeles' })
      .execute();
    await db
      .insertInto('clinicians')
      .values({
        center_id: 'north',
        id: 'c1',
        name: 'Clinician c1',
        discipline: 'lcsw',
        languages: ['en'],
        modalities: ['video'],
      })
      .execute();
    await db
      .insertInto('patients')
      .values([
        { center_id: 'north', id: 'p1', member_number: 'M-1', name: 'Pat One' },
        { center_id: 'north', id: 'p2', member_number: 'M-2', name: 'Pat Two' },
      ])
      .execute();
    await db
      .insertInto('appointments')
      .values({
        center_id: 'north',
        id: 'a1',
        clinician_id: 'c1',
        patient_center_id: 'north',
        patient_id: 'p1',
        starts_at: '2026-03-02T17:00:00Z',
        ends_at: '2026-03-02T18:00:00Z',
        modality: 'video',
        kind: 'intake',
        status: 'booked',
      })
      .execute();

    // A command-line import of p1's request and appointment, recorded in January.
    const run = commandAuditContext('import');
    importRunId = run.requestId;
    await db
      .insertInto('audit_events')
      .values(
        [
          { entityType: 'Patient', entityId: 'p2' },
          { entityType: 'Request', entityId: 'r1' },
          { entityType: 'Appointment', entityId: 'a1' },
        ].map(({ entityType, entityId }) => ({
          ...auditRecord(run, {
            action: 'C',
            entityType,
            entityId,
            centerId: 'north',
            patient: { centerId: 'north', id: entityType === 'Patient' ? 'p2' : 'p1' },
          }),
          recorded_at: IMPORTED_AT,
        })),
      )
      .execute();

    // Then, through the API: a scheduler reads p1, a1 and p2, and a sign-in fails.
    for (const url of ['/fhir/Patient/p1', '/fhir/Appointment/a1', '/patients/north/p2']) {
      expect((await app.inject({ url, headers: scheduler })).statusCode, url).toBe(200);
    }
    const signIn = await app.inject({
      method: 'POST',
      url: '/auth/sign-in',
      payload: { name: 'nobody-here', password: 'not the password at all' },
    });
    expect(signIn.statusCode).toBe(401);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('reads one event as an R4 AuditEvent holding exactly what its row holds', async () => {
    const row = (await rows()).find(
      (r) => r.entity_type === 'Appointment' && r.actor_role === 'scheduler',
    );
    if (row === undefined) throw new Error('the appointment read was not recorded');
    const { status, json } = await get<AuditEvent>(`/fhir/AuditEvent/${row.id}`);
    expect(status).toBe(200);
    expect(json).toEqual({
      resourceType: 'AuditEvent',
      id: row.id,
      type: {
        system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
        code: 'rest',
        display: 'RESTful Operation',
      },
      action: 'R',
      recorded: row.recorded_at.toISOString(),
      outcome: '0',
      agent: [
        {
          role: [{ coding: [{ system: 'urn:timely:role', code: 'scheduler' }], text: 'scheduler' }],
          who: { identifier: { system: 'urn:timely:account', value: row.actor_user_id } },
          requestor: true,
          network: { address: row.source_address, type: '2' },
        },
      ],
      source: {
        observer: { display: 'Timely server' },
        type: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
            code: '4',
            display: 'Application Server',
          },
        ],
      },
      entity: [
        {
          what: { reference: 'Appointment/a1' },
          type: { system: 'http://hl7.org/fhir/resource-types', code: 'Appointment' },
          role: {
            system: 'http://terminology.hl7.org/CodeSystem/object-role',
            code: '4',
            display: 'Domain Resource',
          },
          detail: [
            { type: 'request-id', valueString: row.request_id },
            { type: 'center', valueString: 'north' },
          ],
        },
        {
          what: { reference: 'Patient/p1' },
          type: {
            system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
            code: '1',
            display: 'Person',
          },
          role: {
            system: 'http://terminology.hl7.org/CodeSystem/object-role',
            code: '1',
            display: 'Patient',
          },
          detail: [{ type: 'center', valueString: 'north' }],
        },
      ],
    });
    expect(row.source_address).toMatch(/^[\d.:a-f]+$/);
  });

  it('shows a command-line import as DICOM Import by the cli role, from this machine, with its run id', async () => {
    const row = (await rows()).find((r) => r.entity_type === 'Request');
    const { json } = await get<AuditEvent>(`/fhir/AuditEvent/${row?.id}`);
    expect(json.type).toEqual({
      system: 'http://dicom.nema.org/resources/ontology/DCM',
      code: '110107',
      display: 'Import',
    });
    expect(json.action).toBe('C');
    expect(json.recorded).toBe(IMPORTED_AT);
    expect(json.agent).toEqual([
      {
        role: [{ coding: [{ system: 'urn:timely:role', code: 'cli' }], text: 'cli' }],
        requestor: true,
        network: { address: 'local', type: '1' },
      },
    ]);
    expect(json.source).toEqual({ observer: { display: 'Timely command line' } });
    expect(json.entity?.[0]).toEqual({
      what: {
        type: 'ServiceRequest',
        identifier: { system: 'urn:timely:request', value: 'r1' },
      },
      type: { system: 'http://hl7.org/fhir/resource-types', code: 'ServiceRequest' },
      role: {
        system: 'http://terminology.hl7.org/CodeSystem/object-role',
        code: '4',
        display: 'Domain Resource',
      },
      detail: [
        { type: 'request-id', valueString: importRunId },
        { type: 'center', valueString: 'north' },
        { type: 'command', valueString: 'import' },
      ],
    });
  });

  it('shows a refused sign-in as a failed User Authentication (outcome 4) by the public', async () => {
    const row = (await rows()).find((r) => r.entity_type === 'Session');
    const { json } = await get<AuditEvent>(`/fhir/AuditEvent/${row?.id}`);
    expect(json).toMatchObject({
      type: { code: '110114', display: 'User Authentication' },
      subtype: [{ code: '110122', display: 'Login' }],
      action: 'E',
      outcome: '4',
      agent: [{ role: [{ coding: [{ code: 'public' }] }], requestor: true }],
    });
    expect(json.agent[0]).not.toHaveProperty('who');
    expect(json.entity).toHaveLength(1);
    expect(json.entity?.[0]?.what).toEqual({
      identifier: { system: 'urn:timely:account', value: 'unknown-account' },
    });
  });

  it('searches the whole trail oldest first, every entry a valid AuditEvent of its row', async () => {
    const stored = await rows();
    expect(stored).toHaveLength(7);
    const bundle = await search('/fhir/AuditEvent');
    expect(bundle.total).toBe(7);
    expect(ids(bundle)).toEqual(stored.map((r) => r.id));
    expect(bundle.entry?.[0]?.fullUrl).toMatch(/^http:\/\/[^/]+\/fhir\/AuditEvent\/[\w-]+$/);
  });

  it('filters by patient, entity, type, agent, role, action, outcome and date', async () => {
    const stored = await rows();
    const schedulerId = stored.find((r) => r.actor_role === 'scheduler')?.actor_user_id ?? '';
    const expected = (keep: (row: Row) => boolean) => stored.filter(keep).map((r) => r.id);
    const cases: [string, (row: Row) => boolean][] = [
      ['patient=Patient/p1', (r) => r.patient_id === 'p1'],
      ['patient=p2', (r) => r.patient_id === 'p2'],
      ['entity=Appointment/a1', (r) => r.entity_type === 'Appointment'],
      ['entity=Patient/p2', (r) => r.patient_id === 'p2'],
      ['entity=a1,Patient/p2', (r) => r.entity_type === 'Appointment' || r.patient_id === 'p2'],
      ['entity-type=Patient', (r) => r.entity_type === 'Patient'],
      [
        'entity-type=http://hl7.org/fhir/resource-types|ServiceRequest',
        (r) => r.entity_type === 'Request',
      ],
      [`agent=${schedulerId}`, (r) => r.actor_role === 'scheduler'],
      ['agent-role=cli', (r) => r.actor_role === 'cli'],
      ['agent-role=urn:timely:role|scheduler,public', (r) => r.actor_role !== 'cli'],
      ['action=C', (r) => r.action === 'C'],
      ['action=http://hl7.org/fhir/audit-event-action|R,E', (r) => r.action !== 'C'],
      ['outcome=4', (r) => r.outcome === 'failure'],
      ['outcome=0&patient=p1', (r) => r.outcome === 'success' && r.patient_id === 'p1'],
      ['date=2026-01', (r) => r.actor_role === 'cli'],
      ['date=ge2026-01-15T10:00:00Z&date=lt2026-01-15T10:00:01Z', (r) => r.actor_role === 'cli'],
      ['date=gt2026-01-31', (r) => r.actor_role !== 'cli'],
      ['date=lt2026-01-15T10:00:00Z', () => false],
    ];
    for (const [query, keep] of cases) {
      const bundle = await search(`/fhir/AuditEvent?${query}`);
      expect(ids(bundle), query).toEqual(expected(keep));
      expect(bundle.total, query).toBe(expected(keep).length);
    }
  });

  it('pages with _count and next links, visiting each event once', async () => {
    const seen: (string | undefined)[] = [];
    let url: string | undefined = '/fhir/AuditEvent?_count=2&agent-role=cli,scheduler';
    let pages = 0;
    while (url !== undefined) {
      const bundle = await search(url);
      expect(bundle.total).toBe(6);
      seen.push(...ids(bundle));
      pages += 1;
      const next = bundle.link?.find((l) => l.relation === 'next')?.url;
      url = next === undefined ? undefined : new URL(next).pathname + new URL(next).search;
    }
    expect(pages).toBe(3);
    const expected = (await rows()).filter((r) => r.actor_role !== 'public').map((r) => r.id);
    expect(seen).toEqual(expected);
  });

  it('refuses what it cannot search on with a 400 naming the parameter', async () => {
    const cases: [string, string][] = [
      ['entity=Practitioner/c1', 'entity'],
      ['entity-type=Practitioner', 'entity-type'],
      ['action=X', 'action'],
      ['agent-role=boss', 'agent-role'],
      ['agent=Practitioner/c1', 'agent'],
      ['outcome=8', 'outcome'],
      ['date=yesterday', 'date'],
      ['subtype=110122', 'subtype'],
      ['action:not=R', 'action:not'],
      ['_cursor=bm90IGEgY3Vyc29y', '_cursor'],
    ];
    for (const [query, parameter] of cases) {
      const { status, json } = await get<OperationOutcome>(`/fhir/AuditEvent?${query}`);
      expect(status, query).toBe(400);
      expect(json.issue[0]?.expression, query).toEqual([parameter]);
    }
    expect((await get('/fhir/AuditEvent/no-such-event')).status).toBe(404);
  });

  it('adds no events of its own: reading the trail is not a read of health information', async () => {
    const before = (await rows()).length;
    await search('/fhir/AuditEvent?patient=p1');
    const one = (await rows())[0];
    await get(`/fhir/AuditEvent/${one?.id}`);
    expect((await rows()).length).toBe(before);
  });

  it('is for compliance only: every other role gets a 403, the public a 401, as OperationOutcomes', async () => {
    const one = (await rows())[0];
    for (const url of ['/fhir/AuditEvent', `/fhir/AuditEvent/${one?.id}`]) {
      for (const [role, auth] of others) {
        const { status, json } = await get<OperationOutcome>(url, auth);
        expect(status, `${role} ${url}`).toBe(403);
        expect(json).toMatchObject({
          resourceType: 'OperationOutcome',
          issue: [{ code: 'forbidden' }],
        });
      }
      const anonymous = await app.inject({ url });
      expect(anonymous.statusCode, url).toBe(401);
      expect(anonymous.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    }
  });

  describe('the CapabilityStatement', () => {
    it('lists AuditEvent read and search with the parameters implemented', async () => {
      const { json } =
        await get<import('@medplum/fhirtypes').CapabilityStatement>('/fhir/metadata');
      const auditEvent = json.rest?.[0]?.resource?.find((r) => r.type === 'AuditEvent');
      expect(auditEvent?.interaction?.map((i) => i.code)).toEqual(['read', 'search-type']);
      expect(auditEvent?.searchParam?.map((p) => p.name).sort()).toEqual([
        'action',
        'agent',
        'agent-role',
        'date',
        'entity',
        'entity-type',
        'outcome',
        'patient',
      ]);
      expect(auditEvent?.documentation).toContain('compliance');
    });
  });
}
