/**
 * A synthetic network generated from a seed: clinicians spread over Southern California
 * medical centers with a realistic mix of disciplines, languages and modalities, full-time
 * and part-time templates with protected admin time, and an external network. Used by the
 * benchmarks, the tests, the simulator and the demo.
 */
import type { NetworkInput, TemplateInput } from '../booking/model.ts';
import { buildTemplate } from '../booking/template-builder.ts';
import { Random } from '../random.ts';
import {
  CLINICIAN_LANGUAGES,
  DISCIPLINE_MIX,
  SOCAL_CENTER_WEIGHTS,
  SOCAL_CENTERS,
} from './southern-california.ts';

export interface SyntheticNetworkOptions {
  readonly seed: number;
  readonly clinicians: number;
  /** First and last day of the horizon, YYYY-MM-DD. */
  readonly from: string;
  readonly to: string;
  readonly adminHoursPerWeek?: number;
  readonly dailyVisitCap?: number;
  readonly caseloadCap?: number;
  /** External providers and their weekly capacity (visits per provider per week). */
  readonly externalProviders?: number;
  readonly externalWeeklyCapacity?: number;
}

export function syntheticTemplates(
  adminHoursPerWeek: number,
  dailyVisitCap?: number,
): TemplateInput[] {
  const cap = dailyVisitCap === undefined ? {} : { dailyVisitCap };
  return [
    buildTemplate({ id: 'full-time', adminHoursPerWeek, ...cap }),
    buildTemplate({
      id: 'full-time-late',
      dayStart: 10 * 60,
      dayEnd: 20 * 60,
      lunchStart: 14 * 60 + 30,
      adminHoursPerWeek,
      ...cap,
    }),
    buildTemplate({
      id: 'part-time',
      weekdays: [1, 2, 3],
      adminHoursPerWeek: adminHoursPerWeek * 0.6,
      ...cap,
    }),
  ];
}

export function syntheticNetwork(options: SyntheticNetworkOptions): NetworkInput {
  const random = new Random(options.seed);
  const admin = options.adminHoursPerWeek ?? 6;
  const templates = syntheticTemplates(admin, options.dailyVisitCap);
  const centers = SOCAL_CENTERS.map((c) => ({ ...c }));
  const clinicians: NetworkInput['clinicians'] = [];
  for (let i = 0; i < options.clinicians; i++) {
    const center = random.weighted(SOCAL_CENTERS, SOCAL_CENTER_WEIGHTS);
    const discipline = random.weighted(DISCIPLINE_MIX.ids, DISCIPLINE_MIX.weights);
    const languages = ['en'];
    for (const [language, share] of CLINICIAN_LANGUAGES)
      if (random.chance(share)) languages.push(language);
    const m = random.next();
    const modalities: ('in-person' | 'video')[] =
      m < 0.7 ? ['in-person', 'video'] : m < 0.9 ? ['in-person'] : ['video'];
    const t = random.next();
    const template = t < 0.75 ? 'full-time' : t < 0.9 ? 'full-time-late' : 'part-time';
    clinicians.push({
      id: `clin-${String(i + 1).padStart(5, '0')}`,
      discipline,
      center: center.id,
      languages,
      modalities,
      ...(options.caseloadCap === undefined ? {} : { caseloadCap: options.caseloadCap }),
      schedule: [{ template, from: options.from }],
    });
  }
  const externalCount =
    options.externalProviders ?? Math.max(2, Math.round(options.clinicians / 80));
  const externalProviders: NetworkInput['externalProviders'] = [];
  for (let i = 0; i < externalCount; i++) {
    const center = random.weighted(SOCAL_CENTERS, SOCAL_CENTER_WEIGHTS);
    const languages = ['en'];
    if (random.chance(0.5)) languages.push('es');
    externalProviders.push({
      id: `ext-${String(i + 1).padStart(3, '0')}`,
      disciplines: i % 5 === 4 ? ['psychiatrist'] : ['psychologist', 'lcsw', 'lmft'],
      languages,
      modalities: ['in-person', 'video'],
      centers: [center.id],
      weeklyCapacity: options.externalWeeklyCapacity ?? 40,
      leadDays: 2 + random.int(6),
    });
  }
  return {
    horizon: { from: options.from, to: options.to },
    centers,
    templates,
    clinicians,
    externalProviders,
  };
}
