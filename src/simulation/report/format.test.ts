import { describe, expect, it } from 'vitest';
import { decimalsFor, formatNumber, formatPercent, formatSigned } from './format.ts';

describe('numbers as people read them', () => {
  it('group thousands with commas whatever the locale', () => {
    expect(formatNumber(1234567.891, 1)).toBe('1,234,567.9');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(-1234)).toBe('-1,234');
  });

  it('never print minus zero', () => {
    expect(formatNumber(-0.0001, 2)).toBe('0.00');
  });

  it('print shares as percentages', () => {
    expect(formatPercent(0.8734)).toBe('87.3%');
    expect(formatPercent(1, 0)).toBe('100%');
  });

  it('keep about three significant figures', () => {
    expect(decimalsFor(2.345)).toBe(2);
    expect(decimalsFor(23.45)).toBe(1);
    expect(decimalsFor(234.5)).toBe(0);
  });

  it('sign differences, leaving a difference that rounds to zero unsigned', () => {
    const render = (m: number): string => formatNumber(m, 1);
    expect(formatSigned(2.34, render)).toBe('+2.3');
    expect(formatSigned(-2.34, render)).toBe('-2.3');
    expect(formatSigned(-0.01, render)).toBe('0.0');
  });
});
