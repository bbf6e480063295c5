/**
 * The simulator on small scenarios: deterministic for a seed, every request accounted
 * for, stoppages and admin time acting the way a planner expects.
 */
import { describe, expect, it } from 'vitest';
import { type ScenarioInput, scenarioSchema } from './scenario.ts';
import { simulate } from './simulate.ts';

/** A network of 60 clinicians with demand scaled to it, for 40 days. */
function small(extra: Partial<ScenarioInput> = {}): ReturnType<typeof scenarioSchema.parse> {
  return scenarioSchema.parse({
    name: 'small',
    days: 40,
    network: { clinicians: 60, centers: ['los-angeles', 'west-la', 'downey'] },
    demand: {
      arrivalsPerDay: { 'urgent-intake': 4, 'routine-intake': 50, psychiatry: 6 },
    },
    ...extra,
  });
}

describe('simulate', () => {
  it('gives the same result for the same seed, and a different one for another seed', () => {
    const a = simulate(small());
    const b = simulate(small());
    expect({ ...a, seconds: 0 }).toEqual({ ...b, seconds: 0 });
    const c = simulate(small(), { seed: 2 });
    expect(c.summary.visits).not.toBe(a.summary.visits);
  });

  it('accounts for every request: seen, missed, seen out of network, cancelled or still waiting', () => {
    const { summary } = simulate(small());
    const ended = summary.visits + summary.noShows + summary.externalVisits + summary.cancellations;
    expect(summary.requests).toBeGreaterThan(1000);
    expect(ended + summary.backlog.end).toBe(summary.requests);
    // Every appointment that came (or was missed) is evaluated against its standard.
    const evaluated = Object.values(summary.standards).reduce((n, s) => n + s.count, 0);
    expect(evaluated).toBe(summary.visits + summary.noShows + summary.externalVisits);
    for (const s of Object.values(summary.standards)) {
      expect(s.met).toBeLessThanOrEqual(s.count);
      expect(s.waitDays.p50).toBeLessThanOrEqual(s.waitDays.p90);
      expect(s.waitDays.p90).toBeLessThanOrEqual(s.waitDays.p99);
    }
  });

  it('gives the same requests by type as by standard, psychiatry intakes apart from the follow-ups of their courses', () => {
    const { summary } = simulate(small({ days: 60 }));
    const total = (groups: object) =>
      Object.values(groups).reduce((n: number, g: { count: number }) => n + g.count, 0);
    expect(total(summary.requestTypes)).toBe(total(summary.standards));
    const types = summary.requestTypes;
    expect(Object.keys(types).sort()).toEqual(
      ['followup', 'psychiatry', 'routine-intake', 'urgent-intake'].sort(),
    );
    // Psychiatry intakes wait days; the standard's figures also hold follow-ups booked a
    // course interval (28 days) after the last visit.
    const psychiatry = summary.standards['nonurgent-psychiatry']!;
    expect(types.psychiatry!.count).toBeLessThan(psychiatry.count);
    expect(types.psychiatry!.waitDays.mean).toBeLessThan(psychiatry.waitDays.mean);
  });

  it('keeps the daily series consistent with the summary', () => {
    const { summary, daily } = simulate(small());
    expect(daily).toHaveLength(40);
    expect(daily[0]!.date).toBe('2026-01-05');
    const sum = (f: (r: (typeof daily)[number]) => number) => daily.reduce((n, r) => n + f(r), 0);
    expect(sum((r) => r.visits)).toBe(summary.visits);
    expect(sum((r) => r.noShows)).toBe(summary.noShows);
    expect(sum((r) => r.cancellations)).toBe(summary.cancellations);
    expect(daily.at(-1)!.backlog).toBe(summary.backlog.end);
    expect(Math.max(...daily.map((r) => r.backlog))).toBe(summary.backlog.max);
  });

  it('leaves the warm-up out of the figures', () => {
    const plain = simulate(small({ days: 30 }));
    const warmed = simulate(small({ days: 30, warmupDays: 20 }));
    expect(warmed.daily).toHaveLength(30);
    expect(warmed.daily[0]!.date).toBe('2026-01-25');
    // Courses started in the warm-up bring follow-ups: more visits in the same 30 days.
    expect(warmed.summary.visits).toBeGreaterThan(plain.summary.visits);
  });

  it('re-books the appointments of a stoppage, counts the strikers each day, and sees fewer patients', () => {
    const base = simulate(small());
    const strike = simulate(
      small({
        stoppages: [{ start: '2026-01-19', end: '2026-01-30', participation: 0.8, noticeDays: 5 }],
      }),
    );
    expect(strike.summary.rebooked).toBeGreaterThan(0);
    const during = strike.daily.filter((r) => r.date >= '2026-01-19' && r.date <= '2026-01-30');
    const strikers = during[0]!.cliniciansOnStrike;
    expect(strikers).toBeGreaterThan(30);
    expect(strikers).toBeLessThanOrEqual(60);
    expect(during.every((r) => r.cliniciansOnStrike === strikers)).toBe(true);
    expect(strike.daily.find((r) => r.date === '2026-01-31')!.cliniciansOnStrike).toBe(0);
    expect(strike.summary.visits).toBeLessThan(base.summary.visits);
    // Strikers are not paid.
    expect(strike.summary.wageCost).toBeLessThan(base.summary.wageCost);
  });

  it('counts a clinician on leave during a strike away once: at work plus on strike never exceeds the headcount', () => {
    // Much leave and a full walk-out: many leaves fall inside the strike.
    const scenario = small({
      workforce: { timeOffWeeksPerYear: 20, turnoverPerYear: 0 },
      stoppages: [{ start: '2026-01-19', end: '2026-01-30', participation: 1, noticeDays: 5 }],
    });
    const { daily } = simulate(scenario);
    const during = daily.filter((r) => r.date >= '2026-01-19' && r.date <= '2026-01-30');
    expect(during.every((r) => r.cliniciansOnStrike === 60)).toBe(true);
    // Everyone is out: nobody at work, and not fewer than nobody.
    expect(during.every((r) => r.cliniciansAtWork === 0)).toBe(true);
    for (const row of daily) {
      expect(row.cliniciansAtWork).toBeGreaterThanOrEqual(0);
      expect(row.cliniciansAtWork + row.cliniciansOnStrike).toBeLessThanOrEqual(60);
    }
    // And some were on leave on ordinary days.
    expect(daily.some((r) => r.cliniciansOnStrike === 0 && r.cliniciansAtWork < 60)).toBe(true);
  });

  it('turns session hours into admin hours when more admin time is protected', () => {
    const six = simulate(small());
    const ten = simulate(small({ network: { ...small().network, adminHoursPerWeek: 10 } }));
    expect(ten.summary.adminHours).toBeGreaterThan(six.summary.adminHours);
    expect(ten.summary.sessionHours).toBeLessThan(six.summary.sessionHours);
  });

  it('refers out when internal capacity cannot meet deadlines and an external network exists', () => {
    const crowded = simulate(
      small({
        demand: { arrivalsPerDay: { 'urgent-intake': 30, 'routine-intake': 150, psychiatry: 20 } },
        external: { providers: 10, weeklyCapacity: 40, leadTimeDays: 1, surges: [] },
      }),
    );
    expect(crowded.summary.referralsOut).toBeGreaterThan(0);
    expect(crowded.summary.externalVisits).toBeGreaterThan(0);
    expect(crowded.summary.externalCost).toBe(crowded.summary.externalVisits * 220);
  });
});
