/**
 * The demo's accounts: one per role, clearly named `demo-<role>`, each with a known
 * password and a first API token. They exist to try Timely on a local demo database of
 * synthetic people; the passwords are in the README, so never load the demo into a
 * database that holds real records or serve it beyond this machine.
 */
import type { Kysely } from 'kysely';
import { createAccount } from '../auth/accounts.ts';
import type { Role } from '../auth/principal.ts';
import type { Database } from '../db/schema.ts';

export const DEMO_ROLES = [
  'admin',
  'scheduler',
  'clinician',
  'compliance',
  'regulator',
  'hotline',
  'planner',
] as const satisfies readonly Role[];

export interface DemoLogin {
  readonly name: string;
  readonly role: Role;
  readonly password: string;
  /** The account's first API token (shown once). */
  readonly token: string;
}

/** The demo password of a demo account: `demo-<role>-password` (12 characters at least, as required). */
export function demoPassword(role: Role): string {
  return `demo-${role}-password`;
}

export async function createDemoAccounts(
  db: Kysely<Database>,
  clinician: { readonly centerId: string; readonly id: string },
): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  for (const role of DEMO_ROLES) {
    const name = `demo-${role}`;
    const password = demoPassword(role);
    const { token } = await createAccount(db, {
      name,
      role,
      displayName: `Demo ${role} (synthetic demo account)`,
      password,
      ...(role === 'clinician' ? { clinician } : {}),
    });
    logins.push({ name, role, password, token: token.token });
  }
  return logins;
}
