/**
 * The audit trail of a backup or a restore: one event per run, not one per record. A
 * backup reads every member's record at once (FHIR AuditEvent action E, "execute", on
 * the database as a whole); a restore replaces them all. The event names the database,
 * never a file path (which the user typed, and may say anything).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { commandAuditContext, writeAudit } from '../server/audit.ts';

export async function recordDatabaseRun(
  db: Kysely<Database>,
  command: 'backup' | 'restore',
  database: string,
): Promise<void> {
  await writeAudit(db, commandAuditContext(command), [
    { action: 'E', entityType: 'Database', entityId: database },
  ]);
}
