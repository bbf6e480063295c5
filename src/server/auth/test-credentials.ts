/**
 * Credentials for the API's test suites: an account of the role asked for, and the
 * `Authorization` header its API token makes. Tests call the API as a real client does.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createAccount } from '../../auth/accounts.ts';
import type { Role } from '../../auth/principal.ts';
import type { Database } from '../../db/schema.ts';

export type AuthHeaders = { readonly authorization: string };

export async function bearerFor(
  db: Kysely<Database>,
  role: Exclude<Role, 'clinician'> = 'admin',
): Promise<AuthHeaders> {
  const { token } = await createAccount(db, {
    name: `test-${role}-${randomBytes(4).toString('hex')}`,
    role,
  });
  return { authorization: `Bearer ${token.token}` };
}
