/**
 * API tokens' rows kept between requests, without a window in which a revoked token
 * still works.
 *
 * Every change that can take a grant away — a token revoked, expired early or deleted,
 * an account disabled, its role or clinician changed — gives one row of the database a
 * new random stamp (`access_version`, migration 0017, by triggers). A token check first
 * reads that stamp, in a read that started after the check did (checks arriving while
 * one read runs share the next: one one-row read for many requests, where each request
 * used to read its token's row and account). A cached row is used only if it was read
 * under the current stamp. So a revocation committed before a request arrived is always
 * seen by it, in this process or any other, as when every request read the row.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { FreshRead } from '../fresh-read.ts';

interface Entry<Row> {
  readonly row: Row;
  /** The stamp the row was read under. */
  readonly version: string;
}

/** Rows kept at most; past it the cache starts afresh (tokens in use are few). */
const MAX_ENTRIES = 10_000;

/** Rows of type `Row` (a token's row with its account's), by token id. */
export class TokenCache<Row> {
  private readonly entries = new Map<string, Entry<Row>>();
  private version: string | null = null;
  private readonly stampReads = new FreshRead(() => this.readVersion());
  /** Token rows read from the database (for tests: how often the cache missed). */
  rowReads = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly readRow: (db: Kysely<Database>, id: string) => Promise<Row | undefined>,
  ) {}

  /** The token's row as of a read of the stamp that started after this call. */
  async row(id: string): Promise<Row | undefined> {
    const version = await this.stampReads.next();
    const cached = this.entries.get(id);
    if (cached && cached.version === version) return cached.row;
    this.rowReads++;
    const row = await this.readRow(this.db, id);
    // Kept under the stamp read before the row: if a change landed meanwhile, the
    // stamp has changed and the entry is never used.
    if (row) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(id, { row, version });
    } else {
      this.entries.delete(id);
    }
    return row;
  }

  private async readVersion(): Promise<string> {
    const row = await this.db
      .selectFrom('access_version')
      .select('version')
      .executeTakeFirstOrThrow();
    const version = row.version;
    if (version !== this.version) {
      this.version = version;
      this.entries.clear();
    }
    return version;
  }
}

/**
 * One cache per database handle (a server has one handle), made on first use. The
 * caller's `readRow` is the same function each time.
 */
export function cachePerHandle<Row>(
  readRow: (db: Kysely<Database>, id: string) => Promise<Row | undefined>,
): (db: Kysely<Database>) => TokenCache<Row> {
  const caches = new WeakMap<Kysely<Database>, TokenCache<Row>>();
  return (db) => {
    let cache = caches.get(db);
    if (!cache) {
      cache = new TokenCache(db, readRow);
      caches.set(db, cache);
    }
    return cache;
  };
}
