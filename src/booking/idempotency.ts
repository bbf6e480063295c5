/**
 * Idempotency keys for booking calls (IETF draft "The Idempotency-Key HTTP Header
 * Field"): the first result is stored under the key with a hash of the request body; a
 * retry with the same key and body gets that result back and creates nothing; the same
 * key with another body is refused.
 *
 * The row is written inside the booking transaction (`claimKey`), so two concurrent
 * calls with one key cannot both book: the second INSERT waits on the first one's
 * primary-key entry, then does nothing if it committed (and reads its result) or takes
 * the key if it rolled back. A conflict (409) rolls back and stores nothing: the client
 * may retry the same key once it has picked another option.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { TimelyError } from '../engine/errors.ts';

export interface StoredResult {
  readonly requestHash: string;
  readonly result: unknown;
}

/** SHA-256 of the operation and the body as canonical JSON (keys sorted), hex. */
export function requestHash(operation: string, body: unknown): string {
  return createHash('sha256')
    .update(operation)
    .update('\n')
    .update(canonicalJson(body))
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export async function findKey(
  db: Kysely<Database> | Transaction<Database>,
  key: string,
): Promise<StoredResult | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'result'])
    .where('key', '=', key)
    .executeTakeFirst();
  return row && { requestHash: row.request_hash, result: row.result };
}

/**
 * Inserts the key with its result inside the caller's transaction. Returns undefined
 * when this transaction now holds the key, or the result another call stored first.
 */
export async function claimKey(
  trx: Transaction<Database>,
  key: string,
  operation: string,
  hash: string,
  result: unknown,
): Promise<StoredResult | undefined> {
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({ key, request_hash: hash, operation, result: JSON.stringify(result) })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return undefined;
  // READ COMMITTED: this new statement sees the row the other call committed.
  const stored = await findKey(trx, key);
  if (!stored) throw new Error(`idempotency key vanished while claimed: ${key}`);
  return stored;
}

/** Refuses a key reused with another body. */
export function checkSameBody(stored: StoredResult, hash: string, key: string): void {
  if (stored.requestHash !== hash) {
    throw new TimelyError(
      'FIELD_INVALID',
      `idempotency key "${key}" was already used with a different request body`,
      { path: 'idempotencyKey' },
    );
  }
}

export function checkKey(key: string): void {
  if (key.length === 0 || key.length > 255) {
    throw new TimelyError('FIELD_INVALID', 'idempotencyKey: expected 1 to 255 characters', {
      path: 'idempotencyKey',
    });
  }
}

/** A call made with an idempotency key: the key, its operation and the hash of its body. */
export interface KeyedCall {
  readonly key: string;
  readonly operation: string;
  readonly hash: string;
}

/** The call's key and body hash, or undefined for a call made without a key. */
export function keyedCall(
  operation: string,
  key: string | undefined,
  body: unknown,
): KeyedCall | undefined {
  return key === undefined ? undefined : { key, operation, hash: requestHash(operation, body) };
}

/**
 * Before any work: the key checked, and the result an earlier call stored under it
 * (refused if that call had another body), if any.
 */
export async function findEarlierResult(
  db: Kysely<Database>,
  call: KeyedCall | undefined,
): Promise<StoredResult | undefined> {
  if (call === undefined) return undefined;
  checkKey(call.key);
  const stored = await findKey(db, call.key);
  if (stored) checkSameBody(stored, call.hash, call.key);
  return stored;
}

/**
 * After a write found its key claimed by a call that committed first: that call's
 * result (refused if it had another body).
 */
export async function claimedResult(db: Kysely<Database>, call: KeyedCall): Promise<unknown> {
  const stored = await findEarlierResult(db, call);
  if (!stored) throw new Error(`idempotency key vanished after it was claimed: ${call.key}`);
  return stored.result;
}

/**
 * Inside the write's transaction: claims the key for `result` (`claimKey`), or returns
 * the result a concurrent call stored first (refused if it had another body).
 */
export async function claimCall(
  trx: Transaction<Database>,
  call: KeyedCall | undefined,
  result: unknown,
): Promise<StoredResult | undefined> {
  if (call === undefined) return undefined;
  const stored = await claimKey(trx, call.key, call.operation, call.hash, result);
  if (stored) checkSameBody(stored, call.hash, call.key);
  return stored;
}
