/**
 * Who is calling: the signed-in account a request acts for. `public` is the caller with
 * no credentials at all (the public status page); it has no account.
 */
import type { USER_ROLES } from '../db/schema.ts';

export type Role = (typeof USER_ROLES)[number];
/** A role as the policy table names it: an account's role, or no account. */
export type CallerRole = Role | 'public';

export interface Principal {
  readonly userId: string;
  readonly name: string;
  readonly role: Role;
  /** The center the account works for; null for network-wide accounts. */
  readonly centerId: string | null;
  /** For a `clinician` account: the clinician it is. */
  readonly clinician: { readonly centerId: string; readonly id: string } | null;
  /** How the request proved it: a Bearer token or a browser session cookie. */
  readonly via: 'token' | 'session';
}
