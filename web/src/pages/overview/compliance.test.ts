import { describe, expect, it } from 'vitest';
import type { ComplianceByGroup, ComplianceRow } from '../../api/types.ts';
import { continuityByWeek, groupLines, summariesByStandard, sumOf } from './compliance.ts';
import { groupName, languageName, overviewPath } from './format.ts';

const row = (
  weekStart: string,
  standard: string,
  group: string,
  [met, referred, missed, pending]: readonly [number, number, number, number],
  [followups, continuityKept]: readonly [number, number] = [0, 0],
): ComplianceRow => {
  const judged = met + referred + missed;
  return {
    weekStart,
    standard,
    group,
    requests: judged + pending,
    met,
    referred,
    missed,
    pending,
    judged,
    compliance: judged ? met / judged : null,
    followups,
    continuityKept,
  };
};

const DATA: ComplianceByGroup = {
  timeZone: 'America/Los_Angeles',
  asOf: '2026-03-04T18:00:00Z',
  by: 'center',
  center: null,
  weeks: ['2026-02-23', '2026-03-02'],
  groups: [
    { id: 'n', name: 'North' },
    { id: 's', name: 'South' },
    { id: 'w', name: 'West' },
  ],
  rows: [
    row('2026-02-23', 'urgent', 'n', [3, 0, 1, 0]),
    row('2026-02-23', 'routine', 'n', [8, 1, 1, 0], [4, 3]),
    row('2026-02-23', 'routine', 's', [4, 0, 0, 0], [2, 2]),
    row('2026-03-02', 'routine', 'n', [1, 0, 0, 5], [1, 0]),
    row('2026-03-02', 'urgent', 's', [0, 0, 0, 2]),
  ],
};

describe('the overview compliance figures', () => {
  it('pools counts before dividing: a share of shares would weigh small groups up', () => {
    const pooled = sumOf(DATA.rows.filter((r) => r.standard === 'routine'));
    expect(pooled).toMatchObject({ met: 13, judged: 15, pending: 5, requests: 20 });
    expect(pooled.compliance).toBeCloseTo(13 / 15);
  });

  it('summarises each standard this week and over the window, in the given order', () => {
    const [urgent, routine] = summariesByStandard(DATA, ['urgent', 'routine']);
    expect(urgent?.standard).toBe('urgent');
    expect(urgent?.thisWeek).toMatchObject({ judged: 0, pending: 2, compliance: null });
    expect(urgent?.window).toMatchObject({ met: 3, judged: 4, compliance: 0.75 });
    expect(routine?.thisWeek).toMatchObject({ met: 1, judged: 1, compliance: 1 });
  });

  it('puts the network first, then each group with requests, a share per week', () => {
    const lines = groupLines(DATA, 'routine', 'Network');
    expect(lines.map((line) => line.name)).toEqual(['Network', 'North', 'South']);
    expect(lines[0]?.weeks.map((week) => week.compliance)).toEqual([12 / 14, 1]);
    expect(lines[2]?.weeks.map((week) => week.requests)).toEqual([4, 0]);
    expect(groupLines(DATA, 'none', 'Network')).toEqual([]);
  });

  it('adds the follow-ups kept with their clinician over the groups, week by week', () => {
    expect(continuityByWeek(DATA, null)).toEqual([
      { weekStart: '2026-02-23', followups: 6, kept: 5, share: 5 / 6 },
      { weekStart: '2026-03-02', followups: 1, kept: 0, share: 0 },
    ]);
    // A week without follow-ups has no share, not a share of zero.
    expect(continuityByWeek(DATA, 'urgent').map((week) => week.share)).toEqual([null, null]);
  });
});

describe('how the overview names its groups and links', () => {
  it('names disciplines, languages and request types; centers keep the name the API gives', () => {
    expect(groupName('lcsw', 'discipline')).toBe('Clinical social worker');
    expect(groupName('es', 'language')).toBe('Spanish');
    expect(groupName('zh', 'language')).toBe('Chinese');
    expect(groupName('urgent-intake', 'type')).toBe('Urgent intake');
    expect(groupName('followup', 'type')).toBe('Follow-up');
    expect(groupName('North Valley', 'center')).toBe('North Valley');
    // Not a language tag at all: shown as it came.
    expect(languageName('not a tag')).toBe('not a tag');
  });

  it('links to the whole network or to a center, its id escaped', () => {
    expect(overviewPath(null)).toBe('/app/overview');
    expect(overviewPath('north & co')).toBe('/app/overview?center=north%20%26%20co');
  });
});
