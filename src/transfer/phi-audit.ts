/**
 * The audit trail of `timely import` and `timely export`: one event per record of
 * personal health information (a patient, a booking request, an appointment) written
 * (C, in the import's transaction) or read out (R, before the export's files are
 * written), as the HTTP routes record theirs (src/server/audit.ts). Other tables
 * (centers, clinicians, templates, …) name no member and leave no events.
 *
 * An event holds ids only: the record's, its center's and its member's.
 */
import type { AuditEntry } from '../server/audit.ts';

/** A row as inserted or selected: the columns read here are ids. */
export type PhiRow = Readonly<Record<string, unknown>>;

interface PhiTable {
  readonly entityType: 'Patient' | 'Request' | 'Appointment';
  /** the columns naming the member: a request belongs to its member's center */
  readonly patientCenter: string;
  readonly patientId: string;
}

/** The tables that hold personal health information, by table name. */
const PHI_TABLES: Readonly<Record<string, PhiTable>> = {
  patients: { entityType: 'Patient', patientCenter: 'center_id', patientId: 'id' },
  requests: { entityType: 'Request', patientCenter: 'center_id', patientId: 'patient_id' },
  appointments: {
    entityType: 'Appointment',
    patientCenter: 'patient_center_id',
    patientId: 'patient_id',
  },
};

/** One event per row of `table` when it holds PHI; none otherwise. */
export function phiEvents(table: string, action: 'C' | 'R', rows: readonly PhiRow[]): AuditEntry[] {
  const phi = Object.hasOwn(PHI_TABLES, table) ? PHI_TABLES[table] : undefined;
  if (phi === undefined) return [];
  return rows.map((row) => ({
    action,
    entityType: phi.entityType,
    entityId: String(row.id),
    centerId: String(row.center_id),
    patient: { centerId: String(row[phi.patientCenter]), id: String(row[phi.patientId]) },
  }));
}
