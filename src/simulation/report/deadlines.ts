/**
 * A standard's deadline as a distance on a chart's days axis. Waits are measured in
 * calendar days, so a deadline in business days is drawn at 7/5 calendar days per
 * business day — where it falls on average over the week, ignoring holidays, hence "≈".
 */
import { CALIFORNIA_STANDARDS, type Standard } from '../../engine/rules/standards.ts';

export interface ChartDeadline {
  readonly days: number;
  readonly label: string;
}

export function chartDeadlineOf(standard: Standard): ChartDeadline {
  const { unit, amount } = standard.limit;
  switch (unit) {
    case 'minutes':
      return { days: amount / 1440, label: `deadline ${amount} minutes` };
    case 'hours':
      return { days: amount / 24, label: `deadline ${amount} hours` };
    case 'business-days': {
      const days = (amount * 7) / 5;
      return { days, label: `deadline ${amount} business days (≈ ${Math.round(days)} days)` };
    }
  }
}

/** The chart deadline of a California standard by id; undefined for other ids. */
export function californiaDeadline(standardId: string): ChartDeadline | undefined {
  const standard = CALIFORNIA_STANDARDS.find((s) => s.id === standardId);
  return standard === undefined ? undefined : chartDeadlineOf(standard);
}
