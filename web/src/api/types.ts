/**
 * The shapes of the API answers the web app reads (the OpenAPI document at
 * /openapi.json is their source; these list only the fields the pages use).
 */
import type { Role } from '../../../src/auth/principal.ts';

export interface PublicPrincipal {
  readonly name: string;
  readonly role: Role;
  readonly centerId: string | null;
  readonly clinician: { readonly centerId: string; readonly id: string } | null;
}

export interface SignInAnswer {
  readonly principal: PublicPrincipal;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export interface Center {
  readonly id: string;
  readonly name: string;
}

export interface Clinician {
  readonly centerId: string;
  readonly id: string;
  readonly name: string;
  readonly discipline: string;
  readonly languages: readonly string[];
  readonly modalities: readonly string[];
  readonly active: boolean;
  readonly caseloadCap: number | null;
}

export interface WeekRow {
  readonly weekStart: string;
  readonly standard: string;
  readonly requests: number;
  readonly met: number;
  readonly missed: number;
  readonly referred: number;
  readonly pending: number;
}

export interface RequestsByWeek {
  readonly timeZone: string;
  readonly asOf: string;
  readonly weeks: readonly WeekRow[];
}
