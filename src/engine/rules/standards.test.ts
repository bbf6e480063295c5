/**
 * The standards table is data: it says what the law says (SPEC, "The law on waiting
 * times"), looks up by id, and refuses a malformed table supplied by a plan.
 */
import { describe, expect, it } from 'vitest';
import { TimelyError } from '../errors.ts';
import {
  CALIFORNIA_STANDARDS,
  californiaStandards,
  describeLimit,
  type Standard,
  StandardsTable,
} from './standards.ts';

describe('the California standards', () => {
  it('are the six limits of the Knox-Keene Act for behavioral health', () => {
    expect(
      CALIFORNIA_STANDARDS.map((s) => [s.id, describeLimit(s.limit), s.clockStartsAt, s.urgent]),
    ).toEqual([
      ['urgent-no-prior-auth', '48 hours', 'request', true],
      ['urgent-prior-auth', '96 hours', 'request', true],
      ['nonurgent-nonphysician-mh', '10 business days', 'request', false],
      ['nonurgent-psychiatry', '15 business days', 'request', false],
      ['followup-nonphysician-mh', '10 business days', 'prior-appointment', false],
      ['telephone-triage', '30 minutes', 'call', true],
    ]);
  });

  it('each cite the statute or regulation', () => {
    for (const s of CALIFORNIA_STANDARDS) expect(s.citation).toMatch(/1367\.03/);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(CALIFORNIA_STANDARDS)).toBe(true);
  });
});

describe('StandardsTable', () => {
  it('finds a standard by id', () => {
    expect(californiaStandards.get('telephone-triage').limit).toEqual({
      unit: 'minutes',
      amount: 30,
    });
    expect(californiaStandards.has('nope')).toBe(false);
  });

  it('names the field and lists the known ids for an unknown standard', () => {
    expect(() => californiaStandards.get('foo', '--standard')).toThrowError(
      expect.objectContaining({ code: 'STANDARD_UNKNOWN', path: '--standard' }),
    );
    expect(() => californiaStandards.get('foo', '--standard')).toThrowError(
      /^--standard: unknown standard "foo" \(known: urgent-no-prior-auth, .*telephone-triage\)$/,
    );
  });

  it('accepts another table in the same shape (another state, a plan’s stricter rules)', () => {
    const stricter: Standard = {
      ...CALIFORNIA_STANDARDS[0]!,
      id: 'urgent-24h',
      limit: { unit: 'hours', amount: 24 },
    };
    expect(new StandardsTable([stricter]).ids()).toEqual(['urgent-24h']);
  });

  it('refuses a duplicate id or a malformed limit', () => {
    const first = CALIFORNIA_STANDARDS[0]!;
    expect(() => new StandardsTable([first, first])).toThrow(TimelyError);
    const malformed = { ...first, limit: { unit: 'weeks', amount: 2 } } as unknown as Standard;
    expect(() => new StandardsTable([malformed])).toThrowError(
      expect.objectContaining({ code: 'FIELD_INVALID' }),
    );
  });
});

describe('describeLimit', () => {
  it.each([
    [{ unit: 'hours', amount: 48 } as const, '48 hours'],
    [{ unit: 'hours', amount: 1 } as const, '1 hour'],
    [{ unit: 'minutes', amount: 30 } as const, '30 minutes'],
    [{ unit: 'business-days', amount: 1 } as const, '1 business day'],
    [{ unit: 'business-days', amount: 15 } as const, '15 business days'],
  ])('%j reads "%s"', (limit, text) => {
    expect(describeLimit(limit)).toBe(text);
  });
});
