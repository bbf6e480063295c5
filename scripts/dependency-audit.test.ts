import { describe, expect, it } from 'vitest';
import { verdictOf } from './dependency-audit.ts';

describe('reading npm audit --json', () => {
  it('passes a report with only moderate and low advisories', () => {
    const report = {
      vulnerabilities: {
        'some-lib': { severity: 'moderate', via: [{ title: 'ReDoS' }] },
        other: { severity: 'low', via: ['some-lib'] },
      },
      metadata: { dependencies: { total: 412 } },
    };
    expect(verdictOf(JSON.stringify(report))).toEqual({
      kind: 'clean',
      dependencies: 412,
      lower: 2,
    });
  });

  it('names every high or critical advisory', () => {
    const report = {
      vulnerabilities: {
        'bad-lib': { severity: 'critical', via: [{ title: 'Prototype pollution' }] },
        parent: { severity: 'high', via: ['bad-lib'] },
        fine: { severity: 'low', via: [] },
      },
    };
    expect(verdictOf(JSON.stringify(report))).toEqual({
      kind: 'advisories',
      found: ['bad-lib (critical): Prototype pollution', 'parent (high)'],
    });
  });

  it('tells a refused audit endpoint from a clean report', () => {
    const refused = {
      message:
        '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      error: { summary: '', detail: '' },
    };
    expect(verdictOf(JSON.stringify(refused))).toEqual({
      kind: 'unavailable',
      why: refused.message,
    });
    expect(verdictOf('')).toMatchObject({ kind: 'unavailable' });
  });
});
