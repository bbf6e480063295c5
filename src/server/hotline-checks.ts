/**
 * The checks a hotline write makes against the stored records before it changes
 * anything, each refusing with a 422 that names the field: the member exists, the
 * records a case names are that member's, the assignee is someone who works cases.
 * They run inside the write's transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { fieldProblem } from './problem.ts';

/** The roles that work hotline cases (src/auth/policy.ts, HOTLINE_WRITE), so may be assigned one. */
export const ASSIGNABLE_ROLES = ['hotline', 'admin'] as const;

export interface MemberRef {
  readonly centerId: string;
  readonly id: string;
}

/** The member exists, or a 422 at `path`. */
export async function requireMember(
  trx: Kysely<Database>,
  member: MemberRef,
  path: string,
): Promise<void> {
  const found = await trx
    .selectFrom('patients')
    .select('id')
    .where('center_id', '=', member.centerId)
    .where('id', '=', member.id)
    .executeTakeFirst();
  if (found === undefined) {
    throw fieldProblem('unprocessable', 'body', path, 'no such member at that medical center');
  }
}

/** A medical center's time zone (a case's clock runs in it), or a 422 at `path`. */
export async function centerTimeZone(
  trx: Kysely<Database>,
  centerId: string,
  path: string,
): Promise<string> {
  const center = await trx
    .selectFrom('medical_centers')
    .select('time_zone')
    .where('id', '=', centerId)
    .executeTakeFirst();
  if (center === undefined) {
    throw fieldProblem('unprocessable', 'body', path, 'no such medical center');
  }
  return center.time_zone;
}

/** An active account that may work cases, or a 422 at `assignedTo`. */
export async function requireAssignee(trx: Kysely<Database>, userId: string): Promise<void> {
  const user = await trx
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('active', '=', true)
    .where('role', 'in', ASSIGNABLE_ROLES)
    .executeTakeFirst();
  if (user === undefined) {
    throw fieldProblem(
      'unprocessable',
      'body',
      'assignedTo',
      `no active ${ASSIGNABLE_ROLES.join(' or ')} account with this id`,
    );
  }
}

export interface LinkTargets {
  readonly requestIds?: readonly string[] | undefined;
  readonly appointments?: readonly MemberRef[] | undefined;
}

/**
 * The links a case may make: each request and appointment must be the member's. An
 * appointment may be at another center (a video visit), so it is looked up by its own
 * key, then checked to name the member. Returns the rows for `complaint_links`.
 */
export async function checkedLinks(
  trx: Kysely<Database>,
  member: MemberRef,
  targets: LinkTargets,
): Promise<{ kind: 'request' | 'appointment'; target_center_id: string; target_id: string }[]> {
  const links: { kind: 'request' | 'appointment'; target_center_id: string; target_id: string }[] =
    [];
  const requestIds = [...new Set(targets.requestIds ?? [])];
  if (requestIds.length > 0) {
    const found = await trx
      .selectFrom('requests')
      .select('id')
      .where('center_id', '=', member.centerId)
      .where('patient_id', '=', member.id)
      .where('id', 'in', requestIds)
      .execute();
    const ids = new Set(found.map((r) => r.id));
    const missing = (targets.requestIds ?? []).findIndex((id) => !ids.has(id));
    if (missing !== -1) {
      throw fieldProblem(
        'unprocessable',
        'body',
        `requestIds.${missing}`,
        "not one of the member's requests",
      );
    }
    for (const id of requestIds) {
      links.push({ kind: 'request', target_center_id: member.centerId, target_id: id });
    }
  }
  const seen = new Set<string>();
  for (const [index, ref] of (targets.appointments ?? []).entries()) {
    const key = `${ref.centerId}/${ref.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const found = await trx
      .selectFrom('appointments')
      .select('id')
      .where('center_id', '=', ref.centerId)
      .where('id', '=', ref.id)
      .where('patient_center_id', '=', member.centerId)
      .where('patient_id', '=', member.id)
      .executeTakeFirst();
    if (found === undefined) {
      throw fieldProblem(
        'unprocessable',
        'body',
        `appointments.${index}`,
        "not one of the member's appointments",
      );
    }
    links.push({ kind: 'appointment', target_center_id: ref.centerId, target_id: ref.id });
  }
  return links;
}
