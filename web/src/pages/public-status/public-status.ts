/**
 * The public status page's data (`GET /public/status`, src/server/routes/public-status.ts)
 * and how its cells read: a share met in time with its counts, "fewer than 11" for a
 * withheld small cell, "hidden" for a complementary one. No figure of a withheld cell
 * exists here to show: the API never sends one.
 */

/** Open to anyone, signed in or not (app.tsx renders it before the session decides). */
export const PUBLIC_STATUS_PATH = '/app/status';

/** Weeks the page shows: two months fit a laptop's width with fourteen centers. */
export const PUBLIC_STATUS_WEEKS = 8;

export interface ShownCell {
  readonly weekStart: string;
  readonly suppressed: false;
  readonly requests: number;
  readonly met: number;
  readonly referred: number;
  readonly missed: number;
  readonly pending: number;
  readonly judged: number;
  readonly compliance: number | null;
}

export interface WithheldCell {
  readonly weekStart: string;
  readonly suppressed: true;
  readonly reason: 'small' | 'complementary';
  readonly text: string;
}

export type StatusCell = ShownCell | WithheldCell;

export interface StandardStatus {
  readonly id: string;
  readonly title: string;
  readonly limit: string;
  readonly citation: string;
  readonly network: readonly StatusCell[];
  readonly centers: readonly { readonly center: string; readonly weeks: readonly StatusCell[] }[];
}

export interface PublicStatus {
  readonly asOf: string;
  readonly timeZone: string;
  readonly weeks: readonly string[];
  readonly threshold: number;
  readonly centers: readonly { readonly id: string; readonly name: string }[];
  readonly standards: readonly StandardStatus[];
}

const PERCENT = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });
const COUNT = new Intl.NumberFormat('en-US');

/** What a cell says: its main text, and a line of detail under it (none when withheld). */
export function cellText(cell: StatusCell): { readonly main: string; readonly detail: string } {
  if (cell.suppressed) {
    return { main: cell.reason === 'small' ? cell.text : 'hidden', detail: '' };
  }
  const pending = cell.pending > 0 ? `${COUNT.format(cell.pending)} pending` : '';
  if (cell.compliance === null) return { main: 'none due yet', detail: pending };
  const counts = `${COUNT.format(cell.met)} of ${COUNT.format(cell.judged)} in time`;
  return {
    main: PERCENT.format(cell.compliance),
    detail: pending === '' ? counts : `${counts}, ${pending}`,
  };
}

/** A week's Monday as a column heading: "Sep 1". */
export function weekLabel(monday: string): string {
  return new Date(`${monday}T12:00:00Z`).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** The moment the figures were computed, in the plan's zone: "Sep 3, 2026, 9:41 AM". */
export function asOfLabel(asOf: string, timeZone: string): string {
  return new Date(asOf).toLocaleString('en-US', {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}
