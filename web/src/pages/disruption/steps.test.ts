/** The wizard's steps follow the stoppage's status; the address keeps the step. */
import { describe, expect, it } from 'vitest';
import { hasStep, parseStep, stepFor, wizardHref } from './steps.ts';

describe('the disruption wizard’s steps', () => {
  it('opens a draft at its scope, or at its plan once previewed', () => {
    expect(stepFor('draft', null, false)).toBe('scope');
    expect(stepFor('draft', null, true)).toBe('preview');
  });

  it('has no execution or report for a draft: an address asking for one opens the usual step', () => {
    expect(hasStep('draft', 'progress')).toBe(false);
    expect(hasStep('draft', 'report')).toBe(false);
    expect(stepFor('draft', 'report', true)).toBe('preview');
  });

  it('watches an execution under way, and reports on an active or ended stoppage', () => {
    expect(stepFor('executing', null, true)).toBe('progress');
    expect(stepFor('active', null, true)).toBe('report');
    expect(stepFor('ended', null, true)).toBe('report');
    expect(stepFor('active', 'scope', true)).toBe('scope');
  });

  it('reads only known steps from the address', () => {
    expect(parseStep('preview')).toBe('preview');
    expect(parseStep('confirm')).toBeNull();
    expect(parseStep(null)).toBeNull();
  });

  it('writes the stoppage and the step into the address', () => {
    expect(wizardHref()).toBe('/app/disruption');
    expect(wizardHref('s 1', 'preview')).toBe('/app/disruption?stoppage=s+1&step=preview');
  });
});
