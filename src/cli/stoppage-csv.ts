/**
 * The CSV files of `timely stoppage`: the impact report's rows (one per day of the
 * original appointment and standard) and the notification list. Written by the same
 * `csvOf` as the routes' `format=csv` answers (RFC 4180, spreadsheet formulas defused —
 * the notification list carries member names, which are typed in by people), with the
 * JSON's field names as the header.
 */
import {
  IMPACT_COLUMNS,
  type ImpactRow,
  NOTIFICATION_COLUMNS,
  type NotificationRow,
} from '../disruption/model.ts';
import { csvOf } from '../server/routes/csv-reply.ts';
import type { TimeFormatter } from './stoppage-json.ts';

export function impactCsv(rows: readonly ImpactRow[]): string {
  return csvOf(
    IMPACT_COLUMNS,
    rows.map((row) => IMPACT_COLUMNS.map((column) => row[column])),
  );
}

/** Times are the clinic's wall clock with its offset: what a scheduler reads out on the phone. */
export function notificationsCsv(rows: readonly NotificationRow[], iso: TimeFormatter): string {
  return csvOf(
    NOTIFICATION_COLUMNS,
    rows.map((row) => [
      row.patientCenterId,
      row.memberNumber,
      row.patientName,
      row.result,
      row.oldClinicianId,
      iso(row.oldStart),
      row.newClinicianId,
      row.newProvider,
      row.newStart === null ? null : iso(row.newStart),
    ]),
  );
}
