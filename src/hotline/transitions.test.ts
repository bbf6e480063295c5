/** The status flow open → investigating → resolved | closed, and its refusals, as a table. */
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, type CaseStatus, type ResolutionCode } from './case-codes.ts';
import { checkTransition, mayEdit, mayReopen, refusalMessage } from './transitions.ts';

describe('moving a case from one status to another', () => {
  const allowed: readonly [CaseStatus, CaseStatus][] = [
    ['open', 'investigating'],
    ['investigating', 'resolved'],
    ['investigating', 'closed'],
  ];
  const codeFor = (to: CaseStatus): ResolutionCode | undefined =>
    to === 'resolved' ? 'appointment-booked' : to === 'closed' ? 'withdrawn' : undefined;

  it('allows exactly the three moves of the flow, every other pair refused as not allowed', () => {
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        const check = checkTransition(from, to, codeFor(to));
        const expected = allowed.some(([f, t]) => f === from && t === to);
        expect({ from, to, ok: check.ok }).toEqual({ from, to, ok: expected });
        if (!check.ok) expect(check.refusal.kind).toBe('not-allowed');
      }
    }
  });

  it.each([
    ['investigating', 'resolved', undefined, 'code-missing'],
    ['investigating', 'closed', undefined, 'code-missing'],
    ['investigating', 'resolved', 'withdrawn', 'code-mismatch'],
    ['investigating', 'closed', 'appointment-booked', 'code-mismatch'],
    ['open', 'investigating', 'appointment-booked', 'code-mismatch'],
  ] as const)('%s → %s with code %s: %s', (from, to, code, kind) => {
    const check = checkTransition(from, to, code);
    expect(check.ok ? 'ok' : check.refusal.kind).toBe(kind);
  });

  it('keeps the code of a settled case', () => {
    expect(checkTransition('investigating', 'resolved', 'referred-out')).toEqual({
      ok: true,
      resolutionCode: 'referred-out',
    });
    expect(checkTransition('open', 'investigating', undefined)).toEqual({
      ok: true,
      resolutionCode: null,
    });
  });

  it('explains each refusal in words that name the way forward', () => {
    const message = (from: CaseStatus, to: CaseStatus, code?: ResolutionCode) => {
      const check = checkTransition(from, to, code);
      return check.ok ? '' : refusalMessage(check.refusal);
    };
    expect(message('resolved', 'closed', 'duplicate')).toBe(
      'the case is resolved: reopen it first',
    );
    expect(message('open', 'resolved', 'referred-out')).toBe(
      'a case that is open cannot become resolved; it can become investigating',
    );
    expect(message('open', 'open')).toBe('the case is already open');
    expect(message('investigating', 'closed')).toMatch(
      /^a closed case needs a resolution code: one of withdrawn, /,
    );
  });
});

describe('reopening and editing', () => {
  it('reopens only settled cases, and edits only unsettled ones', () => {
    expect(CASE_STATUSES.filter(mayReopen)).toEqual(['resolved', 'closed']);
    expect(CASE_STATUSES.filter(mayEdit)).toEqual(['open', 'investigating']);
  });
});
