/** The utilisation card's lines: sums of hours, then shares — never averages of shares. */
import { describe, expect, it } from 'vitest';
import {
  type UtilisationByGroup,
  type UtilisationRow,
  utilisationLines,
} from './utilisation-lines.ts';

function row(weekStart: string, group: string, figures: Partial<UtilisationRow>): UtilisationRow {
  return {
    weekStart,
    group,
    clinicians: 1,
    fte: 1,
    sessionHoursOffered: 0,
    sessionHoursBooked: 0,
    completedHours: 0,
    noShowHours: 0,
    utilisation: null,
    adminHoursPlanned: 0,
    adminHoursClosed: 0,
    adminHoursBooked: 0,
    adminHoursDelivered: 0,
    adminHoursPlannedPerFte: null,
    adminHoursDeliveredPerFte: null,
    ...figures,
  };
}

const ANSWER: UtilisationByGroup = {
  timeZone: 'America/Los_Angeles',
  asOf: '2026-11-25T12:00:00Z',
  by: 'center',
  center: null,
  weeks: ['2026-11-16', '2026-11-23'],
  contract: { name: 'offer', adminHoursPerFteWeek: 6, fteWeekdays: 5 },
  computed: [],
  groups: [
    { id: 'south', name: 'South Bay' },
    { id: 'north', name: 'North Valley' },
  ],
  rows: [
    // North: a small clinic, fully booked; South: a big one, a quarter booked.
    row('2026-11-16', 'north', {
      sessionHoursOffered: 10,
      sessionHoursBooked: 10,
      adminHoursPlanned: 6,
      adminHoursDelivered: 6,
    }),
    row('2026-11-16', 'south', {
      clinicians: 3,
      fte: 2.6,
      sessionHoursOffered: 30,
      sessionHoursBooked: 7.5,
      adminHoursPlanned: 15.6,
      adminHoursDelivered: 13,
    }),
    row('2026-11-23', 'south', {
      clinicians: 3,
      fte: 2.6,
      sessionHoursOffered: 20,
      sessionHoursBooked: 5,
      adminHoursPlanned: 15.6,
      adminHoursDelivered: 2.6,
    }),
  ],
};

describe('utilisation lines', () => {
  const lines = utilisationLines(ANSWER, 'Whole network');

  it('puts the network first, then the groups in the order given', () => {
    expect(lines.map((line) => line.name)).toEqual(['Whole network', 'South Bay', 'North Valley']);
  });

  it('divides summed hours: the network’s first week is 17.5 of 40 h, not the mean of 100% and 25%', () => {
    expect(lines[0]!.weeks[0]).toMatchObject({
      clinicians: 4,
      offered: 40,
      booked: 17.5,
      utilisation: 17.5 / 40,
    });
  });

  it('gives admin hours per FTE, over the window per FTE-week', () => {
    expect(lines[0]!.weeks[0]!.adminDeliveredPerFte).toBeCloseTo(19 / 3.6, 12);
    // South over both weeks: 15.6 of 31.2 h planned delivered, over 5.2 FTE-weeks.
    expect(lines[1]!.window.adminDeliveredPerFte).toBeCloseTo(15.6 / 5.2, 12);
    expect(lines[1]!.window.adminPlannedPerFte).toBeCloseTo(6, 12);
  });

  it('leaves a week without rows empty: no share, no FTE', () => {
    expect(lines[2]!.weeks[1]).toMatchObject({ offered: 0, utilisation: null, fte: 0 });
    expect(lines[2]!.weeks[1]!.adminDeliveredPerFte).toBeNull();
  });

  it('draws nothing when there are no rows', () => {
    expect(utilisationLines({ ...ANSWER, rows: [] }, 'Whole network')).toEqual([]);
  });
});
