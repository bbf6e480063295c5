/**
 * A stamp of the changes that can take a grant away, so a server may keep API tokens'
 * rows between requests and still refuse a revoked token at once (src/auth/token-cache.ts).
 *
 * Statement triggers give `access_version` a new random stamp when a token is revoked,
 * re-dated, re-keyed, moved or deleted, and when an account is disabled, renamed, given
 * another role, center or clinician, or deleted. A new token or account needs none:
 * nothing kept names it yet. `last_used_at` is left out on purpose: it changes on use,
 * not grants. The new stamp is written in the changing transaction, so it commits (or
 * not) with the change; one row, so two such changes at once queue on it (they are
 * rare, and the price is small). A random stamp rather than a counter: a restore brings
 * back an old value, and restoring gives the row a new stamp afterwards
 * (`bump_access_version()`), which a counter could make equal to one a server has seen.
 *
 * On Citus the one row is a reference table.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE access_version (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      version text NOT NULL DEFAULT gen_random_uuid()::text
    )`,
    sql`INSERT INTO access_version (singleton) VALUES (true)`,
    sql`CREATE FUNCTION bump_access_version() RETURNS void LANGUAGE sql AS $$
      UPDATE access_version SET version = gen_random_uuid()::text;
      $$`,
    sql`CREATE FUNCTION access_version_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM bump_access_version();
        RETURN NULL;
      END
      $$`,
    sql`CREATE TRIGGER api_tokens_access_version
      AFTER UPDATE OF revoked_at, expires_at, secret_hash, user_id, id OR DELETE OR TRUNCATE
      ON api_tokens FOR EACH STATEMENT EXECUTE FUNCTION access_version_changed()`,
    sql`CREATE TRIGGER users_access_version
      AFTER UPDATE OF active, role, name, center_id, clinician_center_id, clinician_id, id
         OR DELETE OR TRUNCATE
      ON users FOR EACH STATEMENT EXECUTE FUNCTION access_version_changed()`,
  ];
  for (const statement of statements) await statement.execute(db);
}
