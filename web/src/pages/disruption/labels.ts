/**
 * How the disruption plan's codes and periods read on the page. A stoppage is a
 * half-open [startsAt, endsAt) of instants; people name it by its first and last clinic
 * days, so the last day shown is the one holding the instant just before `endsAt`.
 */
import type { StoppageKind, StoppageStatus } from '../../../../src/disruption/model.ts';
import { clinicDate, formatDay } from '../scheduler/time.ts';
import { STANDARD_IDS } from '../standards.ts';
import type { PlanResult } from './types.ts';

export const RESULT_NAMES: Readonly<Record<PlanResult, string>> = {
  kept: 'Kept',
  'moved-same-clinician': 'Moved, same clinician',
  'moved-other-clinician': 'Moved, other clinician',
  'referred-out': 'Referred out',
  unplaceable: 'Unplaceable',
};

export const STATUS_NAMES: Readonly<Record<StoppageStatus, string>> = {
  draft: 'Draft',
  executing: 'Executing',
  active: 'Active',
  ended: 'Ended',
};

export const KIND_NAMES: Readonly<Record<StoppageKind, string>> = {
  strike: 'Strike',
  absence: 'Absence',
};

export const DISCIPLINES: readonly (readonly [string, string])[] = [
  ['psychologist', 'Psychologist'],
  ['lcsw', 'LCSW'],
  ['lmft', 'LMFT'],
  ['psychiatrist', 'Psychiatrist'],
];
const DISCIPLINE_NAMES = new Map(DISCIPLINES);

export function disciplineName(code: string): string {
  return DISCIPLINE_NAMES.get(code) ?? code;
}

/** Standards in the engine table's order (urgent first), unknown ones last. */
export function byStandardOrder(a: string, b: string): number {
  const rank = (standard: string) => {
    const index = STANDARD_IDS.indexOf(standard);
    return index < 0 ? STANDARD_IDS.length : index;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** The clinic days a stoppage covers: its first day, and the last day it still holds. */
export function stoppageDays(
  startsAt: string,
  endsAt: string,
): { readonly first: string; readonly last: string } {
  return { first: clinicDate(Date.parse(startsAt)), last: clinicDate(Date.parse(endsAt) - 1) };
}

/** "Mon, Jan 11 – Sun, Feb 7" (one day: "Mon, Jan 11"). */
export function formatPeriod(startsAt: string, endsAt: string): string {
  const { first, last } = stoppageDays(startsAt, endsAt);
  return first === last ? formatDay(first) : `${formatDay(first)} – ${formatDay(last)}`;
}

const COUNT = new Intl.NumberFormat('en-US');
const PERCENT = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const MONEY = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});

export const formatCount = (n: number) => COUNT.format(n);
export const formatShare = (share: number) => PERCENT.format(share);
export const formatMoney = (dollars: number) => MONEY.format(dollars);
