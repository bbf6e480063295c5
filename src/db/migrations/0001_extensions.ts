/**
 * btree_gist lets a GiST index (and so an exclusion constraint) compare plain scalar
 * columns with `=` next to a range with `&&`: the no-double-booking constraint on
 * appointments needs it (PostgreSQL docs, F.8 btree_gist; "an exclusion constraint
 * … using btree_gist"). PGlite ships it as a contrib extension that `openDatabase`
 * loads; on a server it is part of postgresql-contrib and trusted since PostgreSQL 13.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gist`.execute(db);
}
