/**
 * `own` access (src/auth/policy.ts): a clinician account reaches only rows about its own
 * clinician. Checked here, before the handler, for each route the policy grants `own`:
 *
 * - a list must be filtered to the caller's clinician by its own query parameters (the
 *   handler's filter then does the narrowing; nothing unfiltered is ever run);
 * - one record is looked up and must belong to the caller: its template, its
 *   appointment, or a patient it has (or had) an appointment with.
 *
 * A route granted `own` without a rule here is refused (fail closed); a refusal is a 404
 * for a record (as if it did not exist, so ids of other clinicians' patients cannot be
 * probed) and a 403 for a list not narrowed to the caller.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Principal } from '../../auth/principal.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../problem.ts';

type Db = Kysely<Database>;
type Own = { readonly centerId: string; readonly id: string };
type Params = Readonly<Record<string, string | undefined>>;
type Query = Readonly<Record<string, unknown>>;

/** True when the request reaches only the caller's own rows. */
type OwnRule = (db: Db, own: Own, params: Params, query: Query) => Promise<boolean> | boolean;

/** The FHIR reference to a practitioner, as a search may write it. */
function isOwnPractitioner(value: unknown, own: Own): boolean {
  return value === own.id || value === `Practitioner/${own.id}`;
}

const patientOfClinician = async (
  db: Db,
  own: Own,
  centerId: string | undefined,
  id: string | undefined,
) => {
  if (id === undefined) return false;
  let query = db
    .selectFrom('appointments')
    .select('id')
    .where('center_id', '=', own.centerId)
    .where('clinician_id', '=', own.id)
    .where('patient_id', '=', id);
  if (centerId !== undefined) query = query.where('patient_center_id', '=', centerId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
};

export const OWN_RULES: Readonly<Record<string, OwnRule>> = {
  'GET /templates': (_db, own, _params, query) =>
    query.clinician === own.id && query.center === own.centerId,
  'GET /templates/:centerId/:id': async (db, own, params) => {
    const row = await db
      .selectFrom('templates')
      .select('clinician_id')
      .where('center_id', '=', params.centerId ?? '')
      .where('id', '=', params.id ?? '')
      .executeTakeFirst();
    return params.centerId === own.centerId && row?.clinician_id === own.id;
  },
  'GET /patients/:centerId/:id': (db, own, params) =>
    patientOfClinician(db, own, params.centerId, params.id),
  'GET /fhir/Patient/:id': (db, own, params) => patientOfClinician(db, own, undefined, params.id),
  'GET /fhir/Appointment': (_db, own, _params, query) => isOwnPractitioner(query.practitioner, own),
  'GET /fhir/Appointment/:id': async (db, own, params) => {
    const row = await db
      .selectFrom('appointments')
      .select('id')
      .where('center_id', '=', own.centerId)
      .where('clinician_id', '=', own.id)
      .where('id', '=', params.id ?? '')
      .executeTakeFirst();
    return row !== undefined;
  },
};

export async function checkOwnership(
  db: Db,
  request: FastifyRequest,
  caller: Principal,
): Promise<void> {
  const url = request.routeOptions.url ?? '';
  const rule = OWN_RULES[`${request.method === 'HEAD' ? 'GET' : request.method} ${url}`];
  const own = caller.clinician;
  const isList = !url.includes('/:');
  const refusal = isList
    ? new Problem(
        'forbidden',
        'a clinician account lists only its own records: filter by its clinician',
      )
    : new Problem('not-found', 'no such record');
  if (rule === undefined || own === null) throw refusal;
  const allowed = await rule(db, own, request.params as Params, request.query as Query);
  if (!allowed) throw refusal;
}
