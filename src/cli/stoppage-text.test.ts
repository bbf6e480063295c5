/**
 * What `timely stoppage` prints for a person, from records built here: the tables, the
 * wall-clock times, and names that cannot reach the terminal as escape sequences.
 */
import { describe, expect, it } from 'vitest';
import type { ImpactReport, PlanSummary, StandardTotals, Stoppage } from '../disruption/model.ts';
import { impactCsv } from './stoppage-csv.ts';
import { executionProgressLine } from './stoppage-progress.ts';
import { endLines, listLines, reportLines, stoppageLines, summaryLines } from './stoppage-text.ts';

const ZONE = 'America/Los_Angeles';

const STOPPAGE: Stoppage = {
  id: 'st-1',
  name: 'NUHW strike\x1b[31m',
  kind: 'strike',
  status: 'draft',
  startsAt: Date.parse('2027-01-11T16:00:00Z'),
  endsAt: Date.parse('2027-02-08T16:00:00Z'),
  scope: { disciplines: ['psychologist'] },
  participation: 0.8,
  noticeAt: null,
  clinicians: { inScope: 40, participating: 32 },
  declaredAt: Date.parse('2027-01-01T16:00:00Z'),
  previewedAt: null,
  executedAt: null,
  endedAt: null,
  plan: { entries: 0, kept: 0, applied: 0 },
};

function totals(standard: string, affected: number, metAfter: number): StandardTotals {
  return {
    standard,
    affected,
    kept: 0,
    movedSameClinician: affected - 1,
    movedOtherClinician: 0,
    referredOut: 1,
    unplaceable: 0,
    metBefore: affected,
    metAfter,
    notMet: affected - metAfter,
  };
}

describe('the stoppage card and list', () => {
  it('shows the id, the clinic-time window and the clinician counts; control characters become ?', () => {
    const lines = stoppageLines(STOPPAGE, ZONE);
    expect(lines[0]).toBe('Stoppage    st-1');
    expect(lines).toContain('Name        NUHW strike?[31m');
    expect(lines).toContain('From        Mon 2027-01-11 08:00 -08:00');
    expect(lines).toContain('Clinicians  40 in scope, 32 stop work');
    expect(lines).toContain('Plan        not previewed');
  });

  it('lists one row per stoppage, or says there are none', () => {
    expect(listLines([], ZONE)).toEqual(['No stoppages declared (timely stoppage declare).']);
    const [header, row] = listLines([STOPPAGE], ZONE);
    expect(header).toMatch(/^Id +Name +Kind +Status +From +To +In scope +Stop work +Plan$/);
    expect(row).toMatch(
      /^st-1 +NUHW strike\?\[31m +strike +draft +2027-01-11 08:00 +2027-02-08 08:00 +40 +32 +0\/0$/,
    );
  });
});

describe('the end', () => {
  const result = {
    stoppage: { ...STOPPAGE, status: 'ended' as const },
    moveBack: { candidates: 0, moved: 0 },
  };

  it('says how many follow-ups went back when --move-back asked, even none', () => {
    expect(endLines(result, ZONE, true)).toContain(
      'Moved back to their own clinician: 0 of 0 follow-ups',
    );
    expect(endLines(result, ZONE, false).join('\n')).not.toMatch(/Moved back/);
  });
});

describe('the preview', () => {
  it('prints one row per standard and the total', () => {
    const summary: PlanSummary = {
      stoppageId: 'st-1',
      computedAt: 0,
      byStandard: [totals('urgent-no-prior-auth', 3, 3), totals('followup-nonphysician-mh', 10, 8)],
      totals: { ...totals('', 13, 11) },
      ms: 1234,
    };
    const lines = summaryLines(summary);
    expect(lines[0]).toMatch(
      /^Standard +Affected +Kept +Same clinician +Other clinician +Referred out +Unplaceable +Met before +Met after +Not met$/,
    );
    expect(lines[1]).toMatch(/^urgent-no-prior-auth +3 +0 +2 +0 +1 +0 +3 +3 +0$/);
    expect(lines[3]).toMatch(/^total +13 +0 +12 +0 +1 +0 +13 +11 +2$/);
    expect(lines.at(-1)).toBe('Plan computed in 1.2 s.');
  });
});

describe('the impact report', () => {
  const report: ImpactReport = {
    stoppage: { ...STOPPAGE, status: 'active' },
    rows: [
      {
        day: '2027-01-11',
        standard: 'followup-nonphysician-mh',
        affected: 10,
        kept: 0,
        moved: 9,
        referredOut: 1,
        unplaceable: 0,
        metBefore: 10,
        metAfter: 8,
        meanWaitDaysBefore: 4.25,
        meanWaitDaysAfter: null,
      },
    ],
    byStandard: [totals('followup-nonphysician-mh', 10, 8)],
    referrals: { count: 1, visitCost: 250, cost: 250 },
    movedBack: 0,
    prediction: {
      scenario: 'strike',
      attachedAt: 0,
      referralsOut: 3,
      unplaced: 0,
      standards: { 'followup-nonphysician-mh': { count: 500, compliance: 0.9 } },
    },
  };

  it('sets the totals, the cost of the referrals and the prediction side by side', () => {
    const lines = reportLines(report, ZONE);
    expect(lines[0]).toBe(
      'Stoppage st-1 "NUHW strike?[31m" (active), 2027-01-11 08:00 to 2027-02-08 08:00',
    );
    expect(lines).toContain('Referrals out: 1 × $250 = $250');
    expect(lines).toContainEqual(
      expect.stringMatching(/^followup-nonphysician-mh +90\.0% +80\.0% \(8 of 10\)$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^Referrals out +3 +1$/));
  });

  it('writes its rows as CSV under the JSON names, empty cells for no value', () => {
    expect(impactCsv(report.rows)).toBe(
      'day,standard,affected,kept,moved,referredOut,unplaceable,metBefore,metAfter,meanWaitDaysBefore,meanWaitDaysAfter\n' +
        '2027-01-11,followup-nonphysician-mh,10,0,9,1,0,10,8,4.25,\n',
    );
  });
});

describe('the execution bar', () => {
  it('fills with the share of entries applied', () => {
    expect(executionProgressLine(1200, 4000, 12_000)).toBe(
      'executing [#########.....................]  30%  1,200/4,000 entries  0:12',
    );
    expect(executionProgressLine(0, 0, 0)).toMatch(/\[#{30}\] 100% {2}0\/0 entries/);
  });
});
