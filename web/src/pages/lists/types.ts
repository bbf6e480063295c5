/**
 * The answers of the at-risk and breach lists (`GET /access/at-risk`,
 * `GET /access/breaches`; their schemas, AtRiskList and BreachList, are in the OpenAPI
 * document). Kept here, beside the pages that read them.
 */
import type { Page } from '../../api/types.ts';

export interface AtRiskRequest {
  readonly centerId: string;
  readonly id: string;
  readonly type: string;
  readonly standard: string;
  readonly status: 'open' | 'waitlisted';
  readonly clockStart: string;
  /** The deadline in force (an extension's when recorded). */
  readonly deadline: string;
  readonly standardDeadline: string;
  readonly extensionDeadline: string | null;
  readonly businessDaysLeft: number;
  readonly overdue: boolean;
}

export interface AtRiskList extends Page<AtRiskRequest> {
  readonly asOf: string;
  readonly timeZone: string;
  readonly days: number;
  readonly atRiskBefore: string;
}

export const BREACH_CAUSES = [
  'no-capacity',
  'patient-declined',
  'no-show',
  'extension-recorded',
] as const;
export type BreachCause = (typeof BREACH_CAUSES)[number];

export interface Breach {
  readonly centerId: string;
  readonly id: string;
  readonly type: string;
  readonly standard: string;
  readonly status: string;
  readonly clockStart: string;
  /** The deadline that passed unmet. */
  readonly deadline: string;
  readonly standardDeadline: string;
  readonly extensionDeadline: string | null;
  readonly cause: BreachCause;
  readonly firstVisit: string | null;
}

export interface BreachList extends Page<Breach> {
  readonly asOf: string;
  readonly timeZone: string;
  readonly from: string;
  readonly to: string;
  readonly totals: Readonly<Record<BreachCause | 'all', number>>;
}
