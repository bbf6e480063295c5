/**
 * A counter of the changes that can take a grant away, so a server may keep API tokens'
 * rows between requests and still refuse a revoked token at once (src/auth/token-cache.ts).
 *
 * Statement triggers bump `access_version` when a token is revoked, re-dated, re-keyed,
 * moved or deleted, and when an account is disabled, renamed, given another role,
 * center or clinician, or deleted. A new token or account needs no bump: nothing kept
 * names it yet. `last_used_at` is left out on purpose: it changes on use, not grants.
 * The bump is in the changing transaction, so it commits (or not) with the change; one
 * row, so two such changes at once queue on it (they are rare, and the price is small).
 *
 * On Citus the one row is a reference table.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE access_version (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      version bigint NOT NULL
    )`,
    sql`INSERT INTO access_version (singleton, version) VALUES (true, 0)`,
    sql`CREATE FUNCTION bump_access_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE access_version SET version = version + 1;
        RETURN NULL;
      END
      $$`,
    sql`CREATE TRIGGER api_tokens_access_version
      AFTER UPDATE OF revoked_at, expires_at, secret_hash, user_id, id OR DELETE OR TRUNCATE
      ON api_tokens FOR EACH STATEMENT EXECUTE FUNCTION bump_access_version()`,
    sql`CREATE TRIGGER users_access_version
      AFTER UPDATE OF active, role, name, center_id, clinician_center_id, clinician_id, id
         OR DELETE OR TRUNCATE
      ON users FOR EACH STATEMENT EXECUTE FUNCTION bump_access_version()`,
  ];
  for (const statement of statements) await statement.execute(db);
}
