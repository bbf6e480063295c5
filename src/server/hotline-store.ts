/**
 * Reading hotline cases (table `complaints`, migration 0010) for the routes: a case row
 * with its member and assignee, shaped for the API with its clock read at one instant;
 * and a case's page — notes, history, the member's requests and appointments (those the
 * case names first). Writes live in the routes, in their transactions.
 *
 * The member is joined through `patient_center_id` (the member's home center), which
 * for a case matched after intake may differ from the case's own center.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { instantFromEpochMs } from '../engine/time.ts';
import type { CallerRelation, CaseCategory, CaseStatus, Urgency } from '../hotline/case-codes.ts';
import { caseClock } from '../hotline/clocks.ts';
import type { AuditEntry } from './audit.ts';

/** The audit record type of a case and of a note. */
export const CASE_ENTITY = 'HotlineCase';
export const NOTE_ENTITY = 'HotlineCaseNote';

export function selectCases(db: Kysely<Database>) {
  return db
    .selectFrom('complaints')
    .leftJoin('patients', (join) =>
      join
        .onRef('patients.center_id', '=', 'complaints.patient_center_id')
        .onRef('patients.id', '=', 'complaints.patient_id'),
    )
    .leftJoin('users', 'users.id', 'complaints.assigned_to')
    .select([
      'complaints.center_id',
      'complaints.id',
      'complaints.patient_center_id',
      'complaints.patient_id',
      'patients.member_number',
      'patients.name as member_name',
      'complaints.given_member_number',
      'complaints.given_member_name',
      'complaints.given_birth_date',
      'complaints.caller_relation',
      'complaints.caller_name',
      'complaints.category',
      'complaints.account',
      'complaints.urgency',
      'complaints.status',
      'complaints.resolution_code',
      'complaints.received_at',
      'complaints.due_at',
      'complaints.resolved_at',
      'complaints.assigned_to',
      'users.display_name as assignee_name',
    ]);
}

export type CaseRow = Awaited<ReturnType<ReturnType<typeof selectCases>['execute']>>[number];

export function findCase(db: Kysely<Database>, centerId: string, id: string) {
  return selectCases(db)
    .where('complaints.center_id', '=', centerId)
    .where('complaints.id', '=', id)
    .executeTakeFirst();
}

const iso = (at: Date) => at.toISOString();

export function toCase(row: CaseRow, asOf: Date) {
  const matched = row.patient_id !== null && row.patient_center_id !== null;
  const given =
    row.given_member_number !== null || row.given_member_name !== null
      ? {
          memberNumber: row.given_member_number,
          name: row.given_member_name,
          birthDate: row.given_birth_date,
        }
      : null;
  const clock = caseClock(
    instantFromEpochMs(row.due_at.getTime()),
    row.resolved_at === null ? null : instantFromEpochMs(row.resolved_at.getTime()),
    instantFromEpochMs(asOf.getTime()),
  );
  return {
    centerId: row.center_id,
    id: row.id,
    member: matched
      ? {
          centerId: row.patient_center_id!,
          id: row.patient_id!,
          memberNumber: row.member_number ?? '',
          name: row.member_name ?? '',
        }
      : null,
    needsMatching: !matched,
    memberGiven: given,
    caller: { relation: row.caller_relation as CallerRelation, name: row.caller_name },
    category: row.category as CaseCategory,
    account: row.account,
    urgency: row.urgency as Urgency,
    status: row.status as CaseStatus,
    resolutionCode: row.resolution_code,
    receivedAt: iso(row.received_at),
    resolvedAt: row.resolved_at === null ? null : iso(row.resolved_at),
    clock: {
      dueAt: new Date(clock.dueAt).toISOString(),
      state: clock.state,
      msLeft: clock.msLeft,
      breached: clock.breached,
    },
    assignedTo:
      row.assigned_to === null ? null : { id: row.assigned_to, name: row.assignee_name ?? '' },
  };
}

/** The member of a case as an audit event names them, or null while unmatched. */
export function memberOf(row: {
  readonly patient_center_id: string | null;
  readonly patient_id: string | null;
}): { readonly centerId: string; readonly id: string } | null {
  return row.patient_center_id === null || row.patient_id === null
    ? null
    : { centerId: row.patient_center_id, id: row.patient_id };
}

/** The event of one case read or written. */
export function caseEvent(
  action: AuditEntry['action'],
  row: {
    readonly center_id: string;
    readonly id: string;
    readonly patient_center_id: string | null;
    readonly patient_id: string | null;
  },
  detail?: AuditEntry['detail'],
): AuditEntry {
  return {
    action,
    entityType: CASE_ENTITY,
    entityId: row.id,
    centerId: row.center_id,
    patient: memberOf(row),
    ...(detail === undefined ? {} : { detail }),
  };
}

/** How many of a member's requests and appointments a case page shows (named ones first). */
export const MEMBER_RECORDS_SHOWN = 50;

/** A case's page beyond the case itself. */
export async function caseRecords(db: Kysely<Database>, row: CaseRow) {
  const key = { center: row.center_id, id: row.id };
  const notes = await db
    .selectFrom('complaint_notes as n')
    .innerJoin('users as u', 'u.id', 'n.author_user_id')
    .select(['n.id', 'n.author_user_id', 'u.display_name', 'n.written_at', 'n.text'])
    .where('n.center_id', '=', key.center)
    .where('n.complaint_id', '=', key.id)
    .orderBy('n.written_at')
    .orderBy('n.id')
    .execute();
  const history = await db
    .selectFrom('complaint_history as h')
    .leftJoin('users as actor', 'actor.id', 'h.actor_user_id')
    .leftJoin('users as assignee', 'assignee.id', 'h.assigned_to')
    .select([
      'h.at',
      'h.kind',
      'h.actor_user_id',
      'actor.display_name as actor_name',
      'h.from_status',
      'h.to_status',
      'h.resolution_code',
      'h.assigned_to',
      'assignee.display_name as assignee_name',
    ])
    .where('h.center_id', '=', key.center)
    .where('h.complaint_id', '=', key.id)
    .orderBy('h.at')
    .orderBy('h.id')
    .execute();
  const linked = (kind: 'request' | 'appointment', center: unknown, id: unknown) =>
    sql<boolean>`EXISTS (SELECT 1 FROM complaint_links l
      WHERE l.center_id = ${key.center} AND l.complaint_id = ${key.id} AND l.kind = ${kind}
        AND l.target_center_id = ${center} AND l.target_id = ${id})`;
  const member = memberOf(row);
  const requests =
    member === null
      ? []
      : await db
          .selectFrom('requests as r')
          .select((eb) => [
            'r.center_id',
            'r.id',
            'r.type',
            'r.standard',
            'r.status',
            'r.clock_start',
            eb.fn.coalesce('r.extension_deadline', 'r.deadline').as('due'),
            linked('request', sql.ref('r.center_id'), sql.ref('r.id')).as('linked'),
          ])
          .where('r.center_id', '=', member.centerId)
          .where('r.patient_id', '=', member.id)
          .orderBy('linked', 'desc')
          .orderBy('r.clock_start', 'desc')
          .orderBy('r.id')
          .limit(MEMBER_RECORDS_SHOWN)
          .execute();
  const appointments =
    member === null
      ? []
      : await db
          .selectFrom('appointments as a')
          .innerJoin('clinicians as k', (join) =>
            join.onRef('k.center_id', '=', 'a.center_id').onRef('k.id', '=', 'a.clinician_id'),
          )
          .select([
            'a.center_id',
            'a.id',
            'a.clinician_id',
            'k.name as clinician_name',
            'a.starts_at',
            'a.status',
            'a.request_id',
            linked('appointment', sql.ref('a.center_id'), sql.ref('a.id')).as('linked'),
          ])
          .where('a.patient_center_id', '=', member.centerId)
          .where('a.patient_id', '=', member.id)
          .orderBy('linked', 'desc')
          .orderBy('a.starts_at', 'desc')
          .orderBy('a.id')
          .limit(MEMBER_RECORDS_SHOWN)
          .execute();
  return {
    notes: notes.map((n) => ({
      id: n.id,
      author: { id: n.author_user_id, name: n.display_name },
      writtenAt: iso(n.written_at),
      text: n.text,
    })),
    history: history.map((h) => ({
      at: iso(h.at),
      kind: h.kind,
      actor: h.actor_user_id === null ? null : { id: h.actor_user_id, name: h.actor_name ?? '' },
      fromStatus: h.from_status,
      toStatus: h.to_status,
      resolutionCode: h.resolution_code,
      assignedTo:
        h.assigned_to === null ? null : { id: h.assigned_to, name: h.assignee_name ?? '' },
    })),
    memberRequests: requests.map((r) => ({
      centerId: r.center_id,
      id: r.id,
      type: r.type,
      standard: r.standard,
      status: r.status,
      clockStart: iso(r.clock_start),
      deadline: iso(r.due),
      linked: r.linked,
    })),
    memberAppointments: appointments.map((a) => ({
      centerId: a.center_id,
      id: a.id,
      clinician: { id: a.clinician_id, name: a.clinician_name },
      startsAt: iso(a.starts_at),
      status: a.status,
      requestId: a.request_id,
      linked: a.linked,
    })),
  };
}
