/**
 * The disruption routes' answers as the page reads them (docs/disruption.md). The records
 * are the model's (src/disruption/model.ts), but JSON carries their instants as ISO
 * strings, not epoch milliseconds: `OnTheWire` says which fields, so a field added to
 * the model reaches the page's types with no edit here.
 */
import type {
  ExecutionProgress,
  ImpactRow,
  EndResult as ModelEndResult,
  ImpactReport as ModelImpactReport,
  PlanSummary as ModelPlanSummary,
  SimulatedPrediction as ModelPrediction,
  Stoppage as ModelStoppage,
  PlanResult,
  StandardTotals,
} from '../../../../src/disruption/model.ts';

export type {
  ExecutionProgress,
  ImpactRow,
  PlanResult,
  StandardTotals,
  StoppageClinician,
} from '../../../../src/disruption/model.ts';
export { PLAN_RESULTS, STOPPAGE_KINDS } from '../../../../src/disruption/model.ts';

/** A model record with the named epoch-ms fields as ISO instants (null stays null). */
type OnTheWire<T, K extends keyof T> = Omit<T, K> & {
  readonly [P in K]: null extends T[P] ? string | null : string;
};

export type Stoppage = OnTheWire<
  ModelStoppage,
  'startsAt' | 'endsAt' | 'noticeAt' | 'declaredAt' | 'previewedAt' | 'executedAt' | 'endedAt'
>;

export type PlanSummary = OnTheWire<ModelPlanSummary, 'computedAt'>;

export type SimulatedPrediction = OnTheWire<ModelPrediction, 'attachedAt'>;

export interface ImpactReport
  extends Omit<ModelImpactReport, 'stoppage' | 'prediction' | 'rows' | 'byStandard'> {
  readonly stoppage: Stoppage;
  readonly rows: readonly ImpactRow[];
  readonly byStandard: readonly StandardTotals[];
  readonly prediction: SimulatedPrediction | null;
}

export interface EndResult extends Omit<ModelEndResult, 'stoppage'> {
  readonly stoppage: Stoppage;
}

/** One plan entry (the model's PlanEntry, its instants nested a level down). */
export interface PlanEntry {
  readonly seq: number;
  readonly appointment: {
    readonly centerId: string;
    readonly id: string;
    readonly clinicianId: string;
    readonly start: string;
    readonly end: string;
  };
  readonly request: {
    readonly centerId: string;
    /** Null when the appointment was booked with no request (a walk-in follow-up). */
    readonly id: string | null;
    readonly type: string;
    readonly standard: string;
    readonly deadline: string;
  };
  readonly result: PlanResult;
  readonly next: {
    readonly clinicianId: string | null;
    readonly centerId: string | null;
    readonly provider: string | null;
    readonly start: string;
    readonly end: string;
  } | null;
  readonly metBefore: boolean;
  readonly metAfter: boolean;
  readonly appliedAt: string | null;
}

/** A page of plan entries; `nextCursor` is the next page's `cursor`, as in every list. */
export interface PlanPage {
  readonly items: readonly PlanEntry[];
  readonly nextCursor: string | null;
}

/** The execution's progress, and whether this server is running it now. */
export interface ExecutionState extends ExecutionProgress {
  readonly running: boolean;
}

/** The totals a summary carries (a standard's, or every standard's). */
export type Totals = Omit<StandardTotals, 'standard'>;
