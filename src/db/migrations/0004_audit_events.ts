/**
 * Audit events, shaped after FHIR AuditEvent (who, what action on which entity, when,
 * outcome), append-only in the database itself: a trigger refuses UPDATE and DELETE
 * row by row, and TRUNCATE (which fires no row triggers) statement-wide. An application
 * bug or a stray script can then not rewrite history; only a superuser who disables the
 * trigger can. PostgreSQL docs, 43.10 "Trigger Functions" (raising from a BEFORE trigger
 * aborts the statement).
 *
 * No foreign keys: an event outlives the rows it is about.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE audit_events (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      center_id text,
      actor_user_id text,
      action text NOT NULL CHECK (action IN ('C', 'R', 'U', 'D', 'E')),
      entity_type text NOT NULL,
      entity_id text NOT NULL,
      outcome text NOT NULL DEFAULT 'success' CHECK (outcome IN ('success', 'failure')),
      detail jsonb NOT NULL DEFAULT '{}'
    )`,
    sql`CREATE INDEX audit_events_center_recorded_idx ON audit_events (center_id, recorded_at)`,
    sql`CREATE INDEX audit_events_entity_idx
      ON audit_events (entity_type, entity_id, recorded_at)`,
    sql`CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, recorded_at)`,

    sql`CREATE FUNCTION audit_events_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
          USING HINT = 'Record a new audit event instead of changing one.';
      END
      $$`,
    sql`CREATE TRIGGER audit_events_append_only
      BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`,
    sql`CREATE TRIGGER audit_events_no_truncate
      BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()`,
  ];
  for (const statement of statements) await statement.execute(db);
}
