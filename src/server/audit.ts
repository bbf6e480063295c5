/**
 * The audit trail's writer: one `audit_events` row per read or write of personal health
 * information, naming who (account and role), what (action, resource type and id, the
 * patient), when, the outcome, the source address and the id of the request or run.
 *
 * A write's event goes through the same transaction as the write (pass the
 * transaction), so a change is never stored without its trace or the other way round.
 * Reads are recorded before the response is sent: if the trail cannot be written, the
 * caller gets an error rather than unaudited data.
 *
 * Two kinds of caller act: an HTTP request (`requestAuditContext`) and a run of the
 * command line (`commandAuditContext`: `timely import`, `timely export`). Both go
 * through `auditRecord`, the one place a row is shaped.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { CallerRole } from '../auth/principal.ts';
import type { AuditRows } from '../booking/booking-service.ts';
import type { AUDIT_ACTIONS, Database, NewAuditEvent } from '../db/schema.ts';

/** Allow-listed facts only: ids, codes, counts. Never names, member numbers or notes. */
export type AuditDetail = Readonly<Record<string, string | number | boolean | null>>;

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
  readonly detail?: AuditDetail | undefined;
}

/** The role recorded for a run of the command line, which acts without an account. */
export const COMMAND_LINE_ROLE = 'cli';
/** The source address recorded for a run of the command line: this machine. */
export const COMMAND_LINE_ADDRESS = 'local';

/** Who acts, from where, in which request or run: the same for every event of it. */
export interface AuditContext {
  readonly actorUserId: string | null;
  readonly actorRole: CallerRole | typeof COMMAND_LINE_ROLE;
  readonly sourceAddress: string;
  /** The HTTP request's id, or the command-line run's: finds every event of one act. */
  readonly requestId: string;
  /** Facts every event of this context carries (the command's name); ids and codes only. */
  readonly detail?: AuditDetail | undefined;
}

export function requestAuditContext(request: FastifyRequest): AuditContext {
  return {
    actorUserId: request.principal?.userId ?? null,
    actorRole: request.principal?.role ?? 'public',
    sourceAddress: request.ip,
    requestId: request.id,
  };
}

/** A command-line run: no account, this machine, a fresh run id. */
export function commandAuditContext(
  command: 'import' | 'export' | 'stoppage' | 'backup' | 'restore',
): AuditContext {
  return {
    actorUserId: null,
    actorRole: COMMAND_LINE_ROLE,
    sourceAddress: COMMAND_LINE_ADDRESS,
    requestId: randomUUID(),
    detail: { command },
  };
}

/** The one place an `audit_events` row is shaped. */
export function auditRecord(context: AuditContext, entry: AuditEntry): NewAuditEvent {
  return {
    center_id: entry.centerId ?? entry.patient?.centerId ?? null,
    actor_user_id: context.actorUserId,
    actor_role: context.actorRole,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    outcome: entry.outcome ?? 'success',
    detail: { ...context.detail, ...entry.detail },
    patient_center_id: entry.patient?.centerId ?? null,
    patient_id: entry.patient?.id ?? null,
    source_address: context.sourceAddress,
    request_id: context.requestId,
  };
}

/**
 * Rows per INSERT: 12 parameters a row keeps a statement well under PostgreSQL's
 * 65,535 bind parameters, while an import of many thousand records still takes few
 * round trips.
 */
const AUDIT_BATCH = 1000;

/** Writes the entries in as few statements as fit, in `db` or in the caller's transaction. */
export async function writeAudit(
  db: Kysely<Database>,
  context: AuditContext,
  entries: readonly AuditEntry[],
): Promise<void> {
  for (let start = 0; start < entries.length; start += AUDIT_BATCH) {
    await db
      .insertInto('audit_events')
      .values(entries.slice(start, start + AUDIT_BATCH).map((entry) => auditRecord(context, entry)))
      .execute();
  }
}

/** Writes the entries of an HTTP request, in `db` or in the caller's transaction. */
export async function recordAudit(
  db: Kysely<Database>,
  request: FastifyRequest,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await writeAudit(db, requestAuditContext(request), entries);
}

/**
 * The booking service's audit hook for this request: its changes as audit rows, which
 * the service writes in its own transaction (with the booking, in one statement).
 */
export function auditFor(request: FastifyRequest): AuditRows {
  const context = requestAuditContext(request);
  return { rowsOf: (changes) => changes.map((change) => auditRecord(context, change)) };
}
