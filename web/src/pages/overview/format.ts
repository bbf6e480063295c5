/** How the overview writes its numbers: counts with separators, shares as percentages. */
import { UNIT_NAMES } from '../standards.ts';

export const COUNT = new Intl.NumberFormat('en-US');
export const PERCENT = new Intl.NumberFormat('en-US', {
  style: 'percent',
  maximumFractionDigits: 1,
});
const WAIT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A share, or a dash when there is nothing to divide by. */
export function percentOrDash(share: number | null): string {
  return share === null ? '—' : PERCENT.format(share);
}

/** "3 business days", "1 hour", "4.5 hours"; a dash for no value. */
export function formatWait(value: number | null, unit: string): string {
  if (value === null) return '—';
  const names = UNIT_NAMES[unit] ?? { one: unit, many: unit };
  return `${WAIT.format(value)} ${value === 1 ? names.one : names.many}`;
}

/** A week's Monday as the axes show it: "Aug 31". */
export function weekLabel(monday: string): string {
  const date = new Date(`${monday}T12:00:00Z`);
  return date.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}
