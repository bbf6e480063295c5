import { describe, expect, it } from 'vitest';
import { dateTicks, dayOfDate, niceTicks } from './axes.ts';

describe('value ticks', () => {
  it('are round numbers covering the data', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 25_565)).toEqual([0, 5000, 10_000, 15_000, 20_000, 25_000, 30_000]);
    expect(niceTicks(0, 12)).toEqual([0, 2, 4, 6, 8, 10, 12]);
    expect(niceTicks(0, 14)).toEqual([0, 2.5, 5, 7.5, 10, 12.5, 15]);
  });

  it('print no floating-point noise', () => {
    expect(niceTicks(0, 0.3)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
  });

  it('make a range of a single value', () => {
    expect(niceTicks(0, 0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(5, 5).length).toBeGreaterThan(2);
  });
});

describe('date ticks', () => {
  it('fall on month starts over a year, with the year at its first tick', () => {
    const ticks = dateTicks('2026-01-01', '2026-12-31');
    expect(ticks.map((t) => t.label)).toEqual([
      'Jan 2026',
      'Feb',
      'Mar',
      'Apr',
      'May',
      'Jun',
      'Jul',
      'Aug',
      'Sep',
      'Oct',
      'Nov',
      'Dec',
    ]);
    expect(ticks[1]!.day).toBe(dayOfDate('2026-02-01'));
  });

  it('thin out to calendar quarters over three years', () => {
    const labels = dateTicks('2026-01-01', '2028-12-31').map((t) => t.label);
    expect(labels.slice(0, 5)).toEqual(['Jan 2026', 'Apr', 'Jul', 'Oct', 'Jan 2027']);
    expect(labels.length).toBeLessThanOrEqual(12);
  });

  it('fall on Mondays over a few weeks', () => {
    // 2026-03-02 is a Monday.
    expect(dateTicks('2026-02-26', '2026-03-20').map((t) => t.label)).toEqual([
      'Mar 2 2026',
      'Mar 9',
      'Mar 16',
    ]);
  });
});
