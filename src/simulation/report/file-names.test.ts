import { describe, expect, it } from 'vitest';
import { distinctSlugs, fileSlug } from './file-names.ts';

describe('file names from scenario names', () => {
  it('keep letters, digits and dots, and turn the rest into dashes', () => {
    expect(fileSlug('Strike 4 weeks, 80%')).toBe('strike-4-weeks-80');
    expect(fileSlug('employer offer (6 h/week)')).toBe('employer-offer-6-h-week');
  });

  it('cannot climb out of the report directory or be empty', () => {
    expect(fileSlug('../../etc/passwd')).toBe('etc-passwd');
    expect(fileSlug('<script>')).toBe('script');
    expect(fileSlug('!!!')).toBe('scenario');
  });

  it('are made distinct when two names give the same slug', () => {
    expect(distinctSlugs(['Strike', 'strike', 'strike-2'])).toEqual([
      'strike',
      'strike-2',
      'strike-2-2',
    ]);
  });
});
