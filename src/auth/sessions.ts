/**
 * Browser sessions: the cookie holds a random secret, the database its SHA-256, so a
 * read of the `sessions` table gives no one a session. Each session has its own CSRF
 * token (synchronizer token pattern, OWASP CSRF Prevention Cheat Sheet): the web app
 * sends it back in a header on every write, which another site cannot read or forge.
 *
 * The CSRF token is derived from the session's secret (a keyed hash under its own
 * label), so the server can hand it out again to a reloaded page (`GET /auth/me`)
 * without storing it: only a caller holding the cookie can obtain it, and another
 * site's page can neither read the cookie nor the answer.
 *
 * Sessions are created fresh at every sign-in (never reused from before it, so a
 * planted cookie cannot be promoted: session fixation) and end at sign-out at once.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { PRINCIPAL_COLUMNS, principalOf } from './accounts.ts';
import type { Principal } from './principal.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** A working day and a bit; the web app signs in again after that. */
export const SESSION_HOURS = 12;

export interface NewSession {
  /** The cookie's value. */
  readonly secret: string;
  /** Sent back by the web app in the `x-csrf-token` header on writes. */
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

export async function createSession(
  db: Kysely<Database>,
  userId: string,
  now = new Date(),
): Promise<NewSession> {
  const secret = newSecret();
  const csrfToken = csrfTokenOf(secret);
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await db
    .insertInto('sessions')
    .values({
      id_hash: hashSecret(secret),
      user_id: userId,
      csrf_hash: hashSecret(csrfToken),
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { secret, csrfToken, expiresAt };
}

/** The CSRF token of the session whose cookie holds `secret`. */
export function csrfTokenOf(secret: string): string {
  return createHash('sha256').update(`timely-csrf:${secret}`).digest('base64url');
}

export interface LiveSession {
  readonly principal: Principal;
  /** Whether `csrfToken` is this session's CSRF token. */
  csrfMatches(csrfToken: string | undefined): boolean;
}

/** The session a cookie names, if it is live and its account active. */
export async function findSession(
  db: Kysely<Database>,
  secret: string,
  now = new Date(),
): Promise<LiveSession | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.csrf_hash', 's.expires_at', 's.revoked_at', ...PRINCIPAL_COLUMNS])
    .where('s.id_hash', '=', hashSecret(secret))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.expires_at <= now || !row.active) return undefined;
  const csrfHash = row.csrf_hash;
  return {
    principal: principalOf(row, 'session'),
    csrfMatches: (token) => token !== undefined && hashSecret(token) === csrfHash,
  };
}

/** Ends a session at once (sign-out); an unknown secret is ignored. */
export async function endSession(
  db: Kysely<Database>,
  secret: string,
  now = new Date(),
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id_hash', '=', hashSecret(secret))
    .where('revoked_at', 'is', null)
    .execute();
}
