/**
 * `timely export --format fhir`: the records the FHIR face serves, as one FHIR R4
 * `collection` Bundle: medical centers as Organizations, each clinician as a
 * Practitioner, PractitionerRole and Schedule, patients, appointments. Resources are
 * made by the FHIR face's own mapping (src/server/fhir/resources.ts); the Organization
 * is added here because the face does not serve centers yet. Templates, time off and
 * requests have no FHIR form here: export CSV for those.
 *
 * Each patient and appointment exported is a read for the audit trail, recorded before
 * the Bundle is handed back.
 */
import type { Bundle, Organization, Resource } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type AuditContext, commandAuditContext, writeAudit } from '../server/audit.ts';
import {
  SYSTEMS,
  toAppointment,
  toPatient,
  toPractitioner,
  toPractitionerRole,
  toSchedule,
} from '../server/fhir/resources.ts';
import { phiEvents } from './phi-audit.ts';

export const FHIR_EXPORT_FILE = 'bundle.json';

export async function exportFhirBundle(
  db: Kysely<Database>,
  audit: AuditContext = commandAuditContext('export'),
): Promise<Bundle> {
  const byKey = <R extends { id: string }>(rows: R[]) =>
    rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const centers = byKey(await db.selectFrom('medical_centers').selectAll().execute());
  const clinicians = byKey(await db.selectFrom('clinicians').selectAll().execute());
  const patients = byKey(await db.selectFrom('patients').selectAll().execute());
  const appointments = byKey(await db.selectFrom('appointments').selectAll().execute());
  await writeAudit(db, audit, [
    ...phiEvents('patients', 'R', patients),
    ...phiEvents('appointments', 'R', appointments),
  ]);
  const resources: Resource[] = [
    ...centers.map(
      (row): Organization => ({
        resourceType: 'Organization',
        id: row.id,
        identifier: [{ system: SYSTEMS.center, value: row.id }],
        name: row.name,
      }),
    ),
    ...clinicians.flatMap((row) => [toPractitioner(row), toPractitionerRole(row), toSchedule(row)]),
    ...patients.map(toPatient),
    ...appointments.map(toAppointment),
  ];
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: resources.map((resource) => ({ resource })),
  };
}

export function bundleText(bundle: Bundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}
