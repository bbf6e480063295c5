/**
 * Accounts and API tokens in the database: create, list, disable; issue, check and
 * revoke tokens. Used by the `timely users` / `timely tokens` commands and by the
 * server's authentication (a Bearer token names its account through `tokenPrincipal`).
 *
 * Disabling an account or revoking a token takes effect at once: a token's row is kept
 * between requests only while the database's access stamp says nothing that could
 * take a grant away has changed, and each request reads that stamp afresh
 * (token-cache.ts), so there is no window in which a revoked token still works.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, UsersTable } from '../db/schema.ts';
import { USER_ROLES } from '../db/schema.ts';
import { TimelyError } from '../engine/errors.ts';
import { hashPassword, passwordProblem } from './password.ts';
import type { Principal, Role } from './principal.ts';
import { hashSecret, isTokenId, newToken, parseToken } from './secrets.ts';
import { cachePerHandle } from './token-cache.ts';

type Db = Kysely<Database>;
type UserRow = Selectable<UsersTable>;

/** How long a token lives unless told otherwise (tokens must expire; a year at most). */
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 366;
const MS_PER_DAY = 86_400_000;
/** `last_used_at` is refreshed at most this often, so a busy script is not a write per call. */
const LAST_USED_GRANULARITY_MS = 60_000;

export interface NewAccount {
  readonly name: string;
  readonly role: Role;
  readonly displayName?: string | undefined;
  readonly email?: string | undefined;
  /** The center the user works for; null for network-wide roles. */
  readonly centerId?: string | undefined;
  /** Required for the `clinician` role: the clinician this account is. */
  readonly clinician?: { readonly centerId: string; readonly id: string } | undefined;
  /** Omitted: the account signs in with API tokens only. */
  readonly password?: string | undefined;
}

export interface IssuedToken {
  readonly id: string;
  /** The whole token: shown once, never stored. */
  readonly token: string;
  readonly expiresAt: Date;
}

export interface AccountSummary {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly displayName: string;
  readonly centerId: string | null;
  readonly clinician: { readonly centerId: string; readonly id: string } | null;
  readonly active: boolean;
  readonly hasPassword: boolean;
  readonly liveTokens: number;
}

const NAME_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export function isRole(text: string): text is Role {
  return (USER_ROLES as readonly string[]).includes(text);
}

/** Creates an account and its first API token, in one transaction. */
export async function createAccount(
  db: Db,
  account: NewAccount,
  options: { now?: Date; tokenDays?: number } = {},
): Promise<{ account: AccountSummary; token: IssuedToken }> {
  if (!NAME_SHAPE.test(account.name)) {
    throw invalid(
      'name',
      'letters, digits and . _ @ - (at most 64), starting with a letter or digit',
    );
  }
  if (account.role === 'clinician' && account.clinician === undefined) {
    throw invalid('clinician', 'a clinician account must name its clinician (CENTER/ID)');
  }
  if (account.role !== 'clinician' && account.clinician !== undefined) {
    throw invalid(
      'clinician',
      `only a clinician account is linked to a clinician, not ${account.role}`,
    );
  }
  if (account.password !== undefined) {
    const problem = passwordProblem(account.password);
    if (problem) throw invalid('password', problem);
  }
  const passwordHash = account.password === undefined ? null : await hashPassword(account.password);
  const now = options.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('users')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['name']), '=', account.name.toLowerCase()))
      .executeTakeFirst();
    if (taken) throw invalid('name', `an account named "${account.name}" exists`);
    if (account.clinician) {
      const clinician = await trx
        .selectFrom('clinicians')
        .select('id')
        .where('center_id', '=', account.clinician.centerId)
        .where('id', '=', account.clinician.id)
        .executeTakeFirst();
      if (!clinician) {
        throw invalid(
          'clinician',
          `no clinician ${account.clinician.centerId}/${account.clinician.id}`,
        );
      }
      const linked = await trx
        .selectFrom('users')
        .select('name')
        .where('clinician_center_id', '=', account.clinician.centerId)
        .where('clinician_id', '=', account.clinician.id)
        .executeTakeFirst();
      if (linked) throw invalid('clinician', `already linked to the account "${linked.name}"`);
    }
    const row = await trx
      .insertInto('users')
      .values({
        name: account.name,
        display_name: account.displayName ?? account.name,
        email: account.email ?? null,
        role: account.role,
        center_id: account.centerId ?? account.clinician?.centerId ?? null,
        clinician_center_id: account.clinician?.centerId ?? null,
        clinician_id: account.clinician?.id ?? null,
        password_hash: passwordHash,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const token = await insertToken(trx, row.id, 'first token', now, options.tokenDays);
    return { account: summaryOf(row, 1), token };
  });
}

export async function listAccounts(db: Db, now = new Date()): Promise<AccountSummary[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('name').execute();
  const counts = await db
    .selectFrom('api_tokens')
    .select(['user_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .groupBy('user_id')
    .execute();
  const live = new Map(counts.map((c) => [c.user_id, Number(c.n)]));
  return rows.map((row) => summaryOf(row, live.get(row.id) ?? 0));
}

/** Disables an account and ends its sessions and tokens, at once. */
export async function disableAccount(db: Db, name: string, now = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('users')
      .set({ active: false })
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .returning('id')
      .executeTakeFirst();
    if (!row)
      throw new TimelyError('NOT_FOUND', `name: no account named "${name}"`, { path: 'name' });
    await trx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('user_id', '=', row.id)
      .where('revoked_at', 'is', null)
      .execute();
    await trx
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('user_id', '=', row.id)
      .where('revoked_at', 'is', null)
      .execute();
  });
}

/** A further token for an account (the first comes with `createAccount`). */
export async function issueToken(
  db: Db,
  name: string,
  options: { label?: string; now?: Date; days?: number } = {},
): Promise<IssuedToken> {
  const user = await findActive(db, name);
  return insertToken(db, user.id, options.label ?? '', options.now ?? new Date(), options.days);
}

/** Revokes a token by its id; revoking one already revoked is not an error. */
export async function revokeToken(db: Db, id: string, now = new Date()): Promise<void> {
  if (!isTokenId(id)) throw invalid('id', 'a token id is 16 hexadecimal digits');
  const row = await db
    .updateTable('api_tokens')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)) }))
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new TimelyError('NOT_FOUND', `id: no token "${id}"`, { path: 'id' });
}

/**
 * The account a Bearer token speaks for, or undefined when the token is malformed,
 * unknown, revoked, expired or its account disabled (the caller answers 401 alike).
 */
export async function tokenPrincipal(
  db: Db,
  token: string,
  now = new Date(),
): Promise<Principal | undefined> {
  const parsed = parseToken(token);
  if (!parsed) return undefined;
  const row = await tokenCache(db).row(parsed.id);
  if (!row || row.secret_hash !== hashSecret(parsed.secret)) return undefined;
  if (row.revoked_at !== null || row.expires_at <= now || !row.active) return undefined;
  if (
    row.last_used_at === null ||
    now.getTime() - row.last_used_at.getTime() > LAST_USED_GRANULARITY_MS
  ) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('id', '=', parsed.id)
      .execute();
    // The kept row too, so the next minute's calls do not write again.
    row.last_used_at = now;
  }
  return principalOf(row, 'token');
}

/** A token's row with its account's, as the token check reads it. */
function readTokenRow(db: Db, id: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select([
      't.secret_hash',
      't.expires_at',
      't.revoked_at',
      't.last_used_at',
      ...PRINCIPAL_COLUMNS,
    ])
    .where('t.id', '=', id)
    .executeTakeFirst();
}

/** The kept token rows of a database handle (exported for tests: `rowReads`). */
export const tokenCache = cachePerHandle(readTokenRow);

/** The columns of `users` a principal is made of (token and session checks select them). */
export const PRINCIPAL_COLUMNS = [
  'u.id',
  'u.name',
  'u.role',
  'u.active',
  'u.center_id',
  'u.clinician_center_id',
  'u.clinician_id',
] as const;

type PrincipalRow = Pick<
  UserRow,
  'id' | 'name' | 'role' | 'center_id' | 'clinician_center_id' | 'clinician_id'
>;

export function principalOf(row: PrincipalRow, via: Principal['via']): Principal {
  return {
    userId: row.id,
    name: row.name,
    role: row.role,
    centerId: row.center_id,
    clinician: clinicianOf(row),
    via,
  };
}

/** The clinician an account is, when it is a clinician account. */
function clinicianOf(row: PrincipalRow): Principal['clinician'] {
  return row.clinician_id !== null && row.clinician_center_id !== null
    ? { centerId: row.clinician_center_id, id: row.clinician_id }
    : null;
}

async function insertToken(
  db: Db,
  userId: string,
  label: string,
  now: Date,
  days = DEFAULT_TOKEN_DAYS,
): Promise<IssuedToken> {
  if (!(Number.isInteger(days) && days >= 1 && days <= MAX_TOKEN_DAYS)) {
    throw invalid('days', `a whole number of days from 1 to ${MAX_TOKEN_DAYS}`);
  }
  const { id, token, secretHash } = newToken();
  const expiresAt = new Date(now.getTime() + days * MS_PER_DAY);
  await db
    .insertInto('api_tokens')
    .values({
      id,
      user_id: userId,
      secret_hash: secretHash,
      label,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { id, token, expiresAt };
}

async function findActive(db: Db, name: string): Promise<UserRow> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
  if (!row)
    throw new TimelyError('NOT_FOUND', `name: no account named "${name}"`, { path: 'name' });
  if (!row.active) throw invalid('name', `the account "${name}" is disabled`);
  return row;
}

function summaryOf(row: UserRow, liveTokens: number): AccountSummary {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    displayName: row.display_name,
    centerId: row.center_id,
    clinician: clinicianOf(row),
    active: row.active,
    hasPassword: row.password_hash !== null,
    liveTokens,
  };
}

function invalid(path: string, message: string): TimelyError {
  return new TimelyError('FIELD_INVALID', `${path}: ${message}`, { path });
}
