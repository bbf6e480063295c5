/** The declare form's body: clinic days become half-open instants, empty values stay out. */
import { describe, expect, it } from 'vitest';
import { type DeclareFields, declareBody } from './declare-body.ts';

const FIELDS: DeclareFields = {
  name: '  NUHW strike, January ',
  kind: 'strike',
  firstDay: '2027-01-11',
  lastDay: '2027-02-07',
  scopeMode: 'filters',
  disciplines: ['psychologist', 'lcsw'],
  centerIds: [],
  union: 'members',
  clinicianIds: ['clin-00001'],
  participationPercent: '80',
};

describe('the body of POST /stoppages from the declare form', () => {
  it('runs from midnight of the first day to midnight after the last, clinic time (PST here)', () => {
    const body = declareBody(FIELDS);
    expect(body.startsAt).toBe('2027-01-11T08:00:00.000Z');
    expect(body.endsAt).toBe('2027-02-08T08:00:00.000Z');
    expect(body.name).toBe('NUHW strike, January');
    expect(body.participation).toBe(0.8);
  });

  it('follows daylight saving time: a July day starts at 07:00 UTC', () => {
    const body = declareBody({ ...FIELDS, firstDay: '2027-07-05', lastDay: '2027-07-05' });
    expect(body.startsAt).toBe('2027-07-05T07:00:00.000Z');
    expect(body.endsAt).toBe('2027-07-06T07:00:00.000Z');
  });

  it('sends the filters given, and no clinician list, when scoping by filters', () => {
    expect(declareBody(FIELDS).scope).toEqual({
      disciplines: ['psychologist', 'lcsw'],
      unionMember: true,
    });
    expect(declareBody({ ...FIELDS, union: 'non-members', disciplines: [] }).scope).toEqual({
      unionMember: false,
    });
  });

  it('sends only the named clinicians when naming them', () => {
    expect(declareBody({ ...FIELDS, scopeMode: 'named' }).scope).toEqual({
      clinicianIds: ['clin-00001'],
    });
  });

  it('leaves out what was not given, for the server to default or to name as missing', () => {
    const body = declareBody({ ...FIELDS, firstDay: '', lastDay: '', participationPercent: '' });
    expect(body).not.toHaveProperty('startsAt');
    expect(body).not.toHaveProperty('endsAt');
    expect(body).not.toHaveProperty('participation');
  });

  it('keeps a share of a third as typed, without binary noise', () => {
    expect(declareBody({ ...FIELDS, participationPercent: '33.3' }).participation).toBe(0.333);
  });
});
