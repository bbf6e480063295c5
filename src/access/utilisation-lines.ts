/**
 * The figures the overview's utilisation card draws, from `GET /access/utilisation`'s
 * rows (week × center or discipline): one line for the whole network and one per group,
 * a cell per week, and the window's total. Pure, so the web app and its tests share it.
 *
 * Sums are of hours and FTE, then divided: a line's utilisation is its booked hours ÷
 * offered hours (never an average of shares), its admin hours per FTE its hours ÷ its
 * FTE — over the window, per FTE-week (Σ hours ÷ Σ weekly FTE).
 */

/** A row of `GET /access/utilisation` (src/server/routes/access-utilisation.ts). */
export interface UtilisationRow {
  readonly weekStart: string;
  readonly group: string;
  readonly clinicians: number;
  readonly fte: number;
  readonly sessionHoursOffered: number;
  readonly sessionHoursBooked: number;
  readonly completedHours: number;
  readonly noShowHours: number;
  readonly utilisation: number | null;
  readonly adminHoursPlanned: number;
  readonly adminHoursClosed: number;
  readonly adminHoursBooked: number;
  readonly adminHoursDelivered: number;
  readonly adminHoursPlannedPerFte: number | null;
  readonly adminHoursDeliveredPerFte: number | null;
}

/** The answer of `GET /access/utilisation`. */
export interface UtilisationByGroup {
  readonly timeZone: string;
  readonly asOf: string;
  readonly by: 'center' | 'discipline';
  readonly center: string | null;
  readonly weeks: readonly string[];
  readonly contract: {
    readonly name: string;
    readonly adminHoursPerFteWeek: number;
    readonly fteWeekdays: number;
  };
  readonly computed: readonly {
    readonly weekStart: string;
    readonly computedAt: string;
    readonly final: boolean;
  }[];
  readonly groups: readonly { readonly id: string; readonly name: string }[];
  readonly rows: readonly UtilisationRow[];
}

export interface UtilisationCell {
  readonly clinicians: number;
  readonly fte: number;
  readonly offered: number;
  readonly booked: number;
  readonly completed: number;
  readonly noShow: number;
  /** booked ÷ offered; null when nothing was offered */
  readonly utilisation: number | null;
  readonly adminPlanned: number;
  readonly adminClosed: number;
  readonly adminBooked: number;
  readonly adminDelivered: number;
  /** hours ÷ FTE; null without FTE */
  readonly adminPlannedPerFte: number | null;
  readonly adminDeliveredPerFte: number | null;
}

export interface UtilisationLine {
  /** null for the whole network */
  readonly id: string | null;
  readonly name: string;
  /** One cell per week of the answer. */
  readonly weeks: readonly UtilisationCell[];
  /** The whole window; clinicians and FTE summed over its weeks (clinician-weeks, FTE-weeks). */
  readonly window: UtilisationCell;
}

export function sumCells(rows: readonly UtilisationRow[]): UtilisationCell {
  const sum = {
    clinicians: 0,
    fte: 0,
    offered: 0,
    booked: 0,
    completed: 0,
    noShow: 0,
    adminPlanned: 0,
    adminClosed: 0,
    adminBooked: 0,
    adminDelivered: 0,
  };
  for (const row of rows) {
    sum.clinicians += row.clinicians;
    sum.fte += row.fte;
    sum.offered += row.sessionHoursOffered;
    sum.booked += row.sessionHoursBooked;
    sum.completed += row.completedHours;
    sum.noShow += row.noShowHours;
    sum.adminPlanned += row.adminHoursPlanned;
    sum.adminClosed += row.adminHoursClosed;
    sum.adminBooked += row.adminHoursBooked;
    sum.adminDelivered += row.adminHoursDelivered;
  }
  const perFte = (hours: number) => (sum.fte === 0 ? null : hours / sum.fte);
  return {
    ...sum,
    utilisation: sum.offered === 0 ? null : sum.booked / sum.offered,
    adminPlannedPerFte: perFte(sum.adminPlanned),
    adminDeliveredPerFte: perFte(sum.adminDelivered),
  };
}

/** The whole network first, then each group by name. */
export function utilisationLines(
  answer: UtilisationByGroup,
  networkName: string,
  nameOf: (group: { readonly id: string; readonly name: string }) => string = (g) => g.name,
): UtilisationLine[] {
  const line = (id: string | null, name: string): UtilisationLine => {
    const own = id === null ? answer.rows : answer.rows.filter((row) => row.group === id);
    return {
      id,
      name,
      weeks: answer.weeks.map((week) => sumCells(own.filter((row) => row.weekStart === week))),
      window: sumCells(own),
    };
  };
  if (answer.rows.length === 0) return [];
  return [line(null, networkName), ...answer.groups.map((group) => line(group.id, nameOf(group)))];
}
