/**
 * Import and export, run unchanged on every back end (`transfer.pglite.int.test.ts`,
 * `transfer.postgres.int.test.ts`). Each test opens empty databases of its own, so a
 * refused import can be checked to have written nothing at all.
 */
import type { Bundle } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import {
  type AuditContext,
  auditRecord,
  commandAuditContext,
  writeAudit,
} from '../server/audit.ts';
import { toAuditEvent } from '../server/fhir/audit-event.ts';
import { fhirIssues } from '../server/fhir/fhir-validator.ts';
import { exportCsv } from './export-csv.ts';
import { bundleText, exportFhirBundle } from './export-fhir.ts';
import { manyPatients, NETWORK, NETWORK_COUNTS, networkSources } from './fixtures.ts';
import { type ImportSource, importSources } from './import-sources.ts';
import { ImportRefused, problemLine } from './problems.ts';
import { IMPORT_ORDER } from './staging.ts';

export function describeTransfer(open: () => Promise<TestDatabase>): void {
  const opened: TestDatabase[] = [];

  async function emptyDatabase(): Promise<Kysely<Database>> {
    const database = await open();
    opened.push(database);
    await migrateToLatest(database.db);
    return database.db;
  }

  afterEach(async () => {
    for (const database of opened.splice(0)) await database.dispose();
  });

  async function rowCounts(db: Kysely<Database>): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of IMPORT_ORDER) {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      counts[table] = row.n;
    }
    return counts;
  }

  /** The report of a refused import, as the command prints it. */
  async function refusal(db: Kysely<Database>, sources: ImportSource[]): Promise<string[]> {
    const error = await importSources(db, sources).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportRefused);
    return (error as ImportRefused).problems.map(problemLine);
  }

  const nothing = Object.fromEntries(IMPORT_ORDER.map((table) => [table, 0]));

  describe('CSV', () => {
    it('round trip: export, import into an empty database, export again gives the same files', async () => {
      const first = await emptyDatabase();
      expect(await importSources(first, networkSources())).toEqual(NETWORK_COUNTS);
      const exported = await exportCsv(first);
      expect(Object.fromEntries(exported.map((f) => [f.name, f.rows]))).toEqual({
        'centers.csv': 2,
        'clinicians.csv': 3,
        'templates.csv': 2,
        'template-sessions.csv': 3,
        'admin-blocks.csv': 2,
        'stoppages.csv': 1,
        'time-off.csv': 2,
        'patients.csv': 2,
        'requests.csv': 2,
        'appointments.csv': 3,
      });

      const second = await emptyDatabase();
      const counts = await importSources(
        second,
        exported.map((f) => ({ name: f.name, text: f.text })),
      );
      expect(counts).toEqual(NETWORK_COUNTS);
      expect(await exportCsv(second)).toEqual(exported);
    }, 60_000);

    it('keeps values exactly, and fills in what the API would (defaults, the deadline)', async () => {
      const db = await emptyDatabase();
      await importSources(db, networkSources());
      const files = Object.fromEntries((await exportCsv(db)).map((f) => [f.name, f.text]));
      expect(files['clinicians.csv']).toContain(
        'south,c3,"Cole, Dana",lmft,en,in-person,false,12,',
      );
      expect(files['centers.csv']).toContain('south,South Clinic,America/Los_Angeles,,,');
      expect(files['template-sessions.csv']).toContain('north,t1,1,09:00:00,60,intake');
      expect(files['admin-blocks.csv']).toContain('north,t1,1,13:00:00,120,planning & preparation');
      // 10 business days after Tue 24 Nov 2026, Thanksgiving and the day after excluded.
      expect(files['requests.csv']).toContain(
        'north,r1,p1,routine-intake,nonurgent-nonphysician-mh,,2026-11-24T18:00:00.000Z,2026-12-11T07:59:59.999Z,',
      );
      const a3 = await db
        .selectFrom('appointments')
        .select('patient_center_id')
        .where('id', '=', 'a3')
        .executeTakeFirstOrThrow();
      expect(a3.patient_center_id).toBe('north');
    }, 60_000);

    it('reports every bad row with its line and field, and writes nothing', async () => {
      const db = await emptyDatabase();
      const problems = await refusal(
        db,
        networkSources({
          'clinicians.csv': `centerId,id,name,discipline,languages,modalities,active,caseloadCap
north,c1,Ana Ruiz,Psychologist,en;es,in-person;phone,maybe,
north,c2,,lcsw,en,video,,-4
south,c3,"Cole, Dana",lmft,en,in-person,false,12
`,
          'template-sessions.csv': `centerId,templateId,weekday,startTime,minutes,kind
north,t1,1,09:00,60,intake
north,t1,1,09:30,30,intake
north,t2,8,25:00,45,followup
`,
          'patients.csv': `centerId,id,memberNumber,name,birthDate,language
north,p1,M-001,Pat One,1980-02-30,en
south,p2,M-002,Pat Two,,es,extra
`,
        }),
      );
      expect(problems).toEqual([
        'clinicians.csv:2 active: expected true or false',
        'clinicians.csv:2 discipline: expected lower-case letters, digits and "-"',
        'clinicians.csv:2 modalities.1: Invalid option: expected one of "in-person"|"video"',
        'clinicians.csv:3 caseloadCap: Too small: expected number to be >=1',
        'clinicians.csv:3 name: required',
        'patients.csv:2 birthDate: expected a date YYYY-MM-DD',
        'patients.csv:3: has 7 cells, the header has 6',
        'template-sessions.csv:3 startTime: overlaps the session at template-sessions.csv:2',
        'template-sessions.csv:4 startTime: expected a time HH:MM or HH:MM:SS',
        'template-sessions.csv:4 weekday: Too big: expected number to be <=7',
      ]);
      expect(await rowCounts(db)).toEqual(nothing);
    }, 60_000);

    it('checks references across files and against the database', async () => {
      const db = await emptyDatabase();
      const problems = await refusal(
        db,
        networkSources({
          'appointments.csv': `${NETWORK['appointments.csv']}north,a4,c9,north,p1,,2026-12-01T17:00:00Z,2026-12-01T18:00:00Z,video,intake,
south,a5,c3,north,p7,r1,2026-12-01T17:00:00Z,2026-12-01T18:00:00Z,in-person,intake,
`,
          'templates.csv': `${NETWORK['templates.csv']}west,t3,c1,Week C,2026-01-05,,
`,
        }),
      );
      expect(problems).toEqual([
        'appointments.csv:5 clinicianId: no clinician north/c9 in the import or the database',
        'appointments.csv:6 patientId: no patient north/p7 in the import or the database',
        'templates.csv:4 clinicianId: no clinician west/c1 in the import or the database',
      ]);
      expect(await rowCounts(db)).toEqual(nothing);

      // What the database already holds satisfies a reference.
      const only = (names: string[]) => networkSources().filter((s) => names.includes(s.name));
      await importSources(db, only(['centers.csv', 'clinicians.csv']));
      const counts = await importSources(
        db,
        only(['patients.csv']).concat([
          {
            name: 'more-appointments.csv',
            text: `centerId,id,clinicianId,patientCenterId,patientId,requestId,start,end,modality,kind,status
north,b1,c1,south,p2,,2026-12-01T17:00:00Z,2026-12-01T18:00:00Z,video,intake,
`,
          },
        ]),
      );
      expect(counts.appointments).toBe(1);
    }, 60_000);

    it('names the row the database refuses: an overlapping appointment', async () => {
      const db = await emptyDatabase();
      const problems = await refusal(
        db,
        networkSources({
          'appointments.csv': `${NETWORK['appointments.csv']}north,a4,c1,north,p1,,2026-11-30T17:45:00Z,2026-11-30T18:15:00Z,in-person,followup,booked
`,
        }),
      );
      expect(problems).toEqual([
        'appointments.csv:5 start: overlaps appointment a1 of the same clinician (booked and completed appointments may not overlap)',
      ]);
      expect(await rowCounts(db)).toEqual(nothing);
    }, 60_000);

    it('refuses duplicates, in the import and in the database, and a second import of the same files', async () => {
      const db = await emptyDatabase();
      const duplicated = await refusal(
        db,
        networkSources({
          'patients.csv': `${NETWORK['patients.csv']}north,p1,M-009,Pat Again,,en
north,p3,M-001,Pat Three,,en
`,
        }),
      );
      expect(duplicated).toEqual([
        'patients.csv:4 id: also given at patients.csv:2',
        'patients.csv:5 memberNumber: also given at patients.csv:2',
      ]);
      await importSources(db, networkSources());
      const again = await refusal(db, networkSources());
      expect(again).toContain(
        'centers.csv:2 id: north already exists in the database (an import adds records and never changes them)',
      );
      expect(again).toContain(
        'appointments.csv:4 id: north/a3 already exists in the database (an import adds records and never changes them)',
      );
      expect(await rowCounts(db)).toEqual(NETWORK_COUNTS);
    }, 60_000);
  });

  describe('FHIR', () => {
    it('exports a collection Bundle that validates against FHIR R4', async () => {
      const db = await emptyDatabase();
      await importSources(db, networkSources());
      const bundle = await exportFhirBundle(db);
      expect(bundle.type).toBe('collection');
      expect(fhirIssues(bundle)).toEqual([]);
      const types = (bundle.entry ?? []).map((e) => e.resource?.resourceType);
      expect(types.filter((t) => t === 'Organization')).toHaveLength(2);
      expect(types.filter((t) => t === 'Practitioner')).toHaveLength(3);
      expect(types.filter((t) => t === 'Patient')).toHaveLength(2);
      expect(types.filter((t) => t === 'Appointment')).toHaveLength(3);
    }, 60_000);

    it('round trip: the Bundle (with requests.csv for the appointments it is based on) comes back the same', async () => {
      const first = await emptyDatabase();
      await importSources(first, networkSources());
      const text = bundleText(await exportFhirBundle(first));
      const requests = (await exportCsv(first)).find((f) => f.name === 'requests.csv');

      const second = await emptyDatabase();
      const counts = await importSources(second, [
        { name: 'bundle.json', text },
        { name: 'requests.csv', text: requests?.text ?? '' },
      ]);
      expect(counts).toMatchObject({
        medical_centers: 2,
        clinicians: 3,
        patients: 2,
        requests: 2,
        appointments: 3,
      });
      expect(bundleText(await exportFhirBundle(second))).toBe(text);
    }, 60_000);

    it('reports bad entries by their place in the Bundle, and writes nothing', async () => {
      const db = await emptyDatabase();
      const bundle: Bundle = {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            fullUrl: 'urn:uuid:org-1',
            request: { method: 'POST', url: 'Organization' },
            resource: { resourceType: 'Organization', id: 'north', name: 'North' },
          },
          {
            fullUrl: 'urn:uuid:pat-1',
            request: { method: 'POST', url: 'Patient' },
            resource: {
              resourceType: 'Patient',
              identifier: [{ system: 'urn:timely:member-number', value: 'M-1' }],
              name: [{ text: 'Pat' }],
              birthDate: '1980-13-01',
              managingOrganization: { reference: 'Organization/north' },
            },
          },
          {
            request: { method: 'POST', url: 'Appointment' },
            resource: {
              resourceType: 'Appointment',
              status: 'booked',
              start: '2026-12-01T17:00:00Z',
              end: '2026-12-01T18:00:00Z',
              participant: [
                { actor: { reference: 'urn:uuid:pat-1' }, status: 'accepted' },
                { actor: { reference: 'Practitioner/nobody' }, status: 'accepted' },
              ],
            },
          },
          { request: { method: 'DELETE', url: 'Patient/p1' } },
          {
            request: { method: 'POST', url: 'Observation' },
            resource: { resourceType: 'Observation', status: 'final', code: {} },
          },
        ],
      };
      const problems = await refusal(db, [{ name: 'in.json', text: JSON.stringify(bundle) }]);
      expect(problems).toEqual([
        'in.json entry[1].resource.birthDate: expected a date YYYY-MM-DD',
        'in.json entry[2].resource.participant[1].actor.reference: no Practitioner/nobody in the Bundle or the database',
        'in.json entry[3].request.method: only POST and PUT entries are imported',
        'in.json entry[4].resource.resourceType: Observation is not imported',
      ]);
      expect(await rowCounts(db)).toEqual(nothing);
    }, 60_000);
  });

  describe('audit trail', () => {
    const trail = (db: Kysely<Database>) =>
      db
        .selectFrom('audit_events')
        .selectAll()
        .orderBy('entity_type')
        .orderBy('entity_id')
        .execute();
    const tally = (events: { action: string; entity_type: string }[]) => {
      const counted: Record<string, number> = {};
      for (const e of events) {
        const key = `${e.action} ${e.entity_type}`;
        counted[key] = (counted[key] ?? 0) + 1;
      }
      return counted;
    };

    it('an import records one create per patient, request and appointment, as one command-line run', async () => {
      const db = await emptyDatabase();
      await importSources(db, networkSources());
      const events = await trail(db);
      // 2 patients, 2 requests, 3 appointments; centers, clinicians, templates… name no member.
      expect(tally(events)).toEqual({ 'C Patient': 2, 'C Request': 2, 'C Appointment': 3 });
      expect(new Set(events.map((e) => e.request_id)).size).toBe(1);
      for (const event of events) {
        expect(event).toMatchObject({
          actor_user_id: null,
          actor_role: 'cli',
          source_address: 'local',
          outcome: 'success',
          detail: { command: 'import' },
        });
        expect(event.request_id).toMatch(/^[0-9a-f-]{36}$/);
        expect(fhirIssues(toAuditEvent(event))).toEqual([]);
      }
      // a2 is north's appointment of south's member p2; r2 is south's request for p2.
      const a2 = events.find((e) => e.entity_id === 'a2');
      expect(a2).toMatchObject({
        center_id: 'north',
        patient_center_id: 'south',
        patient_id: 'p2',
      });
      const r2 = events.find((e) => e.entity_id === 'r2');
      expect(r2).toMatchObject({
        center_id: 'south',
        patient_center_id: 'south',
        patient_id: 'p2',
      });
      expect(JSON.stringify(events)).not.toMatch(/Pat One|M-001|1980-02-03/);
    }, 60_000);

    it('an import from a FHIR Bundle records its patients and appointments too, under the context given', async () => {
      const first = await emptyDatabase();
      await importSources(first, networkSources());
      const text = bundleText(await exportFhirBundle(first));
      const requests = (await exportCsv(first)).find((f) => f.name === 'requests.csv');

      const second = await emptyDatabase();
      const context: AuditContext = {
        actorUserId: 'u-1',
        actorRole: 'admin',
        sourceAddress: '192.0.2.7',
        requestId: 'req-1',
      };
      await importSources(
        second,
        [
          { name: 'bundle.json', text },
          { name: 'requests.csv', text: requests?.text ?? '' },
        ],
        { audit: context },
      );
      const events = await trail(second);
      expect(tally(events)).toEqual({ 'C Patient': 2, 'C Request': 2, 'C Appointment': 3 });
      for (const event of events) {
        expect(event).toMatchObject({
          actor_user_id: 'u-1',
          actor_role: 'admin',
          source_address: '192.0.2.7',
          request_id: 'req-1',
          detail: {},
        });
      }
    }, 60_000);

    it('a refused import records nothing', async () => {
      const db = await emptyDatabase();
      await refusal(
        db,
        networkSources({
          'appointments.csv': `${NETWORK['appointments.csv']}north,a4,c9,north,p1,,2026-12-01T17:00:00Z,2026-12-01T18:00:00Z,video,intake,
`,
        }),
      );
      expect(await trail(db)).toEqual([]);
      expect(await rowCounts(db)).toEqual(nothing);
    }, 60_000);

    // 1,200: a row-value IN list of a few hundred keys once crashed PGlite (existing-keys.ts).
    it('an import of many members records every one', async () => {
      const db = await emptyDatabase();
      const patients = 1_200;
      const counts = await importSources(db, manyPatients(patients));
      expect(counts.patients).toBe(patients);
      const events = await trail(db);
      expect(tally(events)).toEqual({ 'C Patient': patients });
      expect(new Set(events.map((e) => e.entity_id)).size).toBe(patients);
    }, 120_000);

    it('writes thousands of events in batched statements, inside the caller’s transaction', async () => {
      const db = await emptyDatabase();
      const entries = Array.from({ length: 2_345 }, (_, index) => ({
        action: 'C' as const,
        entityType: 'Patient',
        entityId: `bulk-${index}`,
        patient: { centerId: 'north', id: `bulk-${index}` },
      }));
      const rolledBack = new Error('rolled back on purpose');
      await expect(
        db.transaction().execute(async (trx) => {
          await writeAudit(trx, commandAuditContext('import'), entries);
          throw rolledBack;
        }),
      ).rejects.toBe(rolledBack);
      expect(await trail(db)).toEqual([]);
      await writeAudit(db, commandAuditContext('import'), entries);
      expect(new Set((await trail(db)).map((e) => e.entity_id)).size).toBe(2_345);
    }, 120_000);

    it('an export records one read per patient, request and appointment it writes out', async () => {
      const db = await emptyDatabase();
      await importSources(db, networkSources());
      const imported = (await trail(db)).map((e) => e.id);

      await exportCsv(db);
      const csvRead = (await trail(db)).filter((e) => !imported.includes(e.id));
      expect(tally(csvRead)).toEqual({ 'R Patient': 2, 'R Request': 2, 'R Appointment': 3 });
      for (const event of csvRead) {
        expect(event).toMatchObject({ actor_role: 'cli', detail: { command: 'export' } });
      }

      // The FHIR Bundle holds patients and appointments, not requests.
      await exportFhirBundle(db);
      const fhirRead = (await trail(db)).filter(
        (e) => !imported.includes(e.id) && !csvRead.some((c) => c.id === e.id),
      );
      expect(tally(fhirRead)).toEqual({ 'R Patient': 2, 'R Appointment': 3 });
      expect(new Set(fhirRead.map((e) => e.request_id)).size).toBe(1);
      expect(fhirRead[0]?.request_id).not.toBe(csvRead[0]?.request_id);
    }, 60_000);

    it('shapes the rows through the one builder the HTTP routes use', () => {
      const context: AuditContext = {
        actorUserId: null,
        actorRole: 'cli',
        sourceAddress: 'local',
        requestId: 'run-1',
        detail: { command: 'export' },
      };
      expect(
        auditRecord(context, {
          action: 'R',
          entityType: 'Patient',
          entityId: 'p1',
          patient: { centerId: 'north', id: 'p1' },
        }),
      ).toEqual({
        center_id: 'north',
        actor_user_id: null,
        actor_role: 'cli',
        action: 'R',
        entity_type: 'Patient',
        entity_id: 'p1',
        outcome: 'success',
        detail: { command: 'export' },
        patient_center_id: 'north',
        patient_id: 'p1',
        source_address: 'local',
        request_id: 'run-1',
      });
    });
  });
}
