/**
 * What one simulation run produces: a summary (the figures a bargaining table or a
 * regulator compares), daily series, and the wait distribution per standard.
 */

/** Wait distribution resolution: waits are counted in bins of an hour, up to this many days. */
export const WAIT_BINS_PER_DAY = 24;
export const WAIT_MAX_DAYS = 400;

export interface WaitFigures {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

export interface StandardFigures {
  /** Requests under this standard that were seen (in or out of network) in the period. */
  readonly count: number;
  /** Of them, seen by the deadline. */
  readonly met: number;
  /** met / count, or null when count is 0. */
  readonly compliance: number | null;
  /** Days from the clock start to the visit. */
  readonly waitDays: WaitFigures;
}

export interface SimulationSummary {
  readonly days: number;
  /** Requests that arose in the period (intakes, follow-ups and re-requests). */
  readonly requests: number;
  /** Visits that took place, in network. */
  readonly visits: number;
  /** Visits that took place with external providers. */
  readonly externalVisits: number;
  readonly noShows: number;
  readonly cancellations: number;
  /** Requests referred to an external provider. */
  readonly referralsOut: number;
  /** Requests still on the waitlist at the end. */
  readonly unplaced: number;
  /** Appointments moved because their clinician became unavailable (stoppage, departure). */
  readonly rebooked: number;
  readonly standards: Readonly<Record<string, StandardFigures>>;
  /**
   * The same figures by request type (urgent-intake, routine-intake, psychiatry,
   * followup): a standard may cover several (non-urgent psychiatry holds psychiatry
   * intakes and the follow-ups of psychiatry courses, whose clock runs from the last visit).
   */
  readonly requestTypes: Readonly<Record<string, StandardFigures>>;
  /** Requests not yet seen (booked ahead or waitlisted) at the end of each day. */
  readonly backlog: { readonly mean: number; readonly max: number; readonly end: number };
  /** Visit hours delivered / session hours offered by clinicians at work. */
  readonly utilisation: number;
  /** Session hours offered by clinicians at work (not away, not on strike). */
  readonly sessionHours: number;
  /** Protected admin hours of clinicians at work. */
  readonly adminHours: number;
  /** Paid clinician hours (sessions and admin) × hourly wage. */
  readonly wageCost: number;
  readonly externalCost: number;
  /** Clinicians employed at the end. */
  readonly cliniciansEnd: number;
}

/** One simulated day (figures of that day, or the state at its end). */
export interface DailyRow {
  readonly date: string;
  readonly arrivals: number;
  readonly visits: number;
  readonly externalVisits: number;
  readonly noShows: number;
  readonly cancellations: number;
  readonly referralsOut: number;
  /** Requests not yet seen at the end of the day. */
  readonly backlog: number;
  readonly waitlist: number;
  /** Of the requests seen that day, the share seen by their deadline (null when none). */
  readonly compliance: number | null;
  /** Clinicians employed and not away (leave, stoppage). */
  readonly cliniciansAtWork: number;
  /** Clinicians on strike that day. */
  readonly cliniciansOnStrike: number;
}

export interface SimulationResult {
  readonly scenario: string;
  readonly seed: number;
  readonly summary: SimulationSummary;
  readonly daily: readonly DailyRow[];
  /** Per standard id: counts of waits in bins of 1/WAIT_BINS_PER_DAY day (last bin: longer). */
  readonly waitHistogram: Readonly<Record<string, Uint32Array>>;
  /** Wall-clock seconds the run took. */
  readonly seconds: number;
}
