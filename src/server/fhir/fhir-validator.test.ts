/** The validator the FHIR suite relies on does refuse invalid resources (not vacuous). */
import { describe, expect, it } from 'vitest';
import { fhirIssues } from './fhir-validator.ts';

describe('fhirIssues', () => {
  it('accepts a valid resource and refuses invalid ones, inside a Bundle too', () => {
    expect(fhirIssues({ resourceType: 'Patient', id: 'p1', name: [{ text: 'A' }] })).toEqual([]);
    // Appointment.participant is 1..*; Appointment.status is required.
    expect(fhirIssues({ resourceType: 'Appointment', id: 'a1' })).not.toEqual([]);
    expect(fhirIssues({ resourceType: 'Patient', id: 'p1', nickname: 'x' })).not.toEqual([]);
    const bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [{ fullUrl: 'http://x/fhir/Slot/s1', resource: { resourceType: 'Slot', id: 's1' } }],
    };
    expect(fhirIssues(bundle).join('\n')).toMatch(/Slot\/s1/);
  });
});
