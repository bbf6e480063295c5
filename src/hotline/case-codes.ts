/**
 * The codes a hotline case is recorded with: data, not scattered `if`s, so the API's
 * schemas, the database's checks (migration 0010), the web form and the docs read one
 * list. Pure: no I/O.
 *
 * The categories are the complaints the regulator heard during the 2024–25 strike
 * (SPEC.md, capability 7); the statuses follow the grievance flow of 28 CCR § 1300.68
 * (received, investigated, resolved — or closed without a resolution — and reopened
 * when the member comes back).
 */

export const CASE_CATEGORIES = [
  'cannot-get-appointment',
  'followup-too-far',
  'moved-to-outside-provider',
  'cancelled-by-strike',
  'cost',
  'other',
] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

export const CASE_STATUSES = ['open', 'investigating', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The statuses that stop the clock; a case leaves them only by being reopened. */
export const SETTLED_STATUSES = ['resolved', 'closed'] as const satisfies readonly CaseStatus[];
export type SettledStatus = (typeof SETTLED_STATUSES)[number];

export function isSettled(status: CaseStatus): status is SettledStatus {
  return status === 'resolved' || status === 'closed';
}

/** `urgent` when the caller reports a serious threat to the member's health. */
export const URGENCIES = ['urgent', 'standard'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Who called: the member, or someone on their behalf (then their name is recorded too). */
export const CALLER_RELATIONS = [
  'self',
  'parent-or-guardian',
  'spouse-or-partner',
  'relative',
  'caregiver',
  'clinician',
  'other',
] as const;
export type CallerRelation = (typeof CALLER_RELATIONS)[number];

/**
 * How a case ended. `resolved`: the plan fixed what the member called about;
 * `closed`: it ended without that (withdrawn, unreachable, a duplicate, not the plan's
 * to fix). A code belongs to one of the two, so a report can say which fixes happened.
 */
export const RESOLUTION_CODES = {
  resolved: [
    'appointment-booked',
    'appointment-moved-earlier',
    'referred-out',
    'continuity-restored',
    'cost-corrected',
    'information-given',
  ],
  closed: ['withdrawn', 'caller-unreachable', 'duplicate', 'outside-plan-duty'],
} as const satisfies Readonly<Record<SettledStatus, readonly string[]>>;
export type ResolutionCode = (typeof RESOLUTION_CODES)[SettledStatus][number];

export const ALL_RESOLUTION_CODES: readonly ResolutionCode[] = [
  ...RESOLUTION_CODES.resolved,
  ...RESOLUTION_CODES.closed,
];

/**
 * The code migration 0010 gives cases resolved before codes existed: it is stored,
 * shown, never accepted from a client.
 */
export const UNRECORDED_RESOLUTION = 'unrecorded';
