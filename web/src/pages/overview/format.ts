/**
 * How the overview writes its numbers (counts with separators, shares as percentages),
 * names its groups, and links to itself.
 */
import type { ComplianceGrouping } from '../../api/types.ts';
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

/** The overview's address: the whole network, or one medical center's drill-down. */
export const OVERVIEW_PATH = '/app/overview';

export function overviewPath(center: string | null): string {
  return center === null ? OVERVIEW_PATH : `${OVERVIEW_PATH}?center=${encodeURIComponent(center)}`;
}

const DISCIPLINES: Readonly<Record<string, string>> = {
  psychologist: 'Psychologist',
  lcsw: 'Clinical social worker',
  lmft: 'Marriage & family therapist',
  psychiatrist: 'Psychiatrist',
  unassigned: 'Unassigned',
};

const REQUEST_TYPES: Readonly<Record<string, string>> = {
  'urgent-intake': 'Urgent intake',
  'routine-intake': 'Routine intake',
  followup: 'Follow-up',
  psychiatry: 'Psychiatry',
};

const LANGUAGES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** A language code's English name ("es" → "Spanish"); the code itself if it is not one. */
export function languageName(code: string): string {
  try {
    return LANGUAGES.of(code) ?? code;
  } catch {
    // Not a well-formed BCP 47 tag: DisplayNames throws a RangeError.
    return code;
  }
}

/** How a group of `GET /access/compliance` reads: the API names centers, the page the rest. */
export function groupName(name: string, by: ComplianceGrouping): string {
  switch (by) {
    case 'discipline':
      return DISCIPLINES[name] ?? name;
    case 'language':
      return languageName(name);
    case 'type':
      return REQUEST_TYPES[name] ?? name;
    default:
      return name;
  }
}
