/**
 * The audit trail's writer: one `audit_events` row per read or write of personal health
 * information, naming who (account and role), what (action, resource type and id, the
 * patient), when, the outcome, the source address and the HTTP request's id.
 *
 * A write's event goes through the same transaction as the write (pass the
 * transaction), so a change is never stored without its trace or the other way round.
 * Reads are recorded before the response is sent: if the trail cannot be written, the
 * caller gets an error rather than unaudited data.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AuditWriter } from '../booking/booking-service.ts';
import type { AUDIT_ACTIONS, Database, NewAuditEvent } from '../db/schema.ts';

export interface AuditEntry {
  /** FHIR AuditEvent.action: C create, R read, U update, D delete, E execute. */
  readonly action: (typeof AUDIT_ACTIONS)[number];
  readonly entityType: string;
  readonly entityId: string;
  /** The center the record belongs to, when it belongs to one. */
  readonly centerId?: string | null | undefined;
  /** The member whose information this is. */
  readonly patient?: { readonly centerId: string; readonly id: string } | null | undefined;
  readonly outcome?: 'success' | 'failure' | undefined;
  /** Allow-listed facts only: ids, codes, counts. Never names, member numbers or notes. */
  readonly detail?: Record<string, string | number | boolean | null> | undefined;
}

export function auditRow(request: FastifyRequest, entry: AuditEntry): NewAuditEvent {
  return {
    center_id: entry.centerId ?? entry.patient?.centerId ?? null,
    actor_user_id: request.principal?.userId ?? null,
    actor_role: request.principal?.role ?? 'public',
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    outcome: entry.outcome ?? 'success',
    detail: entry.detail ?? {},
    patient_center_id: entry.patient?.centerId ?? null,
    patient_id: entry.patient?.id ?? null,
    source_address: request.ip,
    request_id: request.id,
  };
}

/** Writes the entries in one statement, in `db` or in the caller's transaction. */
export async function recordAudit(
  db: Kysely<Database>,
  request: FastifyRequest,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_events')
    .values(entries.map((entry) => auditRow(request, entry)))
    .execute();
}

/** The booking service's audit hook for this request: its changes, in its transaction. */
export function auditFor(request: FastifyRequest): AuditWriter {
  return (trx, changes) => recordAudit(trx, request, changes);
}
