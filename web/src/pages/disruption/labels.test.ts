/** How a stoppage's days and standards read on the page. */
import { describe, expect, it } from 'vitest';
import { byStandardOrder, formatPeriod, stoppageDays } from './labels.ts';

describe('a stoppage’s days', () => {
  it('end on the last day the half-open period still holds, in clinic time', () => {
    // [Jan 11 00:00, Feb 8 00:00) Los Angeles: the last day is Feb 7.
    expect(stoppageDays('2027-01-11T08:00:00.000Z', '2027-02-08T08:00:00.000Z')).toEqual({
      first: '2027-01-11',
      last: '2027-02-07',
    });
    expect(formatPeriod('2027-01-11T08:00:00.000Z', '2027-02-08T08:00:00.000Z')).toBe(
      'Mon, Jan 11 – Sun, Feb 7',
    );
  });

  it('name one day once', () => {
    expect(formatPeriod('2027-01-11T08:00:00.000Z', '2027-01-12T08:00:00.000Z')).toBe(
      'Mon, Jan 11',
    );
  });
});

describe('the standards’ order', () => {
  it('puts urgent first, as the engine’s table does, and unknown ones last', () => {
    const standards = ['zzz-unknown', 'followup-nonphysician-mh', 'urgent-no-prior-auth'];
    expect([...standards].sort(byStandardOrder)).toEqual([
      'urgent-no-prior-auth',
      'followup-nonphysician-mh',
      'zzz-unknown',
    ]);
  });
});
