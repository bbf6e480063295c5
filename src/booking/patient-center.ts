/**
 * A patient's home center, the center the request row lives in.
 *
 * A booking that names a center does not look it up first: it presumes the patient is
 * that center's and lets the request row's foreign key to the patient (23503) check it
 * in the booking's own statement, which saves a round trip on every booking. Only when
 * the key refuses (a video visit booked from another center, or an unknown patient) is
 * the patient looked up, here, and the booking run again with what was found; so the
 * result is the one a look-up first would have given.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { RequestInput } from '../engine/booking/model.ts';
import { TimelyError } from '../engine/errors.ts';

/** The patient's home center: the request's `center` if it names the patient's, else looked up. */
export async function lookUpPatientCenter(
  db: Kysely<Database>,
  request: RequestInput,
): Promise<string> {
  let query = db.selectFrom('patients').select('center_id').where('id', '=', request.patientId);
  if (request.center !== undefined) query = query.where('center_id', '=', request.center);
  const rows = await query.limit(2).execute();
  if (rows.length === 0 && request.center !== undefined) {
    // A video request may name a center the patient does not belong to.
    return lookUpPatientCenter(db, { ...request, center: undefined });
  }
  if (rows.length !== 1) {
    throw new TimelyError(
      rows.length === 0 ? 'NOT_FOUND' : 'FIELD_INVALID',
      rows.length === 0
        ? `patientId: unknown patient "${request.patientId}"`
        : `patientId: "${request.patientId}" is in more than one center; name its center`,
      { path: 'patientId' },
    );
  }
  return rows[0]!.center_id;
}
