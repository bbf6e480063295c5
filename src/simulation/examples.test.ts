/**
 * The scenario files in examples/ load, and each says what its name promises: the
 * bargaining scenarios differ from the baseline only in what they are about, and the
 * validation scenario is the single daily-capacity queue the queueing test needs.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../engine/simulation/scenario.ts';
import { dayNumberOfDate, type LocalDate } from '../engine/time.ts';
import { loadScenario, loadScenarios } from './load-scenario.ts';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const example = (name: string): Scenario => loadScenario(`${name}.yaml`, { cwd: EXAMPLES });
const daysFromTo = (from: string, to: string): number =>
  dayNumberOfDate(to as LocalDate) - dayNumberOfDate(from as LocalDate) + 1;

/** A scenario without what tells it apart, to compare two scenarios on everything else. */
function withoutName(scenario: Scenario): Omit<Scenario, 'name' | 'description'> {
  const { name: _name, description: _description, ...rest } = scenario;
  return rest;
}

describe('examples', () => {
  it('all load together, with names of their own', () => {
    const files = readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(6);
    const names = loadScenarios(files, { cwd: EXAMPLES }).map((s) => s.name);
    expect(names).toEqual(files.map((f) => f.replace(/\.\w+$/, '')));
  });

  it('baseline: about 2,400 clinicians at all 14 centers, one year from 2026-01-05', () => {
    const baseline = example('baseline');
    expect(baseline).toMatchObject({ start: '2026-01-05', days: 365, warmupDays: 0 });
    expect(baseline.network.clinicians).toBe(2400);
    expect(baseline.network.centers).toBeUndefined();
    expect(baseline.stoppages).toEqual([]);
  });

  it('employer offer: 6 hours of admin time a week, the rest as the baseline', () => {
    const offer = example('employer-offer');
    expect(offer.network.adminHoursPerWeek).toBe(6);
    expect(withoutName(offer)).toEqual(withoutName(example('baseline')));
  });

  it('union ask: more admin time than the offer, the rest as the baseline', () => {
    const ask = example('union-ask');
    expect(ask.network.adminHoursPerWeek).toBe(10);
    const { network: _askNetwork, ...askRest } = withoutName(ask);
    const { network: _baseNetwork, ...baseRest } = withoutName(example('baseline'));
    expect(askRest).toEqual(baseRest);
  });

  it('strike: four weeks in the autumn, everyone called out, 80% walk out, 10 days’ notice', () => {
    const [strike, ...others] = example('strike-4-weeks').stoppages;
    expect(others).toEqual([]);
    expect(strike).toMatchObject({ participation: 0.8, noticeDays: 10 });
    expect(strike!.disciplines).toBeUndefined();
    expect(strike!.centers).toBeUndefined();
    expect(daysFromTo(strike!.start, strike!.end)).toBe(28);
    expect(Number(strike!.start.slice(5, 7))).toBeGreaterThanOrEqual(9);
  });

  it('strike with surge: the same strike, and extra external providers for its duration', () => {
    const surge = example('strike-surge');
    const strike = example('strike-4-weeks').stoppages[0]!;
    expect(surge.stoppages).toEqual([strike]);
    expect(surge.external.surges).toHaveLength(1);
    expect(surge.external.surges[0]).toMatchObject({ start: strike.start, end: strike.end });
  });

  it('queue validation: one clinician, one queue of 12 intakes a day, 10.8 requests a day', () => {
    const q = example('queue-validation');
    expect(q).toMatchObject({ calendar: 'none', days: 3650, warmupDays: 200 });
    expect(q.network).toMatchObject({
      clinicians: 1,
      disciplines: { lcsw: 1 },
      languages: {},
      partTimeShare: 0,
      adminHoursPerWeek: 0,
      template: {
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        dayStart: '08:00',
        dayEnd: '20:00',
        lunchMinutes: 0,
        intakesPerDay: 12,
        intakeMinutes: 60,
      },
    });
    expect(q.network.centers).toHaveLength(1);
    expect(q.demand).toMatchObject({
      arrivalsPerDay: { 'urgent-intake': 0, 'routine-intake': 10.8, psychiatry: 0 },
      weekdayPattern: [1, 1, 1, 1, 1, 1, 1],
      seasonality: { amplitude: 0 },
      noShowRate: 0,
      cancellationRate: 0,
      arrivalWindow: { from: '00:00', to: '00:00' },
      languages: { en: 1 },
      modalities: { any: 1, 'in-person': 0, video: 0 },
    });
    for (const course of Object.values(q.demand.course)) expect(course.meanVisits).toBe(1);
    expect(q.workforce).toMatchObject({
      turnoverPerYear: 0,
      replaceLeavers: false,
      timeOffWeeksPerYear: 0,
      hiring: [],
    });
    expect(q.external).toMatchObject({ providers: 0, surges: [] });
    expect(q.stoppages).toEqual([]);
  });
});
