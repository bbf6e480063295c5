/**
 * How the hotline pages name codes and clocks: a label per category, caller relation,
 * status and resolution code, and the time left on a case's clock in words ("2 d 5 h
 * left", "overdue by 3 h").
 */
import type {
  CallerRelation,
  CaseCategory,
  CaseStatus,
  ResolutionCode,
} from '../../../../src/hotline/case-codes.ts';
import type { CaseClock } from './types.ts';

export const CATEGORY_LABELS: Readonly<Record<CaseCategory, string>> = {
  'cannot-get-appointment': 'Cannot get an appointment',
  'followup-too-far': 'Follow-up too far away',
  'moved-to-outside-provider': 'Moved to an outside provider',
  'cancelled-by-strike': 'Appointment cancelled by the strike',
  cost: 'Cost',
  other: 'Other',
};

export const RELATION_LABELS: Readonly<Record<CallerRelation, string>> = {
  self: 'The member',
  'parent-or-guardian': 'Parent or guardian',
  'spouse-or-partner': 'Spouse or partner',
  relative: 'Relative',
  caregiver: 'Caregiver',
  clinician: 'Clinician',
  other: 'Someone else',
};

export const STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  open: 'Open',
  investigating: 'Investigating',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const RESOLUTION_LABELS: Readonly<Record<ResolutionCode | 'unrecorded', string>> = {
  'appointment-booked': 'Appointment booked',
  'appointment-moved-earlier': 'Appointment moved earlier',
  'referred-out': 'Referred to an outside provider at in-network cost',
  'continuity-restored': 'Back with the own clinician',
  'cost-corrected': 'Cost corrected',
  'information-given': 'Information given',
  withdrawn: 'Withdrawn by the caller',
  'caller-unreachable': 'Caller could not be reached',
  duplicate: 'Duplicate of another case',
  'outside-plan-duty': 'Not the plan’s to resolve',
  unrecorded: 'Resolved before codes were recorded',
};

export function resolutionLabel(code: string): string {
  return RESOLUTION_LABELS[code as ResolutionCode] ?? code;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration to the nearest minute, as its two largest units: "2 d 5 h", "5 h 10 min", "12 min". */
export function durationText(ms: number): string {
  const total = Math.round(Math.abs(ms) / MINUTE) * MINUTE;
  const days = Math.floor(total / DAY);
  const hours = Math.floor((total % DAY) / HOUR);
  const minutes = Math.floor((total % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

/** Where a case stands against its clock, in words for the queue and the case page. */
export function clockText(clock: CaseClock): string {
  switch (clock.state) {
    case 'running':
      return `${durationText(clock.msLeft ?? 0)} left`;
    case 'breached':
      return `overdue by ${durationText(clock.msLeft ?? 0)}`;
    case 'met':
      return 'settled in time';
    case 'missed':
      return 'settled late';
  }
}
