/** How the public status page writes its cells. */
import { describe, expect, it } from 'vitest';
import { cellText, weekLabel } from './public-status.ts';

const week = '2026-08-31';
const shown = { weekStart: week, suppressed: false as const, referred: 1, missed: 12 };

describe('cellText', () => {
  it('writes a shown cell as the share met in time, with its counts and the pending', () => {
    expect(
      cellText({ ...shown, requests: 40, met: 27, pending: 0, judged: 40, compliance: 27 / 40 }),
    ).toEqual({ main: '68%', detail: '27 of 40 in time' });
    expect(
      cellText({ ...shown, requests: 52, met: 27, pending: 12, judged: 40, compliance: 27 / 40 }),
    ).toEqual({ main: '68%', detail: '27 of 40 in time, 12 pending' });
  });

  it('says when no deadline has come yet, rather than a share of nothing', () => {
    expect(
      cellText({
        weekStart: week,
        suppressed: false,
        requests: 12,
        met: 0,
        referred: 0,
        missed: 0,
        pending: 12,
        judged: 0,
        compliance: null,
      }),
    ).toEqual({ main: 'none due yet', detail: '12 pending' });
  });

  it('writes a withheld cell as the API words it, with no figure', () => {
    expect(
      cellText({ weekStart: week, suppressed: true, reason: 'small', text: 'fewer than 11' }),
    ).toEqual({ main: 'fewer than 11', detail: '' });
    expect(
      cellText({
        weekStart: week,
        suppressed: true,
        reason: 'complementary',
        text: 'hidden so that a count under 11 cannot be worked out',
      }),
    ).toEqual({ main: 'hidden', detail: '' });
  });
});

describe('weekLabel', () => {
  it('writes a Monday as month and day', () => {
    expect(weekLabel('2026-08-31')).toBe('Aug 31');
  });
});
