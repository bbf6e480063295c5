/** The report's per-day figures: every standard's row of a day added into one bar. */
import { describe, expect, it } from 'vitest';
import { dayChartOption, totalsByDay } from './impact-days.ts';
import type { ImpactRow } from './types.ts';

function row(day: string, standard: string, counts: Partial<ImpactRow>): ImpactRow {
  return {
    day,
    standard,
    affected: 0,
    kept: 0,
    moved: 0,
    referredOut: 0,
    unplaceable: 0,
    metBefore: 0,
    metAfter: 0,
    meanWaitDaysBefore: null,
    meanWaitDaysAfter: null,
    ...counts,
  };
}

describe('the impact report per day', () => {
  const rows = [
    row('2027-01-12', 'followup-nonphysician-mh', { moved: 4, kept: 1 }),
    row('2027-01-11', 'urgent-no-prior-auth', { referredOut: 2 }),
    row('2027-01-12', 'urgent-no-prior-auth', { moved: 1, unplaceable: 1 }),
  ];

  it('adds the standards of a day together, days in order', () => {
    expect(totalsByDay(rows)).toEqual([
      { day: '2027-01-11', kept: 0, moved: 0, referredOut: 2, unplaceable: 0 },
      { day: '2027-01-12', kept: 1, moved: 5, referredOut: 0, unplaceable: 1 },
    ]);
  });

  it('stacks one bar a day, each series its own result', () => {
    const option = dayChartOption(totalsByDay(rows)) as {
      xAxis: { data: string[] };
      series: { name: string; stack: string; data: number[] }[];
    };
    expect(option.xAxis.data).toEqual(['Mon, Jan 11', 'Tue, Jan 12']);
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['Moved', [0, 5]],
      ['Referred out', [2, 0]],
      ['Unplaceable', [0, 1]],
      ['Kept', [0, 1]],
    ]);
    expect(new Set(option.series.map((s) => s.stack))).toEqual(new Set(['day']));
  });
});
