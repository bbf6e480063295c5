/**
 * The age bands open cases are counted in (the hotline metrics and the overview's
 * card): time since the call, cut where the clocks end — 72 hours for an urgent case,
 * 30 days for a standard one — and at a week and two in between. Pure: no I/O.
 */
import { MS_PER_DAY, MS_PER_HOUR } from '../engine/time.ts';

export interface AgeBand {
  readonly id: string;
  readonly label: string;
  /** Ages from this many milliseconds (inclusive)… */
  readonly fromMs: number;
}

/** In order of age; each band runs to the next one's start, the last one for ever. */
export const AGE_BANDS: readonly AgeBand[] = [
  { id: 'under-1-day', label: 'under 1 day', fromMs: 0 },
  { id: '1-3-days', label: '1 to 3 days', fromMs: 24 * MS_PER_HOUR },
  { id: '3-7-days', label: '3 to 7 days', fromMs: 72 * MS_PER_HOUR },
  { id: '7-14-days', label: '7 to 14 days', fromMs: 7 * MS_PER_DAY },
  { id: '14-30-days', label: '14 to 30 days', fromMs: 14 * MS_PER_DAY },
  { id: '30-days-or-more', label: '30 days or more', fromMs: 30 * MS_PER_DAY },
];

/** The band of a case `ageMs` old (a call recorded with a time a little ahead counts as new). */
export function ageBandOf(ageMs: number): AgeBand {
  let band = AGE_BANDS[0]!;
  for (const candidate of AGE_BANDS) if (ageMs >= candidate.fromMs) band = candidate;
  return band;
}
