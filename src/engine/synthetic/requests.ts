/**
 * Synthetic requests for a synthetic network: a mix of urgent and routine intakes,
 * follow-ups with the patient's own clinician and psychiatry, arriving during business
 * hours over a span of days, with member languages and modality preferences.
 */
import type { NetworkInput, RequestInput, RequestType } from '../booking/model.ts';
import { Random } from '../random.ts';
import {
  type DayNumber,
  dayNumberOfDate,
  instantAtLocal,
  isoWeekdayOf,
  MS_PER_DAY,
  MS_PER_MINUTE,
} from '../time.ts';
import { MEMBER_LANGUAGES, SOCAL_CENTER_WEIGHTS, SOCAL_CENTERS } from './southern-california.ts';

export interface SyntheticRequestOptions {
  readonly seed: number;
  readonly count: number;
  /** Requests arrive on the first `arrivalDays` days of the network's horizon. */
  readonly arrivalDays: number;
  readonly mix?: Readonly<Record<RequestType, number>>;
}

const DEFAULT_MIX: Record<RequestType, number> = {
  'urgent-intake': 0.05,
  'routine-intake': 0.3,
  followup: 0.55,
  psychiatry: 0.1,
};

const STANDARD_OF: Record<RequestType, string> = {
  'urgent-intake': 'urgent-no-prior-auth',
  'routine-intake': 'nonurgent-nonphysician-mh',
  followup: 'followup-nonphysician-mh',
  psychiatry: 'nonurgent-psychiatry',
};

export function syntheticRequests(
  network: NetworkInput,
  options: SyntheticRequestOptions,
): RequestInput[] {
  const random = new Random(options.seed);
  const mix = options.mix ?? DEFAULT_MIX;
  const types = Object.keys(mix) as RequestType[];
  const weights = types.map((t) => mix[t]);
  const zone = 'America/Los_Angeles';
  const first = dayNumberOfDate(network.horizon.from as Parameters<typeof dayNumberOfDate>[0]);
  // Each workday's local noon: business hours are offset from it in plain milliseconds
  // (no DST change happens between 03:00 and midnight in this zone).
  const workdayNoons: number[] = [];
  for (let d = 0; d < options.arrivalDays; d++) {
    const day = (first + d) as DayNumber;
    if (isoWeekdayOf(day) <= 5) workdayNoons.push(instantAtLocal(day, 12 * 60, zone));
  }
  // Follow-ups need a clinician of the patient's: index non-physicians by center.
  const byCenter = new Map<string, string[]>();
  for (const c of network.clinicians) {
    if (c.discipline === 'psychiatrist') continue;
    const list = byCenter.get(c.center) ?? [];
    list.push(c.id);
    byCenter.set(c.center, list);
  }
  const requests: RequestInput[] = [];
  for (let i = 0; i < options.count; i++) {
    const type = random.weighted(types, weights);
    const center = random.weighted(SOCAL_CENTERS, SOCAL_CENTER_WEIGHTS).id;
    const noon = workdayNoons[random.int(workdayNoons.length)]!;
    const clockStart = noon + (8 * 60 + random.int(9 * 60) - 12 * 60) * MS_PER_MINUTE;
    const m = random.next();
    const request: RequestInput = {
      id: `req-${i + 1}`,
      patientId: `pat-${i + 1}`,
      type,
      standard: STANDARD_OF[type],
      clockStart,
      language: random.weighted(MEMBER_LANGUAGES.ids, MEMBER_LANGUAGES.weights),
      modality: m < 0.5 ? 'any' : m < 0.85 ? 'in-person' : 'video',
      center,
      maxTravelKm: 15 + random.int(30),
    };
    if (type === 'followup') {
      const own = byCenter.get(center);
      if (own && own.length > 0) request.priorClinician = random.pick(own);
      // A weekly cadence: the next session a week after the prior one.
      request.notBefore = clockStart + 7 * MS_PER_DAY;
      request.language = 'en';
    }
    requests.push(request);
  }
  return requests;
}
