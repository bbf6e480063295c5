/**
 * Password sign-in with lockout: after `MAX_FAILED_SIGN_INS` wrong passwords in a row an
 * account is locked for `LOCK_MINUTES`, during which even the right password is refused
 * (so guessing cannot go on in the background). A success resets the count.
 *
 * Every refusal looks the same to the caller (`refused`), whether the name is unknown,
 * the password wrong, the account disabled or locked, and takes about as long: an
 * unknown name is checked against a decoy hash. Only the audit trail says which.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { principalOf } from './accounts.ts';
import { decoyHash, MAX_PASSWORD_LENGTH, verifyPassword } from './password.ts';
import type { Principal } from './principal.ts';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;

export type SignInResult =
  | { readonly ok: true; readonly principal: Principal }
  | {
      readonly ok: false;
      /** For the audit trail only, never for the caller. */
      readonly why: 'unknown-name' | 'wrong-password' | 'disabled' | 'locked' | 'no-password';
      /** The account's id when the name was known. */
      readonly userId: string | null;
    };

export async function signIn(
  db: Kysely<Database>,
  name: string,
  password: string,
  now = new Date(),
): Promise<SignInResult> {
  const row =
    name.length > 64
      ? undefined
      : await db
          .selectFrom('users')
          .selectAll()
          .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
          .executeTakeFirst();
  const hash = row?.password_hash ?? (await decoyHash());
  const matches = password.length <= MAX_PASSWORD_LENGTH && (await verifyPassword(password, hash));
  if (!row) return { ok: false, why: 'unknown-name', userId: null };
  if (row.password_hash === null) return { ok: false, why: 'no-password', userId: row.id };
  if (!row.active) return { ok: false, why: 'disabled', userId: row.id };
  if (row.locked_until !== null && row.locked_until > now) {
    return { ok: false, why: 'locked', userId: row.id };
  }
  if (!matches) {
    // One statement, so concurrent guesses cannot each read the old count.
    await db
      .updateTable('users')
      .set((eb) => ({
        failed_sign_ins: eb('failed_sign_ins', '+', 1),
        locked_until: eb
          .case()
          .when(eb('failed_sign_ins', '+', 1), '>=', MAX_FAILED_SIGN_INS)
          .then(new Date(now.getTime() + LOCK_MINUTES * 60_000))
          .else(eb.ref('locked_until'))
          .end(),
      }))
      .where('id', '=', row.id)
      .execute();
    return { ok: false, why: 'wrong-password', userId: row.id };
  }
  if (row.failed_sign_ins !== 0 || row.locked_until !== null) {
    await db
      .updateTable('users')
      .set({ failed_sign_ins: 0, locked_until: null })
      .where('id', '=', row.id)
      .execute();
  }
  return { ok: true, principal: principalOf(row, 'session') };
}
