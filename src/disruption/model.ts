/**
 * The disruption plan's records as the service, the routes, the CLI and the web app see
 * them (docs/disruption.md). A stoppage names clinicians and a time; its plan says,
 * for each live appointment it touches, what the booking engine does with it.
 */

export const STOPPAGE_KINDS = ['strike', 'absence'] as const;
export type StoppageKind = (typeof STOPPAGE_KINDS)[number];

/** draft → (executing) → active → ended; `executing` is an execution under way or cut off. */
export const STOPPAGE_STATUSES = ['draft', 'executing', 'active', 'ended'] as const;
export type StoppageStatus = (typeof STOPPAGE_STATUSES)[number];

/** What the plan does with an appointment the stoppage touches. */
export const PLAN_RESULTS = [
  'kept',
  'moved-same-clinician',
  'moved-other-clinician',
  'referred-out',
  'unplaceable',
] as const;
export type PlanResult = (typeof PLAN_RESULTS)[number];

/** Which clinicians a stoppage calls out: a list, or filters (all given must hold). */
export interface StoppageScope {
  /** Explicit clinicians (ids); when given, the filters below are ignored. */
  readonly clinicianIds?: readonly string[] | undefined;
  readonly disciplines?: readonly string[] | undefined;
  readonly centerIds?: readonly string[] | undefined;
  /** Only union members (true), only non-members (false), or both (absent). */
  readonly unionMember?: boolean | undefined;
}

export interface DeclareStoppageInput {
  readonly name: string;
  readonly kind?: StoppageKind | undefined;
  /** Epoch ms, half-open [startsAt, endsAt). */
  readonly startsAt: number;
  readonly endsAt: number;
  readonly scope: StoppageScope;
  /**
   * Share of the clinicians in scope expected to stop work (0 < p ≤ 1, default 1): the
   * plan assumes that share, picked deterministically from the stoppage's id; the list
   * can be corrected clinician by clinician before execution.
   */
  readonly participation?: number | undefined;
  readonly noticeAt?: number | undefined;
}

export interface Stoppage {
  readonly id: string;
  readonly name: string;
  readonly kind: StoppageKind;
  readonly status: StoppageStatus;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly scope: StoppageScope;
  readonly participation: number;
  readonly noticeAt: number | null;
  /** Clinicians in scope, and how many of them stop work. */
  readonly clinicians: { readonly inScope: number; readonly participating: number };
  readonly declaredAt: number;
  readonly previewedAt: number | null;
  readonly executedAt: number | null;
  readonly endedAt: number | null;
  /**
   * The stored plan: entries to apply (the affected appointments), kept ones (in-scope
   * clinicians who do not stop work), and how many of the entries are applied.
   */
  readonly plan: { readonly entries: number; readonly kept: number; readonly applied: number };
}

export interface StoppageClinician {
  readonly centerId: string;
  readonly id: string;
  readonly name: string;
  readonly discipline: string;
  readonly participating: boolean;
}

/** One appointment the stoppage touches, and what the plan does with it. */
export interface PlanEntry {
  readonly seq: number;
  readonly appointment: {
    readonly centerId: string;
    readonly id: string;
    readonly clinicianId: string;
    readonly start: number;
    readonly end: number;
  };
  readonly patient: { readonly centerId: string; readonly id: string };
  readonly request: {
    readonly centerId: string;
    /** null for an appointment booked without a request, re-placed as a follow-up of itself */
    readonly id: string | null;
    readonly type: string;
    readonly standard: string;
    readonly deadline: number;
  };
  readonly result: PlanResult;
  /** The new appointment (moved) or external visit (referred-out); null otherwise. */
  readonly next: {
    readonly clinicianId: string | null;
    readonly centerId: string | null;
    readonly provider: string | null;
    readonly start: number;
    readonly end: number;
  } | null;
  readonly metBefore: boolean;
  readonly metAfter: boolean;
  /** When execution applied it; null while planned. */
  readonly appliedAt: number | null;
}

/** Per standard: what the plan does to the appointments under it. */
export interface StandardTotals {
  readonly standard: string;
  readonly affected: number;
  readonly kept: number;
  readonly movedSameClinician: number;
  readonly movedOtherClinician: number;
  readonly referredOut: number;
  readonly unplaceable: number;
  /** Met their deadline before the stoppage, and will after the plan. */
  readonly metBefore: number;
  readonly metAfter: number;
  /** Affected ones that will not meet their deadline (unplaceable included). */
  readonly notMet: number;
}

export interface PlanSummary {
  readonly stoppageId: string;
  readonly computedAt: number;
  readonly totals: Omit<StandardTotals, 'standard'>;
  readonly byStandard: readonly StandardTotals[];
  /** Milliseconds the computation took (snapshot, engine, writing the plan). */
  readonly ms: number;
}

export interface ExecutionProgress {
  readonly stoppageId: string;
  readonly status: StoppageStatus;
  readonly entries: number;
  readonly applied: number;
  /** Entries whose planned slot was taken meanwhile and were placed again. */
  readonly replanned: number;
  readonly ms: number;
}

export interface EndStoppageInput {
  /**
   * When the clinicians return (default now); not after the stoppage's end. It may be
   * before the start: a strike called off before it began gives all the time back.
   */
  readonly at?: number | undefined;
  /** Move follow-ups back to their own clinician where that still meets the deadline. */
  readonly moveBack?: boolean | undefined;
}

export interface EndResult {
  readonly stoppage: Stoppage;
  /** Follow-ups that could go back to their own clinician, and how many did. */
  readonly moveBack: { readonly candidates: number; readonly moved: number };
}

/** One day × standard row of the impact report (the day of the original appointment). */
export interface ImpactRow {
  readonly day: string;
  readonly standard: string;
  readonly affected: number;
  readonly kept: number;
  readonly moved: number;
  readonly referredOut: number;
  readonly unplaceable: number;
  readonly metBefore: number;
  readonly metAfter: number;
  /** Mean wait from the request's clock start, in days, before and after the plan. */
  readonly meanWaitDaysBefore: number | null;
  readonly meanWaitDaysAfter: number | null;
}

export interface ImpactReport {
  readonly stoppage: Stoppage;
  readonly rows: readonly ImpactRow[];
  readonly byStandard: readonly StandardTotals[];
  readonly referrals: { readonly count: number; readonly visitCost: number; readonly cost: number };
  /** Follow-ups moved back to their own clinician when the stoppage ended. */
  readonly movedBack: number;
  /** The simulator's summary for the same stoppage, when one was attached. */
  readonly prediction: SimulatedPrediction | null;
}

/** What the simulator predicted (the `--json` summary of `timely simulate`, one scenario). */
export interface SimulatedPrediction {
  readonly scenario: string;
  readonly attachedAt: number;
  readonly referralsOut: number;
  readonly unplaced: number;
  readonly standards: Readonly<
    /** compliance is null for a standard no simulated request fell under */
    Record<string, { readonly count: number; readonly compliance: number | null }>
  >;
}

/** A row of the notification list: an affected member, the old and the new appointment. */
export interface NotificationRow {
  readonly seq: number;
  readonly patientCenterId: string;
  readonly patientId: string;
  readonly memberNumber: string;
  readonly patientName: string;
  readonly result: PlanResult;
  readonly oldClinicianId: string;
  readonly oldStart: number;
  readonly newClinicianId: string | null;
  readonly newProvider: string | null;
  readonly newStart: number | null;
  readonly appliedAt: number;
}

/** The impact report's CSV columns (the route's `format=csv` and `timely stoppage report`). */
export const IMPACT_COLUMNS = [
  'day',
  'standard',
  'affected',
  'kept',
  'moved',
  'referredOut',
  'unplaceable',
  'metBefore',
  'metAfter',
  'meanWaitDaysBefore',
  'meanWaitDaysAfter',
] as const satisfies readonly (keyof ImpactRow)[];

/** The notification list's CSV columns (the route's and the command line's). */
export const NOTIFICATION_COLUMNS = [
  'patientCenterId',
  'memberNumber',
  'patientName',
  'result',
  'oldClinicianId',
  'oldStart',
  'newClinicianId',
  'newProvider',
  'newStart',
] as const satisfies readonly (keyof NotificationRow)[];
